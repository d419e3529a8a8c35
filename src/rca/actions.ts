import { and, asc, eq, sql } from 'drizzle-orm';
import { FieldErrors, UserError } from '../errors.js';
import { addTimelineEntry, scheduleRefresh } from '../incidents/change.js';
import type { DomainContext } from '../incidents/context.js';
import { getIncident } from '../incidents/queries.js';
import { enqueueJob } from '../scheduler/jobs.js';
import { writeAudit } from '../store/audit.js';
import { actions, incidents } from '../store/schema.js';
import { specificWords } from '../updates/quality.js';

export type Action = typeof actions.$inferSelect;

export const actionJobs = { remind: 'action.remind', overdue: 'action.overdue' } as const;

const vagueVerbs =
  /^(improve|better|enhance|review|look at|check|investigate|monitor|optimi[sz]e|fix|address|consider)\b/i;
const measurable =
  /\d|%|\b(zero|none|every|each|all|alert|alarm|fires?|p9\d|latency|rate|count|percent|threshold|test|tests|suite|drill|drills|runbook|dashboard|before|within|under|below|above|at least|at most)\b|[<>≤≥=]/i;

export interface ActionInput {
  incidentId: number;
  description: string;
  ownerId: string | undefined;
  dueAt: Date | undefined;
  metric: string;
  actorId: string;
}

/**
 * "Improve monitoring" is not an action: it needs a concrete change, an owner, a deadline and a
 * metric that shows whether it worked.
 */
export function checkAction(input: ActionInput, now: Date): void {
  const errors: Record<string, string> = {};
  const description = input.description.trim();
  const specific = specificWords(description).filter((w) => !vagueVerbs.test(w));
  if (description === '') errors.description = 'Say what will change.';
  else if (specific.length < 3 || (vagueVerbs.test(description) && specific.length < 4)) {
    errors.description =
      `"${description}" is too vague to check later. Name the concrete change, e.g. "Alert when ` +
      'CRM p95 latency exceeds 2 s for 3 minutes on acme-chat".';
  }
  if (!input.ownerId) errors.owner = 'Every action needs one owner.';
  if (!input.dueAt) errors.due = 'Every action needs a deadline.';
  else if (input.dueAt.getTime() <= now.getTime())
    errors.due = 'The deadline is in the past; pick a date to come.';
  const metric = input.metric.trim();
  if (metric === '') errors.metric = 'Say how we will know it worked.';
  else if (!measurable.test(metric)) {
    errors.metric =
      'Make it measurable: a number, a threshold or an observable test, e.g. "alert fires within ' +
      '2 minutes in the replay test" or "0 wrong tariffs in 500 sampled answers".';
  }
  if (Object.keys(errors).length > 0) throw new FieldErrors(errors);
}

export function addAction(ctx: DomainContext, input: ActionInput): Action {
  const incident = getIncident(ctx.db, input.incidentId);
  const now = ctx.clock.now();
  checkAction(input, now);
  const dueAt = input.dueAt!;
  return ctx.db.transaction((tx) => {
    const action = tx
      .insert(actions)
      .values({
        incidentId: incident.id,
        description: input.description.trim(),
        ownerId: input.ownerId!,
        dueAt,
        metric: input.metric.trim(),
        createdBy: input.actorId,
        createdAt: now,
      })
      .returning()
      .get();
    planActionReminders(tx, action, now);
    addTimelineEntry(
      tx,
      incident.id,
      {
        kind: 'action_added',
        occurredAt: now,
        actorId: input.actorId,
        text: `Action: ${action.description} (owner <@${action.ownerId}>, due ${dueAt.toISOString().slice(0, 10)})`,
        sourceTs: `action:${action.id}`,
      },
      now,
    );
    writeAudit(tx, {
      at: now,
      actorId: input.actorId,
      action: 'action.added',
      incidentId: incident.id,
      details: { actionId: action.id },
    });
    return action;
  });
}

export function planActionReminders(
  tx: Parameters<typeof enqueueJob>[0],
  action: Action,
  now: Date,
): void {
  const twoDaysMs = 2 * 24 * 3_600_000;
  const remindAt = new Date(action.dueAt.getTime() - twoDaysMs);
  if (remindAt.getTime() > now.getTime()) {
    enqueueJob(tx, {
      kind: actionJobs.remind,
      incidentId: action.incidentId,
      dueAt: remindAt,
      payload: { actionId: action.id },
      dedupeKey: `${actionJobs.remind}:${action.id}`,
    });
  }
  enqueueJob(tx, {
    kind: actionJobs.overdue,
    incidentId: action.incidentId,
    dueAt: action.dueAt,
    payload: { actionId: action.id },
    dedupeKey: `${actionJobs.overdue}:${action.id}`,
  });
}

export function listActions(ctx: DomainContext, incidentId: number): Action[] {
  return ctx.db
    .select()
    .from(actions)
    .where(eq(actions.incidentId, incidentId))
    .orderBy(asc(actions.dueAt), asc(actions.id))
    .all();
}

export function getAction(ctx: DomainContext, actionId: number): Action | undefined {
  return ctx.db.select().from(actions).where(eq(actions.id, actionId)).get();
}

/** Marking done is idempotent; the last open action of a reviewed incident closes it. */
export function markActionDone(
  ctx: DomainContext,
  actionId: number,
  actorId: string,
): { action: Action; closedIncident: boolean } {
  const action = getAction(ctx, actionId);
  if (!action) throw new UserError('unknown_action', 'That action no longer exists.');
  const now = ctx.clock.now();
  return ctx.db.transaction((tx) => {
    const changed = tx
      .update(actions)
      .set({ status: 'done', doneAt: now })
      .where(and(eq(actions.id, actionId), eq(actions.status, 'open')))
      .returning()
      .get();
    if (!changed) return { action, closedIncident: false };
    addTimelineEntry(
      tx,
      action.incidentId,
      {
        kind: 'action_done',
        occurredAt: now,
        actorId,
        text: `Action done: ${action.description}`,
        sourceTs: `action-done:${action.id}`,
      },
      now,
    );
    writeAudit(tx, {
      at: now,
      actorId,
      action: 'action.done',
      incidentId: action.incidentId,
      details: { actionId },
    });
    const remaining = tx
      .select()
      .from(actions)
      .where(and(eq(actions.incidentId, action.incidentId), eq(actions.status, 'open')))
      .all();
    const incident = tx.select().from(incidents).where(eq(incidents.id, action.incidentId)).get()!;
    const closes = remaining.length === 0 && incident.status === 'followed_up';
    if (closes) {
      tx.update(incidents)
        .set({ status: 'closed', closedAt: now, version: sql`${incidents.version} + 1` })
        .where(eq(incidents.id, incident.id))
        .run();
      addTimelineEntry(
        tx,
        incident.id,
        { kind: 'closed', occurredAt: now, actorId, text: 'Closed: every action is done' },
        now,
      );
      scheduleRefresh(tx, incident.id, now);
    }
    return { action: changed, closedIncident: closes };
  });
}
