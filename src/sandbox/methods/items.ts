import { fail, jsonArg, str } from '../args.js';
import { parseTs } from '../ids.js';
import type { Core } from '../posting.js';
import { apiMessage } from '../shapes.js';
import type { SandboxMessage } from '../types.js';
import { channelArg, type MethodContext, type MethodTable, requireBotMember } from './registry.js';

const emojiName = /^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/;
const maxDistinctEmoji = 50;
const maxReactionsPerPerson = 23;

function targetMessage(ctx: MethodContext): SandboxMessage {
  const channel = channelArg(ctx);
  const ts = str(ctx.args, 'timestamp') ?? '';
  if (parseTs(ts) === undefined) fail('bad_timestamp');
  const message = ctx.ws.findMessage(channel.id, ts);
  if (!message) fail('message_not_found');
  return message;
}

/** Shared by reactions.add and the driver; answers the Slack error code or undefined. */
export function addReaction(
  core: Core,
  m: SandboxMessage,
  userId: string,
  name: string,
): string | undefined {
  const channel = core.ws.requireChannel(m.channelId);
  if (channel.isArchived) return 'is_archived';
  if (!emojiName.test(name)) return 'invalid_name';
  const existing = m.reactions.find((r) => r.name === name);
  if (existing?.users.includes(userId)) return 'already_reacted';
  if (!existing && m.reactions.length >= maxDistinctEmoji) return 'too_many_emoji';
  const byUser = m.reactions.filter((r) => r.users.includes(userId)).length;
  if (byUser >= maxReactionsPerPerson) return 'too_many_reactions';
  if (existing) existing.users.push(userId);
  else m.reactions.push({ name, users: [userId] });
  emitReaction(core, 'reaction_added', m, userId, name);
  return undefined;
}

export function removeReaction(
  core: Core,
  m: SandboxMessage,
  userId: string,
  name: string,
): string | undefined {
  const existing = m.reactions.find((r) => r.name === name && r.users.includes(userId));
  if (!existing) return 'no_reaction';
  existing.users = existing.users.filter((u) => u !== userId);
  if (existing.users.length === 0) m.reactions = m.reactions.filter((r) => r !== existing);
  emitReaction(core, 'reaction_removed', m, userId, name);
  return undefined;
}

function emitReaction(
  core: Core,
  type: string,
  m: SandboxMessage,
  userId: string,
  name: string,
): void {
  const channel = core.ws.requireChannel(m.channelId);
  const event = {
    type,
    user: userId,
    reaction: name,
    item_user: m.user ?? '',
    item: { type: 'message', channel: m.channelId, ts: m.ts },
    event_ts: core.ws.ids.actionTs(),
  };
  void core.link.emitEvent(event, channel);
}

function setPinned(ctx: MethodContext, isPinned: boolean) {
  const channel = channelArg(ctx);
  if (!str(ctx.args, 'timestamp')) fail('no_item_specified');
  requireBotMember(ctx, channel);
  const message = targetMessage(ctx);
  if (isPinned && message.pinned) fail('already_pinned');
  if (!isPinned && !message.pinned) fail('no_pin');
  message.pinned = isPinned;
  const bot = ctx.ws.bot.userId;
  const eventTs = ctx.ws.ids.actionTs();
  const event = {
    type: isPinned ? 'pin_added' : 'pin_removed',
    user: bot,
    channel_id: channel.id,
    item: {
      type: 'message',
      created: ctx.ws.nowSeconds(),
      created_by: bot,
      channel: channel.id,
      message: apiMessage(ctx.ws, message),
    },
    item_user: message.user ?? '',
    pin_count: ctx.ws.messages(channel.id).filter((m) => m.pinned && !m.deleted).length,
    pinned_info: { channel: channel.id, pinned_by: bot, pinned_ts: ctx.ws.nowSeconds() },
    event_ts: eventTs,
  };
  void ctx.link.emitEvent(event, channel);
  return {};
}

function addBookmark(ctx: MethodContext) {
  const channel = channelArg(ctx, 'channel_id');
  if (str(ctx.args, 'type') !== 'link') fail('invalid_bookmark_type');
  const link = str(ctx.args, 'link') ?? '';
  if (!/^https?:\/\/\S+$/.test(link)) fail('invalid_link');
  const emoji = str(ctx.args, 'emoji');
  if (emoji !== undefined && !/^:[a-z0-9_+'-]+:$/.test(emoji)) fail('invalid_emoji');
  if (!ctx.ws.isBotMember(channel)) fail('permission_denied');
  const title = str(ctx.args, 'title') ?? '';
  const bookmark = {
    id: ctx.ws.ids.bookmark(),
    title,
    link,
    emoji,
    type: 'link',
    createdAt: ctx.ws.nowSeconds(),
  };
  channel.bookmarks.push(bookmark);
  return {
    bookmark: {
      id: bookmark.id,
      channel_id: channel.id,
      title,
      link,
      emoji: emoji ?? '',
      icon_url: null,
      type: 'link',
      entity_id: null,
      date_created: bookmark.createdAt,
      date_updated: 0,
      rank: String.fromCharCode(96 + channel.bookmarks.length),
      last_updated_by_user_id: ctx.ws.bot.userId,
      last_updated_by_team_id: ctx.ws.team.id,
      shortcut_id: null,
      app_id: ctx.ws.bot.appId,
    },
  };
}

function createCanvas(ctx: MethodContext) {
  const content = jsonArg(ctx.args, 'document_content');
  if (content.present && !content.ok) fail('canvas_creation_failed');
  const doc = content.present && content.ok ? (content.value as Record<string, unknown>) : {};
  if (content.present && doc.type !== 'markdown') fail('canvas_creation_failed');
  const channelId = str(ctx.args, 'channel_id');
  if (channelId && !ctx.ws.channelsById.get(channelId)) fail('canvas_creation_failed');
  const id = ctx.ws.ids.file();
  const markdown = typeof doc.markdown === 'string' ? doc.markdown : '';
  ctx.ws.canvases.set(id, { id, title: str(ctx.args, 'title') ?? 'Untitled', markdown });
  return { canvas_id: id };
}

/** reactions.add and reactions.remove take the same arguments and differ only in the change. */
function reactionMethod(change: typeof addReaction): MethodTable[string] {
  return {
    scopes: ['reactions:write'],
    required: {
      channel: 'no_item_specified',
      timestamp: 'no_item_specified',
      name: 'invalid_name',
    },
    handle: (ctx) => {
      const error = change(ctx, targetMessage(ctx), ctx.ws.bot.userId, str(ctx.args, 'name') ?? '');
      if (error) fail(error);
      return {};
    },
  };
}

export const itemMethods: MethodTable = {
  'reactions.add': reactionMethod(addReaction),
  'reactions.remove': reactionMethod(removeReaction),
  'pins.add': {
    scopes: ['pins:write'],
    required: { channel: 'channel_not_found' },
    handle: (ctx) => setPinned(ctx, true),
  },
  'pins.remove': {
    scopes: ['pins:write'],
    required: { channel: 'channel_not_found' },
    handle: (ctx) => setPinned(ctx, false),
  },
  'bookmarks.add': {
    scopes: ['bookmarks:write'],
    required: {
      channel_id: 'channel_not_found',
      title: 'invalid_arguments',
      type: 'invalid_bookmark_type',
    },
    handle: addBookmark,
  },
  'canvases.create': { scopes: ['canvases:write'], handle: createCanvas },
};
