import type { AppLink } from './events.js';
import { apiMessage } from './shapes.js';
import type { Workspace } from './state.js';
import type { SandboxChannel, SandboxFile, SandboxMessage } from './types.js';

export interface Core {
  ws: Workspace;
  link: AppLink;
}

export interface MessageContent {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  threadTs?: string;
  isBroadcast?: boolean;
  metadata?: unknown;
  files?: SandboxFile[];
  subtype?: string;
  ephemeralFor?: string;
  extra?: Record<string, unknown>;
}

export function channelType(c: SandboxChannel): string {
  if (c.isIm) return 'im';
  return c.isPrivate ? 'group' : 'channel';
}

export function messageEvent(ws: Workspace, m: SandboxMessage): Record<string, unknown> {
  const channel = ws.requireChannel(m.channelId);
  const event = apiMessage(ws, m);
  delete event.reply_count;
  delete event.reply_users_count;
  delete event.latest_reply;
  delete event.reply_users;
  delete event.is_locked;
  delete event.subscribed;
  if (m.threadTs === m.ts) delete event.thread_ts;
  if (m.metadata) event.metadata = m.metadata;
  return { ...event, channel: m.channelId, event_ts: m.ts, channel_type: channelType(channel) };
}

function store(
  core: Core,
  channel: SandboxChannel,
  author: Partial<SandboxMessage>,
  c: MessageContent,
): SandboxMessage {
  const { ws } = core;
  const message: SandboxMessage = {
    channelId: channel.id,
    ts: ws.ids.messageTs(),
    text: c.text,
    reactions: [],
    pinned: false,
    ...author,
  };
  if (c.threadTs) message.threadTs = c.threadTs;
  if (c.blocks) message.blocks = c.blocks;
  if (c.attachments) message.attachments = c.attachments;
  if (c.files) message.files = c.files;
  if (c.metadata) message.metadata = c.metadata;
  if (c.ephemeralFor) message.ephemeralFor = c.ephemeralFor;
  if (c.extra) message.extra = c.extra;
  const subtype = c.subtype ?? (c.isBroadcast && c.threadTs ? 'thread_broadcast' : undefined);
  if (subtype) message.subtype = subtype;
  if (c.threadTs) {
    const parent = ws.findMessage(channel.id, c.threadTs);
    if (parent && !parent.threadTs) parent.threadTs = parent.ts;
  }
  ws.insertMessage(message);
  if (!message.ephemeralFor) void core.link.emitEvent(messageEvent(ws, message), channel);
  return message;
}

/** Posted with the bot token: user is the bot user, bot_id set, no subtype (modern apps). */
export function postAsBot(core: Core, channel: SandboxChannel, c: MessageContent): SandboxMessage {
  const { bot } = core.ws;
  return store(core, channel, { user: bot.userId, botId: bot.botId }, c);
}

export function postAsPerson(
  core: Core,
  channel: SandboxChannel,
  userId: string,
  c: MessageContent,
): SandboxMessage {
  return store(core, channel, { user: userId, clientMsgId: core.ws.ids.clientMsgId() }, c);
}

/** channel_join, channel_topic and the other system subtypes. */
export function postSystem(
  core: Core,
  channel: SandboxChannel,
  userId: string,
  subtype: string,
  text: string,
  extra?: Record<string, unknown>,
): SandboxMessage {
  return store(core, channel, { user: userId }, { text, subtype, extra });
}

export function addMember(
  core: Core,
  channel: SandboxChannel,
  userId: string,
  inviter?: string,
): void {
  if (!channel.memberIds.includes(userId)) channel.memberIds.push(userId);
  const extra = inviter ? { inviter } : undefined;
  const join = postSystem(
    core,
    channel,
    userId,
    'channel_join',
    `<@${userId}> has joined the channel`,
    extra,
  );
  const user = core.ws.user(userId);
  const event: Record<string, unknown> = {
    type: 'member_joined_channel',
    user: userId,
    channel: channel.id,
    channel_type: channel.isPrivate ? 'G' : 'C',
    team: user?.teamId ?? core.ws.team.id,
    ...(inviter ? { inviter } : {}),
    event_ts: join.ts,
  };
  void core.link.emitEvent(event, channel);
}

export function snapshot(m: SandboxMessage): SandboxMessage {
  return structuredClone(m);
}

export function emitChanged(core: Core, before: SandboxMessage, after: SandboxMessage): void {
  const { ws } = core;
  const channel = ws.requireChannel(after.channelId);
  const eventTs = ws.ids.messageTs();
  const message = apiMessage(ws, after);
  const previous = apiMessage(ws, before);
  const event = {
    type: 'message',
    subtype: 'message_changed',
    message,
    previous_message: previous,
    channel: channel.id,
    hidden: true,
    ts: eventTs,
    event_ts: eventTs,
    channel_type: channelType(channel),
  };
  void core.link.emitEvent(event, channel);
}

export function removeMessage(core: Core, m: SandboxMessage): void {
  const { ws } = core;
  const channel = ws.requireChannel(m.channelId);
  const previous = apiMessage(ws, m);
  m.deleted = true;
  if (m.ephemeralFor) return;
  const eventTs = ws.ids.messageTs();
  const event = {
    type: 'message',
    subtype: 'message_deleted',
    previous_message: previous,
    channel: channel.id,
    hidden: true,
    deleted_ts: m.ts,
    event_ts: eventTs,
    ts: eventTs,
    channel_type: channelType(channel),
  };
  void core.link.emitEvent(event, channel);
}
