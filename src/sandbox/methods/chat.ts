import { bool, fail, int, jsonArg, str } from '../args.js';
import { emitChanged, postAsBot, removeMessage, snapshot } from '../posting.js';
import { apiMessage } from '../shapes.js';
import type { SandboxChannel, SandboxMessage } from '../types.js';
import { permalink, readContent, resolveThreadTs, truncationWarning } from './message-content.js';
import { channelArg, type MethodContext, type MethodTable } from './registry.js';

/** chat.* accept a channel id, a #name, or a user id (the app's DM with that person). */
function postChannel(ctx: MethodContext): SandboxChannel {
  const id = str(ctx.args, 'channel') ?? '';
  const user = id.startsWith('U') || id.startsWith('W') ? ctx.ws.users.get(id) : undefined;
  if (user && !user.isBot) return ctx.ws.imWith(user.id);
  const channel = channelArg(ctx, 'channel', true);
  if (channel.isArchived) fail('is_archived');
  const canPostPublic = !channel.isPrivate && ctx.scopes.has('chat:write.public');
  if (!ctx.ws.isBotMember(channel) && !canPostPublic) fail('not_in_channel');
  return channel;
}

function ownMessage(ctx: MethodContext, deniedError: string): SandboxMessage {
  const channel = channelArg(ctx, 'channel', true);
  const ts = str(ctx.args, 'ts') ?? '';
  const message = ctx.ws.findMessage(channel.id, ts);
  if (!message) fail('message_not_found');
  if (message.botId !== ctx.ws.bot.botId) fail(deniedError);
  return message;
}

function withoutChannel(message: Record<string, unknown>): Record<string, unknown> {
  const { channel: _channel, ...rest } = message;
  return rest;
}

function postMessage(ctx: MethodContext) {
  const channel = postChannel(ctx);
  const content = readContent(ctx);
  if (!content.hasContent) fail('no_text');
  const metadata = jsonArg(ctx.args, 'metadata');
  if (metadata.present && !metadata.ok) fail('invalid_metadata_format');
  // An unknown thread_ts does not fail: Slack posts the message at the top level instead.
  const threadTs = resolveThreadTs(ctx.ws, channel.id, str(ctx.args, 'thread_ts'));
  const message = postAsBot(ctx, channel, {
    text: content.text,
    blocks: content.blocks,
    attachments: content.attachments,
    threadTs,
    isBroadcast: bool(ctx.args, 'reply_broadcast'),
    metadata: metadata.present && metadata.ok ? metadata.value : undefined,
  });
  return {
    channel: channel.id,
    ts: message.ts,
    message: withoutChannel(apiMessage(ctx.ws, message)),
    ...truncationWarning(content),
  };
}

function postEphemeral(ctx: MethodContext) {
  const channel = postChannel(ctx);
  const userId = str(ctx.args, 'user') ?? '';
  if (!ctx.ws.isMember(channel, userId)) fail('user_not_in_channel');
  const content = readContent(ctx);
  if (!content.hasContent) fail('no_text');
  const threadTs = resolveThreadTs(ctx.ws, channel.id, str(ctx.args, 'thread_ts'));
  const message = postAsBot(ctx, channel, {
    text: content.text,
    blocks: content.blocks,
    attachments: content.attachments,
    threadTs,
    ephemeralFor: userId,
  });
  return { message_ts: message.ts, ...truncationWarning(content) };
}

function update(ctx: MethodContext) {
  const message = ownMessage(ctx, 'cant_update_message');
  const channel = ctx.ws.requireChannel(message.channelId);
  if (channel.isArchived) fail('is_inactive');
  const content = readContent(ctx);
  if (!content.hasContent) fail('no_text');
  if (content.isTruncated) fail('msg_too_long');
  const before = snapshot(message);
  message.text = content.text;
  // Blocks are replaced (and dropped when absent); attachments stay unless new ones are sent.
  if (content.blocks) message.blocks = content.blocks;
  else delete message.blocks;
  if (content.attachments) message.attachments = content.attachments;
  message.edited = { user: ctx.ws.bot.userId, ts: ctx.ws.ids.messageTs() };
  emitChanged(ctx, before, message);
  const shown = withoutChannel(apiMessage(ctx.ws, message));
  return { channel: channel.id, ts: message.ts, text: message.text, message: shown };
}

function remove(ctx: MethodContext) {
  const message = ownMessage(ctx, 'cant_delete_message');
  removeMessage(ctx, message);
  return { channel: message.channelId, ts: message.ts };
}

function getPermalink(ctx: MethodContext) {
  const channel = channelArg(ctx);
  const ts = str(ctx.args, 'message_ts') ?? '';
  const message = ctx.ws.findMessage(channel.id, ts);
  if (!message) fail('message_not_found');
  return { channel: channel.id, permalink: permalink(ctx.ws, channel.id, ts, message.threadTs) };
}

const maxScheduleDays = 120;

function scheduleMessage(ctx: MethodContext) {
  const postAt = int(ctx.args, 'post_at');
  if (postAt === undefined || Number.isNaN(postAt)) fail('invalid_time');
  const now = ctx.ws.nowSeconds();
  if (postAt <= now) fail('time_in_past');
  if (postAt > now + maxScheduleDays * 86_400) fail('time_too_far');
  const channel = postChannel(ctx);
  const content = readContent(ctx);
  if (!content.hasContent) fail('no_text');
  if (content.isTruncated) fail('msg_too_long');
  const id = `Q01${String(ctx.ws.ids.next('scheduled', 1)).padStart(8, '0')}`;
  const threadTs = str(ctx.args, 'thread_ts');
  ctx.ws.scheduled.push({
    id,
    channelId: channel.id,
    postAt,
    text: content.text,
    blocks: content.blocks,
    threadTs,
  });
  const message = {
    type: 'message',
    text: content.text,
    user: ctx.ws.bot.userId,
    bot_id: ctx.ws.bot.botId,
  };
  return { channel: channel.id, scheduled_message_id: id, post_at: postAt, message };
}

export const chatMethods: MethodTable = {
  'chat.postMessage': {
    scopes: ['chat:write'],
    required: { channel: 'channel_not_found' },
    handle: postMessage,
  },
  'chat.postEphemeral': {
    scopes: ['chat:write'],
    required: { channel: 'channel_not_found', user: 'user_not_in_channel' },
    handle: postEphemeral,
  },
  'chat.update': {
    scopes: ['chat:write'],
    required: { channel: 'channel_not_found', ts: 'message_not_found' },
    handle: update,
  },
  'chat.delete': {
    scopes: ['chat:write'],
    required: { channel: 'channel_not_found', ts: 'message_not_found' },
    handle: remove,
  },
  'chat.getPermalink': {
    required: { channel: 'channel_not_found', message_ts: 'message_not_found' },
    handle: getPermalink,
  },
  'chat.scheduleMessage': {
    scopes: ['chat:write'],
    required: { channel: 'channel_not_found', post_at: 'invalid_time' },
    handle: scheduleMessage,
  },
};
