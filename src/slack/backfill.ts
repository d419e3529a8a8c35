import { inArray } from 'drizzle-orm';
import type { Incident } from '../incidents/queries.js';
import { incidents } from '../store/schema.js';
import { editMessage, findMessage, storeMessage } from '../timeline/messages.js';
import type { SlackDeps } from './deps.js';
import { evidenceSubtypes, isOwnMessage, toIncoming } from './handlers/timeline.js';

type HistoryMessage = Parameters<typeof toIncoming>[2] & { subtype?: string; reply_count?: number };

const pageSize = 200;

function toSlackTs(instant: Date): string {
  return (instant.getTime() / 1000).toFixed(6);
}

export interface BackfillResult {
  isComplete: boolean;
  added: number;
}

/**
 * Reads the incident's channel (or P3 thread) for its window and merges what Vigil missed.
 * Paging follows Slack's cursor; a 429 is retried by the client on the same cursor, so paging
 * resumes where it stopped. Merging twice changes nothing. Shortcoming: history does not list
 * deleted messages, so a message deleted while Vigil was down stays stored as not deleted.
 */
export async function backfillIncident(
  deps: SlackDeps,
  incident: Incident,
): Promise<BackfillResult> {
  const oldest = toSlackTs(new Date(incident.declaredAt.getTime() - 60_000));
  const latest = toSlackTs(incident.closedAt ?? deps.ctx.clock.now());
  let added = 0;
  const merge = (channelId: string, raw: HistoryMessage) => {
    if (!evidenceSubtypes.has(raw.subtype) || isOwnMessage(deps, raw)) return;
    const incoming = toIncoming(deps, channelId, raw);
    const known = findMessage(deps.ctx.db, channelId, raw.ts);
    if (!known) added += storeMessage(deps.ctx, incident, incoming, 'backfill') ? 1 : 0;
    else if (known.text !== incoming.text && !known.deletedAt)
      editMessage(deps.ctx, incident, incoming);
  };
  try {
    if (incident.channelId) {
      let cursor: string | undefined;
      do {
        const page = await deps.client.conversations.history({
          channel: incident.channelId,
          oldest,
          latest,
          inclusive: true,
          limit: pageSize,
          cursor,
        });
        for (const raw of (page.messages ?? []) as HistoryMessage[]) {
          merge(incident.channelId, raw);
          if ((raw.reply_count ?? 0) > 0)
            await mergeThread(deps, incident.channelId, raw.ts, merge);
        }
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } else if (incident.announceChannelId && incident.announceTs) {
      await mergeThread(deps, incident.announceChannelId, incident.announceTs, merge);
    }
    return { isComplete: true, added };
  } catch (error) {
    deps.ctx.logger.warn('history backfill incomplete', { incidentId: incident.id, error });
    return { isComplete: false, added };
  }
}

async function mergeThread(
  deps: SlackDeps,
  channelId: string,
  threadTs: string,
  merge: (channelId: string, raw: HistoryMessage) => void,
) {
  let cursor: string | undefined;
  do {
    const page = await deps.client.conversations.replies({
      channel: channelId,
      ts: threadTs,
      limit: pageSize,
      cursor,
    });
    for (const raw of (page.messages ?? []) as HistoryMessage[]) {
      if (raw.ts !== threadTs) merge(channelId, raw);
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
}

/** At start: every incident that is not closed may have missed messages while Vigil was down. */
export async function backfillOpenIncidents(deps: SlackDeps): Promise<void> {
  const active = deps.ctx.db
    .select()
    .from(incidents)
    .where(
      inArray(incidents.status, [
        'declared',
        'investigating',
        'mitigated',
        'resolved',
        'postmortem',
      ]),
    )
    .all();
  for (const incident of active) await backfillIncident(deps, incident);
}
