import { eq } from 'drizzle-orm';
import { addTimelineEntry } from '../incidents/change.js';
import { getIncident, type Incident } from '../incidents/queries.js';
import { openStatuses, type Severity } from '../incidents/types.js';
import type { Job } from '../scheduler/scheduler.js';
import { clientUpdates, incidents, jobs } from '../store/schema.js';
import { escalationAt, policyOf, recordBreach, updateJobs } from '../updates/cadence.js';
import { deliverUpdateJobKind } from '../updates/post-update.js';
import {
  clientUpdateMessage,
  escalationMessage,
  interventionClientMessage,
  mirrorMessage,
  overdueMessage,
  reminderMessage,
} from './blocks/update-messages.js';
import type { SlackDeps } from './deps.js';
import { formatterFor } from './time-format.js';

/** A notice more than this late (Vigil was down) is sent once, as "overdue since …". */
const staleAfterMs = 10 * 60_000;

/** Where a P1/P2 works (its channel) or a P3 (the announcement thread). */
export function workspaceOf(incident: Incident): { channel: string; thread_ts?: string } | null {
  if (incident.channelId) return { channel: incident.channelId };
  if (incident.announceChannelId && incident.announceTs) {
    return { channel: incident.announceChannelId, thread_ts: incident.announceTs };
  }
  return null;
}

export async function deliverUpdate(deps: SlackDeps, job: Job): Promise<void> {
  const updateId = (job.payload as { updateId: number }).updateId;
  const update = deps.ctx.db
    .select()
    .from(clientUpdates)
    .where(eq(clientUpdates.id, updateId))
    .get();
  if (!update) return;
  const incident = getIncident(deps.ctx.db, update.incidentId);
  const format = formatterFor(incident);
  if (!update.clientTs) {
    const message = clientUpdateMessage(incident, update, format);
    const posted = await deps.client.chat.postMessage({
      channel: update.clientChannelId!,
      ...message,
    });
    const deliveredAt = deps.ctx.clock.now();
    deps.ctx.db
      .update(clientUpdates)
      .set({ clientTs: posted.ts, deliveredAt })
      .where(eq(clientUpdates.id, update.id))
      .run();
    if (update.isFirstContact) {
      deps.ctx.db
        .update(incidents)
        .set({ firstContactAt: deliveredAt })
        .where(eq(incidents.id, incident.id))
        .run();
    }
  }
  const where = workspaceOf(incident);
  if (!update.mirrorTs && where) {
    const posted = await deps.client.chat.postMessage({
      ...where,
      text: mirrorMessage(incident, update, format),
    });
    deps.ctx.db
      .update(clientUpdates)
      .set({ mirrorTs: posted.ts })
      .where(eq(clientUpdates.id, update.id))
      .run();
  }
}

/** The job still matters only if the incident is open and still waiting for that same due time. */
function stillDue(incident: Incident, job: Job): Date | null {
  const dueAt = new Date((job.payload as { dueAt: string }).dueAt);
  if (!openStatuses.includes(incident.status as never)) return null;
  if (incident.nextUpdateDueAt?.getTime() !== dueAt.getTime()) return null;
  return dueAt;
}

export async function remindUpdate(deps: SlackDeps, job: Job): Promise<void> {
  const incident = getIncident(deps.ctx.db, job.incidentId!);
  const dueAt = stillDue(incident, job);
  const where = workspaceOf(incident);
  if (!dueAt || !where) return;
  if (deps.ctx.clock.now().getTime() >= dueAt.getTime()) return;
  await deps.client.chat.postMessage({
    ...where,
    ...reminderMessage(incident, dueAt, formatterFor(incident)),
  });
}

export async function noticeOverdue(deps: SlackDeps, job: Job): Promise<void> {
  const incident = getIncident(deps.ctx.db, job.incidentId!);
  const dueAt = stillDue(incident, job);
  const where = workspaceOf(incident);
  if (!dueAt || !where) return;
  const now = deps.ctx.clock.now();
  const kind = incident.firstContactAt ? 'update' : 'first_contact';
  const isNew = deps.ctx.db.transaction((tx) => {
    const recorded = recordBreach(tx, incident, kind, dueAt, now);
    if (recorded) {
      addTimelineEntry(
        tx,
        incident.id,
        {
          kind: 'update_missed',
          occurredAt: now,
          actorId: null,
          text: `The ${kind === 'first_contact' ? 'first client contact' : 'client update'} due ${formatterFor(incident)(dueAt)} was missed`,
          data: { dueAt: dueAt.toISOString() },
        },
        now,
      );
    }
    return recorded;
  });
  // A retry after a failed post must still post; only a second run of a done notice is silent.
  if (!isNew && job.attempts === 0) return;
  const escalation = escalationAt(incident, dueAt);
  // After downtime the escalation is due too: it alone speaks, saying since when.
  if (escalation && now.getTime() >= escalation.getTime()) return;
  const isLate = now.getTime() - dueAt.getTime() > staleAfterMs;
  await deps.client.chat.postMessage({
    ...where,
    ...overdueMessage(incident, dueAt, formatterFor(incident), isLate),
  });
}

export async function escalateOverdue(deps: SlackDeps, job: Job): Promise<void> {
  const incident = getIncident(deps.ctx.db, job.incidentId!);
  const dueAt = stillDue(incident, job);
  const where = workspaceOf(incident);
  if (!dueAt || !where) return;
  const now = deps.ctx.clock.now();
  const kind = incident.firstContactAt ? 'update' : 'first_contact';
  deps.ctx.db.transaction((tx) => {
    recordBreach(tx, incident, kind, dueAt, now);
    addTimelineEntry(
      tx,
      incident.id,
      {
        kind: 'update_escalated',
        occurredAt: now,
        actorId: null,
        text: `Client update overdue since ${formatterFor(incident)(dueAt)}: escalated`,
        sourceTs: `escalated:${dueAt.getTime()}`,
      },
      now,
    );
  });
  const escalateTo = [...deps.ctx.settings.adminIds];
  await deps.client.chat.postMessage({
    ...where,
    ...escalationMessage(incident, dueAt, formatterFor(incident), escalateTo),
  });
}

/**
 * P2's intervention window closed with the incident unresolved: the client's technical lead is
 * told in the client channel (the contract says so), and the incident channel sees that it was.
 */
export async function noticeIntervention(deps: SlackDeps, job: Job): Promise<void> {
  const incident = getIncident(deps.ctx.db, job.incidentId!);
  const dueAt = new Date((job.payload as { dueAt: string }).dueAt);
  if (!openStatuses.includes(incident.status as never)) return;
  if (incident.interventionDueAt?.getTime() !== dueAt.getTime()) return;
  const policy = policyOf(incident);
  const format = formatterFor(incident);
  const progress = (job.payload as { clientTs?: string }).clientTs;
  // A retry after the client post went out must not post it again.
  if (!progress) {
    // The contract may name someone else for this severity; by default it is the technical lead.
    const severityTerms = policy.severities[incident.severity as Severity];
    const contactId = severityTerms?.escalationContactId ?? policy.technicalLeadId;
    const posted = await deps.client.chat.postMessage({
      channel: policy.clientChannelId,
      text: interventionClientMessage(incident, contactId, format, dueAt),
    });
    deps.ctx.db
      .update(jobs)
      .set({ payload: { ...(job.payload as object), clientTs: posted.ts } })
      .where(eq(jobs.id, job.id))
      .run();
  }
  const now = deps.ctx.clock.now();
  deps.ctx.db.transaction((tx) => {
    addTimelineEntry(
      tx,
      incident.id,
      {
        kind: 'intervention_window_closed',
        occurredAt: now,
        actorId: null,
        text: `Intervention window closed unresolved; the client's technical lead was told`,
        sourceTs: `intervention:${dueAt.getTime()}`,
      },
      now,
    );
  });
  const where = workspaceOf(incident);
  if (where) {
    await deps.client.chat.postMessage({
      ...where,
      text: `:hourglass: The ${incident.severity} intervention window closed at ${format(dueAt)} with ${incident.ref} unresolved; the client's technical lead was told in the client channel.`,
    });
  }
}

export const updateJobHandlers = {
  [deliverUpdateJobKind]: deliverUpdate,
  [updateJobs.remind]: remindUpdate,
  [updateJobs.overdue]: noticeOverdue,
  [updateJobs.escalate]: escalateOverdue,
  [updateJobs.intervention]: noticeIntervention,
} as const;
