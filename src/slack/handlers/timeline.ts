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
  type Incident,
} from '../../incidents/queries.js';
import { addNote, listTimeline, pinToTimeline, unpinFromTimeline } from '../../timeline/entries.js';
import {
  deleteMessage,
  editMessage,
  type IncomingMessage,
  storeMessage,
} from '../../timeline/messages.js';
import type { SlackDeps } from '../deps.js';
import { shortcuts } from '../ids.js';
import { mentionUser } from '../mrkdwn.js';
import type { CommandRoute, EventRoute, ShortcutRoute } from '../routes.js';
import { formatterFor, incidentTimeZone } from '../time-format.js';
import { workspaceOf } from '../update-jobs.js';
import { incidentHere } from './manage.js';

const pinEmoji = new Set(['pushpin', 'round_pushpin']);
const ignoredSubtypes = new Set([
  'channel_join',
  'channel_leave',
  'channel_topic',
  'channel_purpose',
  'channel_name',
  'channel_archive',
  'channel_unarchive',
  'pinned_item',
  'unpinned_item',
  'group_join',
  'group_leave',
]);

/** Messages of an incident channel, or of a P3's announcement thread. */
function incidentFor(deps: SlackDeps, channelId: string, threadTs?: string): Incident | undefined {
  const byChannel = findIncidentByChannel(deps.ctx.db, channelId);
  if (byChannel) return byChannel;
  if (threadTs) return findIncidentByAnnouncement(deps.ctx.db, channelId, threadTs);
  return undefined;
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
  if (subtype && ignoredSubtypes.has(subtype)) return;
  if (subtype === 'message_changed') {
    const changed = event as unknown as { channel: string; message: RawMessage };
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
  const raw = event as RawMessage;
  if (isOwnMessage(deps, raw)) return;
  const incident = incidentFor(deps, raw.channel, raw.thread_ts);
  if (!incident) return;
  storeMessage(deps.ctx, incident, toIncoming(deps, raw.channel, raw), 'event');
}

export const messageEvents: EventRoute = {
  event: 'message',
  run: (deps, event) => onMessage(deps, event as MessageEvent),
};

async function findChosen(deps: SlackDeps, channelId: string, ts: string) {
  const history = await deps.client.conversations
    .history({ channel: channelId, latest: ts, oldest: ts, inclusive: true, limit: 1 })
    .catch(() => null);
  const message = history?.messages?.[0] as RawMessage | undefined;
  return { text: message?.text ?? '', authorId: message?.user ?? null };
}

export const reactionAdded: EventRoute = {
  event: 'reaction_added',
  async run(deps, raw) {
    const event = raw as ReactionAddedEvent;
    if (!pinEmoji.has(event.reaction) || event.item.type !== 'message') return;
    const incident = incidentFor(deps, event.item.channel);
    if (!incident) return;
    const chosen = await findChosen(deps, event.item.channel, event.item.ts);
    pinToTimeline(
      deps.ctx,
      incident,
      { channelId: event.item.channel, ts: event.item.ts, ...chosen },
      event.user,
    );
  },
};

export const reactionRemoved: EventRoute = {
  event: 'reaction_removed',
  async run(deps, raw) {
    const event = raw as ReactionRemovedEvent;
    if (!pinEmoji.has(event.reaction) || event.item.type !== 'message') return;
    const incident = incidentFor(deps, event.item.channel);
    if (!incident) return;
    unpinFromTimeline(deps.ctx, incident, event.item.ts, event.user);
  },
};

export const addToTimelineShortcut: ShortcutRoute = {
  callbackId: shortcuts.addToTimeline,
  async run(deps, body: MessageShortcut, respond) {
    const message = body.message as RawMessage;
    const incident = incidentFor(deps, body.channel.id, message.thread_ts);
    if (!incident) {
      await respond({
        response_type: 'ephemeral',
        text: 'This message is not in an incident channel, so there is no timeline to add it to.',
      });
      return;
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
        text: `:memo: Timeline note by ${mentionUser(cmd.command.user_id)}: ${note.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!)}`,
      });
    }
  },
};

const linesPerMessage = 40;

export function timelineLines(deps: SlackDeps, incident: Incident): string[] {
  const format = formatterFor(incident);
  return listTimeline(deps.ctx, incident.id).map((entry) => {
    const by = entry.actorId ? ` — ${mentionUser(entry.actorId)}` : '';
    return `• *${format(entry.occurredAt)}* ${entry.text.replace(/\n+/g, ' ')}${by}`;
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
    if (lines.length <= linesPerMessage * 4) {
      for (let start = 0; start < Math.max(lines.length, 1); start += linesPerMessage) {
        const chunk = lines.slice(start, start + linesPerMessage).join('\n') || '_No entries yet._';
        await cmd.reply(start === 0 ? `${heading}\n${chunk}` : chunk);
      }
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
