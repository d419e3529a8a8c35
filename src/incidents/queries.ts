import { and, desc, eq, inArray } from 'drizzle-orm';
import { UserError } from '../errors.js';
import type { Db } from '../store/db.js';
import { incidents } from '../store/schema.js';
import { openStatuses } from './types.js';

export type Incident = typeof incidents.$inferSelect;

export function findIncidentByChannel(db: Db, channelId: string): Incident | undefined {
  return db.select().from(incidents).where(eq(incidents.channelId, channelId)).get();
}

export function findIncidentByRef(db: Db, ref: string): Incident | undefined {
  return db.select().from(incidents).where(eq(incidents.ref, ref.toUpperCase())).get();
}

export function findIncidentByAnnouncement(db: Db, channelId: string, ts: string) {
  return db
    .select()
    .from(incidents)
    .where(and(eq(incidents.announceChannelId, channelId), eq(incidents.announceTs, ts)))
    .get();
}

export function getIncident(db: Db, id: number): Incident {
  const incident = db.select().from(incidents).where(eq(incidents.id, id)).get();
  if (!incident) throw new Error(`incident ${id} does not exist`);
  return incident;
}

export function listOpenIncidents(db: Db): Incident[] {
  return db
    .select()
    .from(incidents)
    .where(inArray(incidents.status, openStatuses))
    .orderBy(desc(incidents.declaredAt))
    .all();
}

/**
 * The incident a command is about: an explicit reference wins, otherwise the incident whose
 * channel (or P3 announcement thread) the command was typed in.
 */
export function resolveIncident(
  db: Db,
  where: { channelId: string; threadTs?: string; ref?: string },
  commandHint: string,
): Incident {
  if (where.ref) {
    const byRef = findIncidentByRef(db, where.ref);
    if (!byRef) {
      throw new UserError(
        'unknown_incident',
        `There is no incident ${where.ref}. \`/incident list\` shows the open ones.`,
      );
    }
    return byRef;
  }
  const byChannel = findIncidentByChannel(db, where.channelId);
  if (byChannel) return byChannel;
  if (where.threadTs) {
    const byThread = findIncidentByAnnouncement(db, where.channelId, where.threadTs);
    if (byThread) return byThread;
  }
  throw new UserError(
    'not_in_incident_channel',
    `\`${commandHint}\` works in an incident channel, or name the incident: ` +
      `\`${commandHint} INC-2026-0001\`.`,
  );
}
