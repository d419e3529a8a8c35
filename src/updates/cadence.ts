import { and, eq, isNull } from 'drizzle-orm';
import type { Duration } from '../config/durations.js';
import { deadlineAfter, type PolicySnapshot, termsFor } from '../incidents/policy.js';
import type { Incident } from '../incidents/queries.js';
import type { Severity } from '../incidents/types.js';
import { cancelJobs, enqueueJob } from '../scheduler/jobs.js';
import type { Db } from '../store/db.js';
import { incidents, updateBreaches } from '../store/schema.js';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const updateJobs = {
  remind: 'update.remind',
  overdue: 'update.overdue',
  escalate: 'update.escalate',
  intervention: 'sla.intervention',
} as const;

const minuteMs = 60_000;
/** The cadence's own jobs; `update.deliver` shares the prefix and must never be cancelled. */
const cadenceKinds = [updateJobs.remind, updateJobs.overdue, updateJobs.escalate];

export function policyOf(incident: Incident): PolicySnapshot {
  return incident.policy as PolicySnapshot;
}

function toMinutes(duration: Duration): number {
  const perUnit: Record<string, number> = { s: 1 / 60, m: 1, h: 60, d: 1440, bh: 60, bd: 600 };
  return duration.amount * (perUnit[duration.unit] ?? 1);
}

/** When a miss of `dueAt` is escalated: after the severity's grace period. */
export function escalationAt(incident: Incident, dueAt: Date): Date | null {
  const terms = termsFor(policyOf(incident), incident.severity as Severity);
  if (!terms) return null;
  return new Date(dueAt.getTime() + toMinutes(terms.grace) * minuteMs);
}

/** The latest next-update time the contract allows if an update goes out at `from`. */
export function latestNextUpdateAt(incident: Incident, from: Date): Date | null {
  const terms = termsFor(policyOf(incident), incident.severity as Severity);
  if (!terms?.updateEvery) return null;
  return deadlineAfter(policyOf(incident), incident.severity as Severity, from, terms.updateEvery);
}

/**
 * Plans the reminder, the overdue notice and the escalation for one due time. Each job carries
 * the due time it was planned for and does nothing if the incident has moved on since.
 */
export function planUpdateJobs(tx: Tx, incident: Incident, dueAt: Date, now: Date): void {
  cancelJobs(tx, incident.id, cadenceKinds, now);
  const terms = termsFor(policyOf(incident), incident.severity as Severity);
  if (!terms) return;
  const payload = { dueAt: dueAt.toISOString() };
  const remindAt = new Date(dueAt.getTime() - toMinutes(terms.reminderBefore) * minuteMs);
  const escalateAt = escalationAt(incident, dueAt) ?? dueAt;
  // Updates are promised to the minute: one sent during the due minute is on time.
  const overdueAt = new Date(dueAt.getTime() + minuteMs);
  const plan: Array<[string, Date]> = [
    [updateJobs.remind, remindAt],
    [updateJobs.overdue, overdueAt],
    [updateJobs.escalate, escalateAt],
  ];
  for (const [kind, at] of plan) {
    if (kind === updateJobs.remind && at.getTime() <= now.getTime()) continue;
    enqueueJob(tx, {
      kind,
      incidentId: incident.id,
      dueAt: at,
      payload,
      dedupeKey: `${kind}:${incident.id}:${dueAt.getTime()}`,
    });
  }
}

/** Sets the next due time and plans its jobs; a P3 (or a resolved incident) has none. */
export function setNextUpdateDue(
  tx: Tx,
  incident: Incident,
  dueAt: Date | null,
  now: Date,
): Incident {
  const updated = tx
    .update(incidents)
    .set({ nextUpdateDueAt: dueAt })
    .where(eq(incidents.id, incident.id))
    .returning()
    .get()!;
  if (dueAt) planUpdateJobs(tx, updated, dueAt, now);
  else cancelJobs(tx, incident.id, cadenceKinds, now);
  return updated;
}

/** First contact at declaration: the policy's first-contact time from the declaration instant. */
export function planFirstContact(tx: Tx, incident: Incident, now: Date): Incident {
  const policy = policyOf(incident);
  const severity = incident.severity as Severity;
  const terms = termsFor(policy, severity);
  if (severity === 'P3' || !terms?.firstContact) return setNextUpdateDue(tx, incident, null, now);
  const dueAt = deadlineAfter(policy, severity, incident.declaredAt, terms.firstContact);
  const updated = tx
    .update(incidents)
    .set({ firstContactDueAt: dueAt })
    .where(eq(incidents.id, incident.id))
    .returning()
    .get()!;
  planIntervention(tx, updated, incident.declaredAt, now);
  return setNextUpdateDue(tx, updated, dueAt, now);
}

/** P2's intervention window: if still unresolved when it closes, the client's lead is told. */
export function planIntervention(tx: Tx, incident: Incident, from: Date, now: Date): void {
  cancelJobs(tx, incident.id, [updateJobs.intervention], now);
  const severity = incident.severity as Severity;
  const window = termsFor(policyOf(incident), severity)?.interventionWindow;
  if (!window) {
    tx.update(incidents)
      .set({ interventionDueAt: null })
      .where(eq(incidents.id, incident.id))
      .run();
    return;
  }
  const dueAt = deadlineAfter(policyOf(incident), severity, from, window);
  tx.update(incidents).set({ interventionDueAt: dueAt }).where(eq(incidents.id, incident.id)).run();
  enqueueJob(tx, {
    kind: updateJobs.intervention,
    incidentId: incident.id,
    dueAt,
    payload: { dueAt: dueAt.toISOString() },
    dedupeKey: `${updateJobs.intervention}:${incident.id}:${dueAt.getTime()}`,
  });
}

/**
 * After a severity change the next update is due by whichever comes first: the time already
 * promised, or the new severity's cadence counted from the change.
 */
export function replanAfterSeverityChange(tx: Tx, incident: Incident, now: Date): void {
  const policy = policyOf(incident);
  const severity = incident.severity as Severity;
  const terms = termsFor(policy, severity);
  planIntervention(tx, incident, now, now);
  const cadence = incident.firstContactAt ? terms?.updateEvery : terms?.firstContact;
  if (severity === 'P3' || !cadence) {
    setNextUpdateDue(tx, incident, null, now);
    return;
  }
  const current = incident.nextUpdateDueAt;
  // Already overdue: its notices have gone out, and planning them again would repeat them.
  if (current && current.getTime() <= now.getTime()) return;
  const byNewCadence = deadlineAfter(policy, severity, now, cadence);
  const dueAt = current && current.getTime() < byNewCadence.getTime() ? current : byNewCadence;
  if (!incident.firstContactAt) {
    tx.update(incidents)
      .set({ firstContactDueAt: dueAt })
      .where(eq(incidents.id, incident.id))
      .run();
  }
  setNextUpdateDue(tx, incident, dueAt, now);
}

export function recordBreach(
  tx: Tx,
  incident: Incident,
  kind: string,
  dueAt: Date,
  now: Date,
): boolean {
  const inserted = tx
    .insert(updateBreaches)
    .values({ incidentId: incident.id, kind, dueAt, detectedAt: now })
    .onConflictDoNothing()
    .returning()
    .all();
  return inserted.length > 0;
}

/** An update that finally goes out closes every open breach with how late it was. */
export function coverBreaches(tx: Tx, incidentId: number, now: Date): void {
  const open = tx
    .select()
    .from(updateBreaches)
    .where(and(eq(updateBreaches.incidentId, incidentId), isNull(updateBreaches.coveredAt)))
    .all();
  for (const breach of open) {
    tx.update(updateBreaches)
      .set({
        coveredAt: now,
        lateMinutes: Math.max(0, Math.round((now.getTime() - breach.dueAt.getTime()) / minuteMs)),
      })
      .where(eq(updateBreaches.id, breach.id))
      .run();
  }
}
