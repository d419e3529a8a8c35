import { asc, count, eq } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../store/db.js';
import {
  actions,
  clientUpdates,
  incidents,
  postmortems,
  timelineEntries,
  updateBreaches,
} from '../store/schema.js';
import { isFromBot, isSystemMessage, type WorkspaceView } from './transcript.js';

export interface PostmortemRecord {
  status: string;
  published_at: string | null;
  on_time: boolean | null;
}

/** One incident as result.json reports it; `equals` expectations compare against these keys. */
export interface IncidentRecord {
  ref: string;
  title: string;
  type: string;
  severity: string;
  status: string;
  client: string;
  deployment: string;
  channel: string | null;
  detected_by: string;
  personal_data: boolean;
  commander: string | null;
  declared_at: string | null;
  first_contact_at: string | null;
  mitigated_at: string | null;
  resolved_at: string | null;
  timeline_entries: number;
  client_updates: number;
  update_breaches: number;
  actions: number;
  postmortem: PostmortemRecord | null;
}

export interface ChannelCounts {
  messages: number;
  from_vigil: number;
}

export interface ExpectationOutcome {
  index: number;
  pass: boolean;
  wanted: string;
  found: string;
}

export interface ReplayResult {
  scenario: string;
  incidents: IncidentRecord[];
  channels: Record<string, ChannelCounts>;
  expectations: ExpectationOutcome[];
}

const iso = (instant: Date | null | undefined) => (instant ? instant.toISOString() : null);

/** Later features add tables; until one exists in this database its count is 0. */
function countFor(db: Db, table: SQLiteTable, column: Parameters<typeof eq>[0], id: number) {
  try {
    return db.select({ n: count() }).from(table).where(eq(column, id)).get()?.n ?? 0;
  } catch {
    return 0;
  }
}

function postmortemOf(db: Db, incidentId: number): PostmortemRecord | null {
  try {
    const row = db.select().from(postmortems).where(eq(postmortems.incidentId, incidentId)).get();
    if (!row) return null;
    return { status: row.status, published_at: iso(row.publishedAt), on_time: row.isOnTime };
  } catch {
    return null;
  }
}

export function readIncidents(db: Db, userHandle: (id: string) => string | undefined) {
  const rows = db.select().from(incidents).orderBy(asc(incidents.id)).all();
  return rows.map(
    (row): IncidentRecord => ({
      ref: row.ref,
      title: row.title,
      type: row.type,
      severity: row.severity,
      status: row.status,
      client: row.clientKey,
      deployment: row.deploymentKey,
      channel: row.channelName,
      detected_by: row.detectedBy,
      personal_data: row.hasPersonalData,
      commander: userHandle(row.commanderId) ?? row.commanderId,
      declared_at: iso(row.declaredAt),
      first_contact_at: iso(row.firstContactAt),
      mitigated_at: iso(row.mitigatedAt),
      resolved_at: iso(row.resolvedAt),
      timeline_entries: countLiveTimeline(db, row.id),
      client_updates: countFor(db, clientUpdates, clientUpdates.incidentId, row.id),
      update_breaches: countFor(db, updateBreaches, updateBreaches.incidentId, row.id),
      actions: countFor(db, actions, actions.incidentId, row.id),
      postmortem: postmortemOf(db, row.id),
    }),
  );
}

function countLiveTimeline(db: Db, incidentId: number): number {
  return db
    .select({ id: timelineEntries.id, removedAt: timelineEntries.removedAt })
    .from(timelineEntries)
    .where(eq(timelineEntries.incidentId, incidentId))
    .all()
    .filter((entry) => entry.removedAt === null).length;
}

export function readPostmortems(db: Db): Array<{ ref: string; markdown: string }> {
  try {
    return db
      .select({ ref: incidents.ref, markdown: postmortems.markdown })
      .from(postmortems)
      .innerJoin(incidents, eq(incidents.id, postmortems.incidentId))
      .orderBy(asc(incidents.id))
      .all();
  } catch {
    return [];
  }
}

/** Messages people can see in the channel (threads included; ephemerals and notices are not). */
export function countMessages(view: WorkspaceView, channelId: string): ChannelCounts {
  const visible = view
    .messages(channelId)
    .filter((m) => !m.ephemeralFor && !m.deleted && !isSystemMessage(m));
  return {
    messages: visible.length,
    from_vigil: visible.filter((m) => isFromBot(view, m)).length,
  };
}

export function channelCounts(view: WorkspaceView): Record<string, ChannelCounts> {
  const out: Record<string, ChannelCounts> = {};
  for (const channel of view.channels.filter((c) => !c.isIm)) {
    out[channel.name] = countMessages(view, channel.id);
  }
  return out;
}
