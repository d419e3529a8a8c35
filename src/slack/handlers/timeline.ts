import type { MessageShortcut } from '@slack/bolt';
import type {
  GenericMessageEvent,
  MessageEvent,
  ReactionAddedEvent,
  ReactionRemovedEvent,
} from '@slack/types';
import {
  findIncidentByAnnouncement,
  findIncidentByChannel,
  getIncident,
  type Incident,
} from '../../incidents/queries.js';
import { addNote, listTimeline, pinToTimeline, unpinFromTimeline } from '../../timeline/entries.js';
import {
  deleteMessage,
  editMessage,
  findMessage,
  type IncomingMessage,
  storeMessage,
} from '../../timeline/messages.js';
import type { SlackDeps } from '../deps.js';
import { shortcuts } from '../ids.js';
import { defuseBroadcasts, mentionUser } from '../mrkdwn.js';
import type { CommandRoute, EventRoute, ShortcutRoute } from '../routes.js';
import { formatterFor, incidentTimeZone } from '../time-format.js';
import { workspaceOf } from '../update-jobs.js';
import { incidentHere } from './manage.js';

const pinEmoji = new Set(['pushpin', 'round_pushpin']);
/**
 * What people say, as opposed to joins, topic changes, pins and the like. A thread reply has no
 * subtype of its own: it is recognised by its thread_ts.
 */
export const evidenceSubtypes = new Set([
  undefined,
  'file_share',
  'thread_broadcast',
  'bot_message',
  'me_message',
]);

/** Messages of an incident channel, or of a P3's announcement thread. */
function incidentFor(deps: SlackDeps, channelId: string, threadTs?: string): Incident | undefined {
  const byChannel = findIncidentByChannel(deps.ctx.db, channelId);
  if (byChannel) return byChannel;
  if (threadTs) return findIncidentByAnnouncement(deps.ctx.db, channelId, threadTs);
  return undefined;
}

/**
 * Which incident a channel belongs to is set once, when Vigil creates the channel, and message
 * events come in bursts: ingest keeps the answer for a second rather than querying per message.
 * Only the incident's id is used from it, so a cached row that is a second old is fine.
 */
const channelOwnerTtlMs = 1_000;
const channelOwners = new WeakMap<object, Map<string, { incident?: Incident; at: number }>>();

function ingestIncidentFor(deps: SlackDeps, channelId: string, threadTs?: string) {
  let owners = channelOwners.get(deps.ctx.db);
  if (!owners) {
    owners = new Map();
    channelOwners.set(deps.ctx.db, owners);
  }
  const now = performance.now();
  let owner = owners.get(channelId);
  if (!owner || now - owner.at >= channelOwnerTtlMs) {
    if (owners.size >= 1_000) owners.clear();
    owner = { incident: findIncidentByChannel(deps.ctx.db, channelId), at: now };
    owners.set(channelId, owner);
  }
  if (owner.incident) return owner.incident;
  if (threadTs) return findIncidentByAnnouncement(deps.ctx.db, channelId, threadTs);
  return undefined;
}

/** A reaction or shortcut names only channel and ts: a stored P3 thread reply knows its incident. */
function incidentOfMessage(deps: SlackDeps, channelId: string, ts: string, threadTs?: string) {
  const byPlace = incidentFor(deps, channelId, threadTs);
  if (byPlace) return byPlace;
  const stored = findMessage(deps.ctx.db, channelId, ts);
  return stored ? getIncident(deps.ctx.db, stored.incidentId) : undefined;
}

type RawMessage = GenericMessageEvent & {
  user_team?: string;
  bot_id?: string;
  edited?: { ts: string };
  files?: Array<{ name?: string; mimetype?: string; permalink?: string }>;
};

export function toIncoming(deps: SlackDeps, channelId: string, raw: RawMessage): IncomingMessage {
  const team = raw.user_team ?? raw.team;
  return {
    channelId,
    ts: raw.ts,
    threadTs: raw.thread_ts,
    userId: raw.user ?? raw.bot_id ?? null,
    isExternal: Boolean(team && team !== deps.bot.teamId),
    text: raw.text ?? '',
    files: (raw.files ?? []).map((f) => ({
      name: f.name ?? 'file',
      mimetype: f.mimetype,
      permalink: f.permalink,
    })),
    editedTs: raw.edited?.ts,
  };
}

export function isOwnMessage(
  deps: SlackDeps,
  raw: { user?: string; bot_id?: string; bot_profile?: { app_id?: string } },
) {
  return raw.user === deps.bot.userId;
}

async function onMessage(deps: SlackDeps, event: MessageEvent): Promise<void> {
  const subtype = (event as { subtype?: string }).subtype;
  if (subtype === 'message_changed') {
    const changed = event as unknown as {
      channel: string;
      message: RawMessage & { subtype?: string };
    };
    // A parent with replies is not removed when deleted: it becomes a tombstone.
    if (changed.message.subtype === 'tombstone') {
      deleteMessage(deps.ctx, changed.channel, changed.message.ts);
      return;
    }
    if (!evidenceSubtypes.has(changed.message.subtype)) return;
    const incident = incidentFor(deps, changed.channel, changed.message.thread_ts);
    if (!incident || isOwnMessage(deps, changed.message)) return;
    editMessage(deps.ctx, incident, toIncoming(deps, changed.channel, changed.message));
    return;
  }
  if (subtype === 'message_deleted') {
    const deleted = event as unknown as { channel: string; deleted_ts: string };
    deleteMessage(deps.ctx, deleted.channel, deleted.deleted_ts);
    return;
  }
  if (!evidenceSubtypes.has(subtype)) return;
  const raw = event as RawMessage;
  if (isOwnMessage(deps, raw)) return;
  const incident = ingestIncidentFor(deps, raw.channel, raw.thread_ts);
  if (!incident) return;
  storeMessage(deps.ctx, incident, toIncoming(deps, raw.channel, raw), 'event');
}

export const messageEvents: EventRoute = {
  event: 'message',
  run: (deps, event) => onMessage(deps, event as MessageEvent),
};

/** The stored copy if Vigil has it; else Slack's, which is then stored as evidence too. */
async function findChosen(deps: SlackDeps, incident: Incident, channelId: string, ts: string) {
  const stored = findMessage(deps.ctx.db, channelId, ts);
  if (stored) return stored.deletedAt ? null : { text: stored.text, authorId: stored.userId };
  const history = await deps.client.conversations
    .history({ channel: channelId, latest: ts, oldest: ts, inclusive: true, limit: 1 })
    .catch(() => null);
  const message = history?.messages?.[0] as RawMessage | undefined;
  if (!message || message.ts !== ts) return null;
  if (!isOwnMessage(deps, message)) {
    storeMessage(deps.ctx, incident, toIncoming(deps, channelId, message), 'event');
  }
  return { text: message.text ?? '', authorId: message.user ?? null };
}

export const reactionAdded: EventRoute = {
  event: 'reaction_added',
  async run(deps, raw) {
    const event = raw as ReactionAddedEvent;
    if (!pinEmoji.has(event.reaction) || event.item.type !== 'message') return;
    const incident = incidentOfMessage(deps, event.item.channel, event.item.ts);
    if (!incident) return;
    // A reaction that arrives after the message was deleted has nothing left to pin.
    const chosen = await findChosen(deps, incident, event.item.channel, event.item.ts);
    if (!chosen) return;
    pinToTimeline(
      deps.ctx,
      incident,
      { channelId: event.item.channel, ts: event.item.ts, ...chosen },
      event.user,
    );
  },
};

// Shortcoming: removing one person's 📌 removes the entry even while another person's 📌 stays
// on the message; Vigil does not count who pinned it.
export const reactionRemoved: EventRoute = {
  event: 'reaction_removed',
  async run(deps, raw) {
    const event = raw as ReactionRemovedEvent;
    if (!pinEmoji.has(event.reaction) || event.item.type !== 'message') return;
    const incident = incidentOfMessage(deps, event.item.channel, event.item.ts);
    if (!incident) return;
    unpinFromTimeline(deps.ctx, incident, event.item.ts, event.user);
  },
};

export const addToTimelineShortcut: ShortcutRoute = {
  callbackId: shortcuts.addToTimeline,
  async run(deps, body: MessageShortcut, respond) {
    const message = body.message as RawMessage;
    const incident = incidentOfMessage(deps, body.channel.id, message.ts, message.thread_ts);
    if (!incident) {
      await respond({
        response_type: 'ephemeral',
        text: 'This message is not in an incident channel, so there is no timeline to add it to.',
      });
      return;
    }
    if (!isOwnMessage(deps, message)) {
      storeMessage(deps.ctx, incident, toIncoming(deps, body.channel.id, message), 'event');
    }
    pinToTimeline(
      deps.ctx,
      incident,
      {
        channelId: body.channel.id,
        ts: message.ts,
        text: message.text ?? '',
        authorId: message.user ?? null,
      },
      body.user.id,
    );
    await respond({ response_type: 'ephemeral', text: `Added to the ${incident.ref} timeline.` });
  },
};

export const noteCommand: CommandRoute = {
  name: 'note',
  usage: '/incident note TEXT',
  help: 'add a note to the timeline (shown in the channel)',
  audience: 'in an incident',
  async run(deps, cmd) {
    const incident = incidentHere(deps.ctx, cmd.command.channel_id, '', '/incident note');
    const note = addNote(deps.ctx, incident, cmd.args, cmd.command.user_id);
    await cmd.ackNow();
    const where = workspaceOf(incident);
    if (where) {
      await deps.client.chat.postMessage({
        ...where,
        // Slack sends command text already escaped, with mentions as <@U…|name>: shown as such.
        text: `:memo: Timeline note by ${mentionUser(cmd.command.user_id)}: ${defuseBroadcasts(note)}`,
      });
    }
  },
};

const linesPerMessage = 40;
/** Well under Slack's 40,000-character text limit, so a chunk also stays readable. */
const charsPerMessage = 3_500;
/** The ack plus four response_url posts; Slack allows five through one response_url. */
const maxReplies = 5;

/** Groups lines into messages by count and length; one over-long line is cut, not dropped. */
export function chunkLines(lines: string[]): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const whole of lines) {
    const line = whole.length > charsPerMessage ? `${whole.slice(0, charsPerMessage - 1)}…` : whole;
    if (current.length >= linesPerMessage || size + line.length + 1 > charsPerMessage) {
      chunks.push(current.join('\n'));
      current = [];
      size = 0;
    }
    current.push(line);
    size += line.length + 1;
  }
  if (current.length > 0) chunks.push(current.join('\n'));
  return chunks;
}

export function timelineLines(deps: SlackDeps, incident: Incident): string[] {
  const format = formatterFor(incident);
  return listTimeline(deps.ctx, incident.id).map((entry) => {
    const by = entry.actorId ? ` — ${mentionUser(entry.actorId)}` : '';
    const text = defuseBroadcasts(entry.text.replace(/\n+/g, ' '));
    return `• *${format(entry.occurredAt)}* ${text}${by}`;
  });
}

export const timelineCommand: CommandRoute = {
  name: 'timeline',
  usage: '/incident timeline [REF]',
  help: 'show the timeline in order, with times in the client’s zone',
  audience: 'in an incident',
  async run(deps, cmd) {
    const incident = incidentHere(deps.ctx, cmd.command.channel_id, cmd.args, '/incident timeline');
    const lines = timelineLines(deps, incident);
    const heading = `*${incident.ref} timeline* (${lines.length} entries, times in ${incidentTimeZone(incident)})`;
    const chunks = chunkLines(lines);
    if (chunks.length <= maxReplies) {
      const [first = '_No entries yet._', ...rest] = chunks;
      await cmd.reply(`${heading}\n${first}`);
      for (const chunk of rest) await cmd.reply(chunk);
      return;
    }
    await cmd.reply(`${heading}\nIt is long, so it is attached as a file in this channel.`);
    await deps.client.filesUploadV2({
      channel_id: cmd.command.channel_id,
      filename: `${incident.ref}-timeline.md`,
      title: `${incident.ref} timeline`,
      content: lines.join('\n'),
    });
  },
};
