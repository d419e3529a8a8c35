import { bool, fail, idList, SlackApiError, str } from '../args.js';
import { addMember, postSystem } from '../posting.js';
import { apiChannel } from '../shapes.js';
import type { Workspace } from '../state.js';
import type { SandboxChannel } from '../types.js';
import {
  channelArg,
  channelScopes,
  type MethodContext,
  type MethodTable,
  manageScopes,
  requireBotMember,
} from './registry.js';

const maxNameLength = 80;
const maxTopicLength = 250;

/** Slack's channel-name rules, in the order it reports them; archived channels keep their names. */
export function checkChannelName(ws: Workspace, name: string, exceptId?: string): void {
  if (name === '') fail('invalid_name_required');
  if (name.length > maxNameLength) fail('invalid_name_maxlength');
  if (!/^[a-z0-9_-]+$/.test(name)) fail('invalid_name_specials');
  if (/^[-_]+$/.test(name)) fail('invalid_name_punctuation');
  const taken = [...ws.channelsById.values()].some(
    (c) => !c.isIm && c.name === name && c.id !== exceptId,
  );
  if (taken) fail('name_taken');
}

function writableChannel(ctx: MethodContext): SandboxChannel {
  const channel = channelArg(ctx);
  if (channel.isIm) fail('method_not_supported_for_channel_type');
  if (channel.isArchived) fail('is_archived');
  requireBotMember(ctx, channel);
  return channel;
}

function create(ctx: MethodContext) {
  const name = str(ctx.args, 'name') ?? '';
  checkChannelName(ctx.ws, name);
  const bot = ctx.ws.bot.userId;
  const isPrivate = bool(ctx.args, 'is_private');
  const channel = ctx.ws.addChannel({ name, isPrivate, botIsMember: true, creator: bot });
  postSystem(ctx, channel, bot, 'channel_join', `<@${bot}> has joined the channel`);
  return { channel: apiChannel(ctx.ws, channel) };
}

function inviteError(
  ctx: MethodContext,
  channel: SandboxChannel,
  userId: string,
): string | undefined {
  const user = ctx.ws.users.get(userId);
  if (!user) return 'user_not_found';
  if (userId === ctx.ws.bot.userId) return 'cant_invite_self';
  if (ctx.ws.isMember(channel, userId)) return 'already_in_channel';
  // Deactivated people and other organisations' people cannot be added by a bot's invite.
  if (user.deleted || user.external) return 'cant_invite';
  return undefined;
}

function invite(ctx: MethodContext) {
  const channel = channelArg(ctx);
  const userIds = idList(ctx.args, 'users');
  if (userIds.length === 0) fail('no_user');
  if (channel.isIm) fail('method_not_supported_for_channel_type');
  if (channel.isArchived) fail('is_archived');
  requireBotMember(ctx, channel);
  const errors = userIds
    .map((user) => ({ user, error: inviteError(ctx, channel, user) }))
    .filter((e): e is { user: string; error: string } => e.error !== undefined);
  const valid = userIds.filter((id) => !errors.some((e) => e.user === id));
  if (errors.length > 0 && (!bool(ctx.args, 'force') || valid.length === 0)) {
    const first = errors[0]!;
    const detail = errors.map((e) => ({ user: e.user, ok: false, error: e.error }));
    throw new SlackApiError(first.error, { errors: detail });
  }
  for (const id of new Set(valid)) addMember(ctx, channel, id, ctx.ws.bot.userId);
  const extra = errors.length > 0 ? { errors: errors.map((e) => ({ ...e, ok: false })) } : {};
  return { channel: apiChannel(ctx.ws, channel), ...extra };
}

function archive(ctx: MethodContext) {
  const channel = channelArg(ctx);
  if (channel.isIm) fail('method_not_supported_for_channel_type');
  if (channel.isGeneral) fail('cant_archive_general');
  if (channel.isArchived) fail('already_archived');
  requireBotMember(ctx, channel);
  const bot = ctx.ws.bot.userId;
  const message = postSystem(ctx, channel, bot, 'channel_archive', 'archived the channel');
  channel.isArchived = true;
  const event = {
    type: 'channel_archive',
    channel: channel.id,
    user: bot,
    is_moved: 0,
    event_ts: message.ts,
  };
  void ctx.link.emitEvent(event, channel);
  return {};
}

function unarchive(ctx: MethodContext) {
  const channel = channelArg(ctx);
  if (channel.isIm) fail('method_not_supported_for_channel_type');
  if (!channel.isArchived) fail('not_archived');
  channel.isArchived = false;
  const bot = ctx.ws.bot.userId;
  const message = postSystem(ctx, channel, bot, 'channel_unarchive', 'un-archived the channel');
  const event = { type: 'channel_unarchive', channel: channel.id, user: bot, event_ts: message.ts };
  void ctx.link.emitEvent(event, channel);
  return {};
}

function rename(ctx: MethodContext) {
  const channel = writableChannel(ctx);
  const name = str(ctx.args, 'name') ?? '';
  checkChannelName(ctx.ws, name, channel.id);
  const oldName = channel.name;
  if (oldName === name) return { channel: apiChannel(ctx.ws, channel) };
  channel.previousNames.unshift(oldName);
  channel.name = name;
  const text = `renamed the channel from "${oldName}" to "${name}"`;
  const message = postSystem(ctx, channel, ctx.ws.bot.userId, 'channel_name', text, {
    old_name: oldName,
    name,
  });
  const event = {
    type: 'channel_rename',
    channel: { id: channel.id, name, name_normalized: name, created: channel.createdAt },
    event_ts: message.ts,
  };
  void ctx.link.emitEvent(event, channel);
  return { channel: apiChannel(ctx.ws, channel) };
}

function setText(kind: 'topic' | 'purpose') {
  return (ctx: MethodContext) => {
    const value = str(ctx.args, kind);
    if (value === undefined) fail('invalid_arguments', [`[ERROR] missing required field: ${kind}`]);
    const channel = writableChannel(ctx);
    if ([...value].length > maxTopicLength) fail('too_long');
    const bot = ctx.ws.bot.userId;
    channel[kind] = { value, creator: bot, lastSetAt: ctx.ws.nowSeconds() };
    const label = kind === 'topic' ? 'channel topic' : 'channel description';
    const text = value === '' ? `cleared the ${label}` : `set the ${label}: ${value}`;
    postSystem(ctx, channel, bot, `channel_${kind}`, text, { [kind]: value });
    return { channel: apiChannel(ctx.ws, channel) };
  };
}

const topicScopes = channelScopes({
  public: ['channels:manage', 'channels:write.topic'],
  private: ['groups:write', 'groups:write.topic'],
  im: ['im:write', 'im:write.topic'],
});

export const conversationManageMethods: MethodTable = {
  'conversations.create': {
    scopes: (ctx) => (bool(ctx.args, 'is_private') ? ['groups:write'] : manageScopes.public),
    required: { name: 'invalid_name_required' },
    handle: create,
  },
  'conversations.invite': {
    scopes: channelScopes({
      public: ['channels:manage', 'channels:write.invites'],
      private: ['groups:write', 'groups:write.invites'],
      im: ['im:write'],
    }),
    required: { channel: 'channel_not_found', users: 'no_user' },
    handle: invite,
  },
  'conversations.archive': {
    scopes: channelScopes(manageScopes),
    required: { channel: 'channel_not_found' },
    handle: archive,
  },
  'conversations.unarchive': {
    scopes: channelScopes(manageScopes),
    required: { channel: 'channel_not_found' },
    handle: unarchive,
  },
  'conversations.rename': {
    scopes: channelScopes(manageScopes),
    required: { channel: 'channel_not_found', name: 'invalid_name_required' },
    handle: rename,
  },
  'conversations.setTopic': {
    scopes: topicScopes,
    required: { channel: 'channel_not_found' },
    handle: setText('topic'),
  },
  'conversations.setPurpose': {
    scopes: topicScopes,
    required: { channel: 'channel_not_found' },
    handle: setText('purpose'),
  },
};
