import { bool, decodeCursor, fail, int, page, str } from '../args.js';
import { apiUser } from '../shapes.js';
import type { SandboxUser, SandboxUsergroup } from '../types.js';
import type { MethodContext, MethodTable } from './registry.js';

/** Emails are only shown to tokens holding users:read.email. */
function shownUser(ctx: MethodContext, user: SandboxUser): Record<string, unknown> {
  const shown = apiUser(user, ctx.ws);
  if (!ctx.scopes.has('users:read.email')) {
    const { email: _email, ...profile } = shown.profile as Record<string, unknown>;
    shown.profile = profile;
  }
  return shown;
}

function info(ctx: MethodContext) {
  const user = ctx.ws.users.get(str(ctx.args, 'user') ?? '');
  if (!user) fail('user_not_found');
  return { user: shownUser(ctx, user) };
}

function list(ctx: MethodContext) {
  const limit = int(ctx.args, 'limit');
  const users = [...ctx.ws.users.values()];
  const size = !limit || Number.isNaN(limit) || limit < 1 ? users.length : limit;
  const { items, nextCursor } = page(users, decodeCursor(ctx.args), size);
  return {
    members: items.map((u) => shownUser(ctx, u)),
    cache_ts: ctx.ws.nowSeconds(),
    response_metadata: { next_cursor: nextCursor },
  };
}

/** Scoped to the workspace: people from Slack Connect partners are not found by email. */
function lookupByEmail(ctx: MethodContext) {
  const email = (str(ctx.args, 'email') ?? '').toLowerCase();
  const user = [...ctx.ws.users.values()].find(
    (u) => !u.external && u.email?.toLowerCase() === email,
  );
  if (!user) fail('users_not_found');
  return { user: shownUser(ctx, user) };
}

function apiUsergroup(ctx: MethodContext, g: SandboxUsergroup): Record<string, unknown> {
  const { ws } = ctx;
  const out: Record<string, unknown> = {
    id: g.id,
    team_id: ws.team.id,
    is_usergroup: true,
    is_subteam: true,
    name: g.name,
    description: '',
    handle: g.handle,
    is_external: false,
    date_create: 1715000000,
    date_update: 1715000000,
    date_delete: 0,
    auto_type: null,
    auto_provision: false,
    enterprise_subteam_id: '',
    created_by: ws.bot.userId,
    updated_by: ws.bot.userId,
    deleted_by: null,
    prefs: { channels: [], groups: [] },
  };
  if (bool(ctx.args, 'include_users')) out.users = [...g.userIds];
  if (bool(ctx.args, 'include_count')) out.user_count = g.userIds.length;
  return out;
}

function usergroupUsers(ctx: MethodContext) {
  const group = ctx.ws.usergroups.get(str(ctx.args, 'usergroup') ?? '');
  if (!group) fail('no_such_subteam');
  const includeDisabled = bool(ctx.args, 'include_disabled');
  const users = group.userIds.filter((id) => includeDisabled || !ctx.ws.users.get(id)?.deleted);
  return { users };
}

function authTest(ctx: MethodContext) {
  const { team, bot } = ctx.ws;
  return {
    url: `https://${team.domain}.slack.com/`,
    team: team.name,
    user: bot.name,
    team_id: team.id,
    user_id: bot.userId,
    bot_id: bot.botId,
    is_enterprise_install: false,
  };
}

export const userMethods: MethodTable = {
  'users.info': { scopes: ['users:read'], required: { user: 'user_not_found' }, handle: info },
  'users.list': { scopes: ['users:read'], handle: list },
  'users.lookupByEmail': {
    scopes: ['users:read.email'],
    required: { email: 'users_not_found' },
    handle: lookupByEmail,
  },
  'usergroups.list': {
    scopes: ['usergroups:read'],
    handle: (ctx) => ({
      usergroups: [...ctx.ws.usergroups.values()].map((g) => apiUsergroup(ctx, g)),
    }),
  },
  'usergroups.users.list': {
    scopes: ['usergroups:read'],
    required: { usergroup: 'no_such_subteam' },
    handle: usergroupUsers,
  },
  'auth.test': { handle: authTest },
};
