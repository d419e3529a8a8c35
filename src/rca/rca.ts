import { and, asc, eq, isNull } from 'drizzle-orm';
import { FieldErrors } from '../errors.js';
import { addTimelineEntry, scheduleRefresh } from '../incidents/change.js';
import type { DomainContext } from '../incidents/context.js';
import { getIncident } from '../incidents/queries.js';
import { writeAudit } from '../store/audit.js';
import { incidents, rcas, timelineEntries } from '../store/schema.js';
import { planPersonalDataNotice } from './personal-data.js';

export type Rca = typeof rcas.$inferSelect;

export interface RcaInput {
  incidentId: number;
  firstSignalAt?: Date;
  degradedAt?: Date;
  whys: string[];
  rootCause: string;
  sessionsAffected?: number;
  usersAffectedPct?: number;
  downstreamImpact: string;
  hasPersonalData: boolean;
  actorId: string;
}

export function getRca(ctx: DomainContext, incidentId: number): Rca | undefined {
  return ctx.db.select().from(rcas).where(eq(rcas.incidentId, incidentId)).get();
}

/** The first monitoring alert on the record; the RCA shows it rather than asking for it. */
export function alertFiredAt(ctx: DomainContext, incidentId: number): Date | null {
  const first = ctx.db
    .select({ at: timelineEntries.occurredAt })
    .from(timelineEntries)
    .where(
      and(
        eq(timelineEntries.incidentId, incidentId),
        eq(timelineEntries.kind, 'alert'),
        isNull(timelineEntries.removedAt),
      ),
    )
    .orderBy(asc(timelineEntries.occurredAt))
    .get();
  return first?.at ?? null;
}

/** The RCA can be saved half-done and reopened as work goes on; only what is given is checked. */
export function saveRca(ctx: DomainContext, input: RcaInput): Rca {
  const incident = getIncident(ctx.db, input.incidentId);
  const now = ctx.clock.now();
  const errors: Record<string, string> = {};
  const future = (at?: Date) => at !== undefined && at.getTime() > now.getTime() + 60_000;
  if (future(input.firstSignalAt)) errors.first_signal_at = 'That is in the future.';
  if (future(input.degradedAt)) errors.degraded_at = 'That is in the future.';
  if (input.firstSignalAt && input.degradedAt && input.degradedAt < input.firstSignalAt) {
    errors.degraded_at =
      'Degradation cannot begin before the first anomalous signal; check both times.';
  }
  if (
    input.sessionsAffected !== undefined &&
    (!Number.isInteger(input.sessionsAffected) || input.sessionsAffected < 0)
  ) {
    errors.sessions_affected = 'A whole number of sessions, e.g. 1240.';
  }
  const pct = input.usersAffectedPct;
  if (pct !== undefined && (!Number.isFinite(pct) || pct < 0 || pct > 100)) {
    errors.users_affected_pct = 'A share from 0 to 100, e.g. 18 or 18.5.';
  }
  if (Object.keys(errors).length > 0) throw new FieldErrors(errors);

  // Whys keep their numbers when one in the middle is still blank; only trailing blanks go.
  const whys = input.whys.map((why) => why.trim());
  while (whys.length > 0 && whys.at(-1) === '') whys.pop();
  const values = {
    firstSignalAt: input.firstSignalAt ?? null,
    degradedAt: input.degradedAt ?? null,
    whys,
    rootCause: input.rootCause.trim() || null,
    sessionsAffected: input.sessionsAffected ?? null,
    usersAffectedPct: pct ?? null,
    downstreamImpact: input.downstreamImpact.trim() || null,
    hasPersonalData: input.hasPersonalData,
    updatedBy: input.actorId,
    updatedAt: now,
  };
  return ctx.db.transaction((tx) => {
    const saved = tx
      .insert(rcas)
      .values({ incidentId: incident.id, ...values })
      .onConflictDoUpdate({ target: rcas.incidentId, set: values })
      .returning()
      .get();
    if (input.hasPersonalData && !incident.hasPersonalData) {
      tx.update(incidents)
        .set({ hasPersonalData: true })
        .where(eq(incidents.id, incident.id))
        .run();
      planPersonalDataNotice(tx, incident.id, now);
      scheduleRefresh(tx, incident.id, now);
    }
    addTimelineEntry(
      tx,
      incident.id,
      {
        kind: 'rca_saved',
        occurredAt: now,
        actorId: input.actorId,
        text: `RCA updated (${whys.filter(Boolean).length} whys${values.rootCause ? ', root cause stated' : ''})`,
        sourceTs: `rca:${now.getTime()}`,
      },
      now,
    );
    writeAudit(tx, {
      at: now,
      actorId: input.actorId,
      action: 'rca.saved',
      incidentId: incident.id,
    });
    return saved;
  });
}
