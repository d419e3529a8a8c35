import { and, eq } from 'drizzle-orm';
import { ConflictError } from '../errors.js';
import { enqueueJob } from '../scheduler/jobs.js';
import type { Db } from '../store/db.js';
import { incidents, timelineEntries } from '../store/schema.js';
import type { Incident } from './queries.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const refreshJobKind = 'incident.refresh';

/**
 * Applies a change only if the incident is still at the version the caller read: zero rows
 * changed means someone else moved it first, which also makes double clicks harmless.
 */
export function updateIncidentIfUnchanged(
  tx: Tx,
  incident: Incident,
  values: Partial<Incident>,
  now: Date,
): Incident {
  const updated = tx
    .update(incidents)
    .set({ ...values, version: incident.version + 1, updatedAt: now })
    .where(and(eq(incidents.id, incident.id), eq(incidents.version, incident.version)))
    .returning()
    .get();
  if (!updated) {
    throw new ConflictError(
      `${incident.ref} changed while you were looking at it; ` +
        'check the control message and try again.',
    );
  }
  return updated;
}

export interface TimelineWrite {
  kind: string;
  occurredAt: Date;
  actorId: string | null;
  text: string;
  data?: Record<string, unknown>;
  sourceChannelId?: string;
  sourceTs?: string;
}

export function addTimelineEntry(
  tx: Pick<Db, 'insert'>,
  incidentId: number,
  entry: TimelineWrite,
  now: Date,
) {
  tx.insert(timelineEntries)
    .values({ incidentId, ...entry, data: entry.data ?? null, createdAt: now })
    .onConflictDoNothing()
    .run();
}

/** Topic, control message and announcement follow the record; one pending refresh per incident. */
export function scheduleRefresh(tx: Pick<Db, 'insert'>, incidentId: number, now: Date): void {
  enqueueJob(tx as Tx, {
    kind: refreshJobKind,
    incidentId,
    dueAt: now,
    dedupeKey: `${refreshJobKind}:${incidentId}`,
  });
}
