import { type Args, bool, decodeCursor, fail, int, page, str } from '../args.js';
import { parseTs } from '../ids.js';
import { addMember } from '../posting.js';
import { apiChannel, apiMessage } from '../shapes.js';
import type { Workspace } from '../state.js';
import type { SandboxMessage } from '../types.js';
import {
  channelArg,
  channelScopes,
  historyScopes,
  type MethodContext,
  type MethodTable,
  readScopes,
  requireBotMember,
} from './registry.js';

interface Range {
  oldest: number;
  latest: number;
  isInclusive: boolean;
}

function rangeArgs(args: Args): Range {
  const parse = (key: string, error: string, fallback: number) => {
    const raw = str(args, key);
    if (raw === undefined || raw === '') return fallback;
    const micros = parseTs(raw);
    if (micros === undefined) fail(error);
    return micros;
  };
  return {
    oldest: parse('oldest', 'invalid_ts_oldest', 0),
    latest: parse('latest', 'invalid_ts_latest', Number.POSITIVE_INFINITY),
    isInclusive: bool(args, 'inclusive'),
  };
}

function inRange(ts: string, r: Range): boolean {
  const t = parseTs(ts)!;
  return r.isInclusive ? t >= r.oldest && t <= r.latest : t > r.oldest && t < r.latest;
}

function limitArg(args: Args, fallback: number, max: number): number {
  const limit = int(args, 'limit');
  if (limit === undefined || Number.isNaN(limit) || limit < 1) return fallback;
  return Math.min(limit, max);
}

/** A deleted thread parent stays in history as a tombstone while it still has replies. */
function historyView(ws: Workspace, m: SandboxMessage): Record<string, unknown> {
  if (!m.deleted) return apiMessage(ws, m);
  const { user: _user, blocks: _blocks, ...rest } = apiMessage(ws, m);
  return {
    ...rest,
    subtype: 'tombstone',
    user: 'USLACKBOT',
    text: 'This message was deleted.',
    hidden: true,
  };
}

function isInHistory(ws: Workspace, m: SandboxMessage): boolean {
  if (m.ephemeralFor) return false;
  const isTopLevel = !m.threadTs || m.threadTs === m.ts || m.subtype === 'thread_broadcast';
  if (!isTopLevel) return false;
  return !m.deleted || (m.threadTs === m.ts && ws.replies(m.channelId, m.ts).length > 0);
}

function history(ctx: MethodContext) {
  const channel = channelArg(ctx);
  requireBotMember(ctx, channel);
  const range = rangeArgs(ctx.args);
  const offset = decodeCursor(ctx.args);
  const limit = limitArg(ctx.args, 100, 999);
  const messages = ctx.ws
    .messages(channel.id)
    .filter((m) => isInHistory(ctx.ws, m) && inRange(m.ts, range))
    .reverse();
  const { items, nextCursor } = page(messages, offset, limit);
  return {
    messages: items.map((m) => historyView(ctx.ws, m)),
    has_more: nextCursor !== '',
    pin_count: ctx.ws.messages(channel.id).filter((m) => m.pinned && !m.deleted).length,
    channel_actions_ts: null,
    channel_actions_count: 0,
    response_metadata: { next_cursor: nextCursor },
  };
}

function replies(ctx: MethodContext) {
  const channel = channelArg(ctx);
  if (!ctx.ws.isBotMember(channel)) fail('channel_not_found');
  const ts = str(ctx.args, 'ts') ?? '';
  const target = ctx.ws.messages(channel.id).find((m) => m.ts === ts && !m.ephemeralFor);
  const parentTs = target?.threadTs ?? target?.ts;
  const parent = parentTs ? ctx.ws.messages(channel.id).find((m) => m.ts === parentTs) : undefined;
  if (!parent || (parent.deleted && ctx.ws.replies(channel.id, parent.ts).length === 0)) {
    fail('thread_not_found');
  }
  const range = rangeArgs(ctx.args);
  const offset = decodeCursor(ctx.args);
  const limit = limitArg(ctx.args, 1000, 1000);
  const thread = ctx.ws.replies(channel.id, parent.ts).filter((m) => inRange(m.ts, range));
  const { items, nextCursor } = page([parent, ...thread], offset, limit);
  return {
    messages: items.map((m) => historyView(ctx.ws, m)),
    has_more: nextCursor !== '',
    response_metadata: { next_cursor: nextCursor },
  };
}

function list(ctx: MethodContext) {
  const types = new Set(
    (str(ctx.args, 'types') ?? 'public_channel').split(',').map((t) => t.trim()),
  );
  const excludeArchived = bool(ctx.args, 'exclude_archived');
  const offset = decodeCursor(ctx.args);
  const limit = limitArg(ctx.args, 100, 1000);
  const channels = [...ctx.ws.channelsById.values()].filter((c) => {
    if (excludeArchived && c.isArchived) return false;
    if (c.isIm) return types.has('im');
    if (!c.isPrivate) return types.has('public_channel');
    return types.has('private_channel') && ctx.ws.isBotMember(c);
  });
  const { items, nextCursor } = page(channels, offset, limit);
  return {
    channels: items.map((c) => apiChannel(ctx.ws, c)),
    response_metadata: { next_cursor: nextCursor },
  };
}

function listScopes(ctx: MethodContext): string[] {
  const types = (str(ctx.args, 'types') ?? 'public_channel').split(',');
  if (types.includes('private_channel') && !ctx.scopes.has('groups:read')) return ['groups:read'];
  if (types.includes('im') && !ctx.scopes.has('im:read')) return ['im:read'];
  return ['channels:read', 'groups:read', 'im:read'];
}

function members(ctx: MethodContext) {
  const channel = channelArg(ctx);
  const limit = int(ctx.args, 'limit');
  if (limit !== undefined && (Number.isNaN(limit) || limit < 1 || limit > 1000))
    fail('invalid_limit');
  const { items, nextCursor } = page(channel.memberIds, decodeCursor(ctx.args), limit ?? 100);
  return { members: items, response_metadata: { next_cursor: nextCursor } };
}

function join(ctx: MethodContext) {
  const channel = channelArg(ctx);
  if (channel.isPrivate || channel.isIm) fail('method_not_supported_for_channel_type');
  if (channel.isArchived) fail('is_archived');
  if (ctx.ws.isBotMember(channel)) {
    const warning = 'already_in_channel';
    return {
      channel: apiChannel(ctx.ws, channel),
      warning,
      response_metadata: { warnings: [warning] },
    };
  }
  addMember(ctx, channel, ctx.ws.bot.userId);
  return { channel: apiChannel(ctx.ws, channel) };
}

export const conversationReadMethods: MethodTable = {
  'conversations.history': {
    scopes: channelScopes(historyScopes),
    required: { channel: 'channel_not_found' },
    handle: history,
  },
  'conversations.replies': {
    scopes: channelScopes(historyScopes),
    required: { channel: 'channel_not_found', ts: 'thread_not_found' },
    handle: replies,
  },
  'conversations.info': {
    scopes: channelScopes(readScopes),
    required: { channel: 'channel_not_found' },
    handle: (ctx) => ({
      channel: apiChannel(ctx.ws, channelArg(ctx), {
        numMembers: bool(ctx.args, 'include_num_members'),
      }),
    }),
  },
  'conversations.list': { scopes: listScopes, handle: list },
  'conversations.members': {
    scopes: channelScopes(readScopes),
    required: { channel: 'channel_not_found' },
    handle: members,
  },
  'conversations.join': {
    scopes: ['channels:join'],
    required: { channel: 'channel_not_found' },
    handle: join,
  },
};
