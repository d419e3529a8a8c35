import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { FieldErrors, UserError } from '../errors.js';
import { cancelJobs, enqueueJob } from '../scheduler/jobs.js';
import { writeAudit } from '../store/audit.js';
import { incidents, mitigations } from '../store/schema.js';
import { formatInZone } from '../time/zoned-time.js';
import { planIntervention, policyOf, setNextUpdateDue } from '../updates/cadence.js';
import { addTimelineEntry, scheduleRefresh, updateIncidentIfUnchanged } from './change.js';
import type { DomainContext } from './context.js';
import { deadlineAfter, termsFor } from './policy.js';
import { getIncident, type Incident } from './queries.js';
import type { Severity } from './types.js';

export const mitigationKinds = ['limit_scope', 'rollback', 'config_change'] as const;
export type MitigationKind = (typeof mitigationKinds)[number];

/** The playbook's order of preference: contain first, then roll back, then change. */
export const mitigationLabels: Record<MitigationKind, string> = {
  limit_scope: '1. Limit scope (narrow the agent, route to humans, courtesy message)',
  rollback: '2. Roll back to the previous agent configuration',
  config_change: '3. Change the configuration (instructions, knowledge base, guardrails)',
};

export const lifecycleJobs = {
  postmortemRemind: 'postmortem.remind',
  postmortemDue: 'postmortem.due',
  followUp: 'followup.review',
} as const;

export const MitigationInput = z.object({
  incidentId: z.number(),
  kind: z.enum(mitigationKinds),
  description: z.string(),
  actorId: z.string(),
});
export type MitigationInput = z.infer<typeof MitigationInput>;

function requireOpen(incident: Incident, verb: string): void {
  if (['resolved', 'postmortem', 'followed_up', 'closed'].includes(incident.status)) {
    throw new UserError(
      'incident_resolved',
      `${incident.ref} is already ${incident.status}; use \`/incident reopen ${incident.ref}\` to ${verb} again.`,
    );
  }
}

export function recordMitigation(ctx: DomainContext, input: MitigationInput): Incident {
  const description = input.description.trim();
  if (description.length < 10) {
    throw new FieldErrors({
      description: 'Say what was done, e.g. "CRM-dependent intents routed to human operators".',
    });
  }
  const incident = getIncident(ctx.db, input.incidentId);
  requireOpen(incident, 'mitigate');
  const now = ctx.clock.now();
  const isFirst = incident.mitigatedAt === null;
  return ctx.db.transaction((tx) => {
    tx.insert(mitigations)
      .values({
        incidentId: incident.id,
        kind: input.kind,
        description,
        actorId: input.actorId,
        at: now,
      })
      .run();
    const updated = updateIncidentIfUnchanged(
      tx,
      incident,
      isFirst ? { mitigatedAt: now, status: 'mitigated' } : {},
      now,
    );
    addTimelineEntry(
      tx,
      incident.id,
      {
        kind: 'mitigation',
        occurredAt: now,
        actorId: input.actorId,
        text: `Mitigation (${input.kind.replace('_', ' ')}): ${description}`,
        data: { kind: input.kind },
      },
      now,
    );
    writeAudit(tx, {
      at: now,
      actorId: input.actorId,
      action: 'incident.mitigated',
      incidentId: incident.id,
      details: { kind: input.kind },
    });
    scheduleRefresh(tx, incident.id, now);
    return updated;
  });
}

export function listMitigations(ctx: DomainContext, incidentId: number) {
  return ctx.db
    .select()
    .from(mitigations)
    .where(eq(mitigations.incidentId, incidentId))
    .orderBy(asc(mitigations.at), asc(mitigations.id))
    .all();
}

export interface ResolveInput {
  incidentId: number;
  resolvedAt: Date | undefined;
  summary: string;
  actorId: string;
}

/**
 * Resolving stops every reminder, stamps time-to-mitigate if nothing did before, and plans the
 * post-mortem deadline and the follow-up review from the incident's own policy.
 */
export function resolveIncident(ctx: DomainContext, input: ResolveInput): Incident {
  const incident = getIncident(ctx.db, input.incidentId);
  requireOpen(incident, 'resolve it');
  const now = ctx.clock.now();
  const resolvedAt = input.resolvedAt ?? now;
  const errors: Record<string, string> = {};
  if (resolvedAt.getTime() > now.getTime() + 60_000)
    errors.resolved_at = 'That is in the future; say when service was actually back.';
  if (resolvedAt.getTime() < incident.declaredAt.getTime()) {
    errors.resolved_at =
      `That is before ${incident.ref} was declared (${formatInZone(incident.declaredAt, policyOf(incident).timeZone)}). ` +
      'If service was back before anyone declared, give the declaration time and say so in the summary.';
  }
  if (input.summary.trim().length < 10)
    errors.summary = 'One line on what brought service back, for the record and the post-mortem.';
  if (Object.keys(errors).length > 0) throw new FieldErrors(errors);

  const policy = policyOf(incident);
  const severity = incident.severity as Severity;
  const terms = termsFor(policy, severity);
  return ctx.db.transaction((tx) => {
    const updated = updateIncidentIfUnchanged(
      tx,
      incident,
      {
        status: 'resolved',
        resolvedAt,
        resolutionSummary: input.summary.trim(),
        mitigatedAt: incident.mitigatedAt ?? resolvedAt,
        interventionDueAt: null,
      },
      now,
    );
    setNextUpdateDue(tx, updated, null, now);
    // The personal-data notice is owed whether or not service is back: its reminders go on.
    cancelJobs(tx, incident.id, ['sla.'], now);
    if (terms?.postmortemDue) {
      const dueAt = deadlineAfter(policy, severity, resolvedAt, terms.postmortemDue);
      const remindAt = new Date(Math.max(now.getTime(), dueAt.getTime() - 24 * 3_600_000));
      enqueueJob(tx, {
        kind: lifecycleJobs.postmortemRemind,
        incidentId: incident.id,
        dueAt: remindAt,
        payload: { dueAt: dueAt.toISOString() },
        dedupeKey: `${lifecycleJobs.postmortemRemind}:${incident.id}`,
      });
      enqueueJob(tx, {
        kind: lifecycleJobs.postmortemDue,
        incidentId: incident.id,
        dueAt,
        payload: { dueAt: dueAt.toISOString() },
        dedupeKey: `${lifecycleJobs.postmortemDue}:${incident.id}`,
      });
    }
    if (terms?.followUp) {
      const reviewAt = deadlineAfter(policy, severity, resolvedAt, terms.followUp);
      enqueueJob(tx, {
        kind: lifecycleJobs.followUp,
        incidentId: incident.id,
        dueAt: reviewAt,
        dedupeKey: `${lifecycleJobs.followUp}:${incident.id}`,
      });
    }
    addTimelineEntry(
      tx,
      incident.id,
      {
        kind: 'resolved',
        occurredAt: resolvedAt,
        actorId: input.actorId,
        text: `Resolved: ${input.summary.trim()}`,
      },
      now,
    );
    writeAudit(tx, {
      at: now,
      actorId: input.actorId,
      action: 'incident.resolved',
      incidentId: incident.id,
    });
    scheduleRefresh(tx, incident.id, now);
    return updated;
  });
}

export function postmortemDueAt(incident: Incident): Date | null {
  const policy = policyOf(incident);
  const severity = incident.severity as Severity;
  const due = termsFor(policy, severity)?.postmortemDue;
  if (!due || !incident.resolvedAt) return null;
  return deadlineAfter(policy, severity, incident.resolvedAt, due);
}

export function reopenIncident(
  ctx: DomainContext,
  incidentId: number,
  actorId: string,
  reason: string,
): Incident {
  const incident = getIncident(ctx.db, incidentId);
  if (incident.status === 'mitigated') return reportImpactBack(ctx, incident, actorId, reason);
  if (!['resolved', 'postmortem', 'followed_up'].includes(incident.status)) {
    throw new UserError(
      'not_resolved',
      `${incident.ref} is ${incident.status}, neither mitigated nor resolved; there is nothing ` +
        'to reopen.',
    );
  }
  const now = ctx.clock.now();
  return ctx.db.transaction((tx) => {
    const updated = updateIncidentIfUnchanged(
      tx,
      incident,
      {
        status: 'investigating',
        resolvedAt: null,
        resolutionSummary: null,
        closedAt: null,
      },
      now,
    );
    cancelJobs(tx, incident.id, ['postmortem.', 'followup.'], now);
    const terms = termsFor(policyOf(updated), updated.severity as Severity);
    const cadence = updated.firstContactAt ? terms?.updateEvery : terms?.firstContact;
    if (cadence && updated.severity !== 'P3') {
      setNextUpdateDue(
        tx,
        updated,
        deadlineAfter(policyOf(updated), updated.severity as Severity, now, cadence),
        now,
      );
    }
    planIntervention(tx, updated, now, now);
    addTimelineEntry(
      tx,
      incident.id,
      {
        kind: 'reopened',
        occurredAt: now,
        actorId,
        text: `Reopened${reason ? `: ${reason}` : ''}`,
      },
      now,
    );
    writeAudit(tx, { at: now, actorId, action: 'incident.reopened', incidentId: incident.id });
    scheduleRefresh(tx, incident.id, now);
    return tx.select().from(incidents).where(eq(incidents.id, incident.id)).get()!;
  });
}

/**
 * A mitigation that stops holding (a second wave) puts the incident back to investigating, so
 * the control message and the next client update no longer say the impact is contained. The
 * cadence already running goes on; time-to-mitigate keeps the first mitigation.
 */
function reportImpactBack(
  ctx: DomainContext,
  incident: Incident,
  actorId: string,
  reason: string,
): Incident {
  const now = ctx.clock.now();
  return ctx.db.transaction((tx) => {
    const updated = updateIncidentIfUnchanged(tx, incident, { status: 'investigating' }, now);
    addTimelineEntry(
      tx,
      incident.id,
      {
        kind: 'impact_returned',
        occurredAt: now,
        actorId,
        text: `Impact is back after mitigation${reason ? `: ${reason}` : ''}`,
      },
      now,
    );
    writeAudit(tx, {
      at: now,
      actorId,
      action: 'incident.impact_returned',
      incidentId: incident.id,
    });
    scheduleRefresh(tx, incident.id, now);
    return updated;
  });
}
