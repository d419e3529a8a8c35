import type {
  SandboxChannel,
  SandboxMessage,
  SandboxUser,
  SandboxUsergroup,
} from '../sandbox/types.js';
import { type NameBook, readableText } from './readable-text.js';
import { localParts } from './scenario-time.js';

export type RenderBlocks = (blocks: unknown[], fallbackText: string) => string;

/** Everything the transcript reads: a snapshot of the sandbox after the scenario ran. */
export interface WorkspaceView {
  channels: SandboxChannel[];
  messages(channelId: string): SandboxMessage[];
  users: SandboxUser[];
  usergroups: SandboxUsergroup[];
  botUserId: string;
  botId: string;
  renderBlocks: RenderBlocks;
}

export interface TranscriptOptions {
  title: string;
  startAt: Date;
  offsetMinutes: number;
}

/** Slack's own notices (joins, topic changes); shown in italics, not counted as messages. */
export function isSystemMessage(message: SandboxMessage): boolean {
  return (
    message.subtype !== undefined &&
    !['thread_broadcast', 'bot_message', 'file_share'].includes(message.subtype)
  );
}

export function isFromBot(view: Pick<WorkspaceView, 'botUserId' | 'botId'>, m: SandboxMessage) {
  return m.botId === view.botId || m.user === view.botUserId;
}

export function nameBook(view: WorkspaceView): NameBook {
  const users = new Map(view.users.map((u) => [u.id, u]));
  const channels = new Map(view.channels.map((c) => [c.id, c]));
  const groups = new Map(view.usergroups.map((g) => [g.id, g]));
  return {
    userHandle: (id) => (id === view.botUserId ? 'Vigil' : users.get(id)?.handle),
    channelName: (id) => channels.get(id)?.name,
    groupHandle: (id) => groups.get(id)?.handle,
  };
}

export function displayName(view: WorkspaceView, userId: string | undefined): string {
  if (!userId) return 'Slack';
  if (userId === view.botUserId) return 'Vigil';
  return view.users.find((u) => u.id === userId)?.realName ?? userId;
}

/** The text a person reads for one message: Block Kit rendered, mentions by name. */
export function messageText(view: WorkspaceView, message: SandboxMessage, names = nameBook(view)) {
  const raw =
    message.blocks && message.blocks.length > 0
      ? view.renderBlocks(message.blocks, message.text)
      : message.text;
  return readableText(raw, names).trim();
}

function instantOfTs(ts: string): Date {
  return new Date(Math.floor(Number(ts) * 1000));
}

interface Line {
  message: SandboxMessage;
  replies: SandboxMessage[];
}

/** Top-level messages in order, each with its thread replies; orphaned replies stay top-level. */
function threads(messages: SandboxMessage[]): Line[] {
  const isReply = (m: SandboxMessage) => m.threadTs !== undefined && m.threadTs !== m.ts;
  const parents = new Set(messages.filter((m) => !isReply(m)).map((m) => m.ts));
  const lines: Line[] = [];
  const byTs = new Map<string, Line>();
  for (const message of messages) {
    const parent =
      isReply(message) && parents.has(message.threadTs!) ? byTs.get(message.threadTs!) : undefined;
    if (parent) {
      parent.replies.push(message);
      continue;
    }
    const line = { message, replies: [] };
    lines.push(line);
    byTs.set(message.ts, line);
  }
  return lines;
}

function channelHeading(view: WorkspaceView, channel: SandboxChannel): string {
  if (channel.isIm) {
    const other = channel.memberIds.find((id) => id !== view.botUserId);
    return `## Direct messages: Vigil and ${displayName(view, other)}`;
  }
  const notes = [channel.isShared && 'Slack Connect', channel.isPrivate && 'private']
    .filter(Boolean)
    .join(', ');
  return `## #${channel.name}${notes ? ` (${notes})` : ''}`;
}

function renderMessage(
  view: WorkspaceView,
  message: SandboxMessage,
  stamp: string,
  indent: string,
  names: NameBook,
): string[] {
  const text = messageText(view, message, names);
  if (isSystemMessage(message)) return [`${indent}- ${stamp} _${text.replace(/\n/g, ' ')}_`];
  const marks = [
    message.ephemeralFor && `only visible to ${displayName(view, message.ephemeralFor)}`,
    message.edited && !message.deleted && 'edited',
    message.deleted && 'deleted',
    message.pinned && 'pinned',
  ].filter(Boolean);
  const author = isFromBot(view, message) ? 'Vigil' : displayName(view, message.user);
  const head = `${indent}- ${stamp} **${author}**${marks.length ? ` (${marks.join(', ')})` : ''}:`;
  const body = message.deleted ? `~~${text}~~` : text;
  const [first = '', ...rest] = body.split('\n');
  const lines = [`${head} ${first}`.trimEnd(), ...rest.map((l) => `${indent}  ${l}`.trimEnd())];
  for (const file of message.files ?? []) lines.push(`${indent}  📎 ${file.name}`);
  if (message.reactions.length > 0) {
    const reactions = message.reactions.map((r) => `:${r.name}: ${r.users.length}`).join('  ');
    lines.push(`${indent}  ${reactions}`);
  }
  return lines;
}

function channelSection(
  view: WorkspaceView,
  channel: SandboxChannel,
  options: TranscriptOptions,
  names: NameBook,
): string[] {
  const lines = [channelHeading(view, channel), ''];
  const messages = view.messages(channel.id);
  if (messages.length === 0) return [...lines, '_No messages._', ''];
  let shownDate = localParts(options.startAt, options.offsetMinutes).date;
  const stampOf = (message: SandboxMessage) => {
    const { date, time } = localParts(instantOfTs(message.ts), options.offsetMinutes);
    if (date === shownDate) return time;
    shownDate = date;
    return `${date} ${time}`;
  };
  for (const { message, replies } of threads(messages)) {
    lines.push(...renderMessage(view, message, stampOf(message), '', names));
    for (const reply of replies)
      lines.push(...renderMessage(view, reply, stampOf(reply), '  ', names));
  }
  return [...lines, ''];
}

/** transcript.md: one section per channel, every message in order, as people would read it. */
export function renderTranscript(view: WorkspaceView, options: TranscriptOptions): string {
  const names = nameBook(view);
  const { date, time } = localParts(options.startAt, options.offsetMinutes);
  const header = [
    `# Transcript: ${options.title}`,
    '',
    `Virtual time starts ${date} ${time}; times are shown in that offset.`,
    '',
  ];
  const channels = view.channels.filter((c) => !c.isIm || view.messages(c.id).length > 0);
  const sections = channels.flatMap((c) => channelSection(view, c, options, names));
  return `${[...header, ...sections].join('\n').trimEnd()}\n`;
}
