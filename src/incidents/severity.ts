import { z } from 'zod';
import { FieldErrors, UserError } from '../errors.js';
import { enqueueJob } from '../scheduler/jobs.js';
import { writeAudit } from '../store/audit.js';
import { replanAfterSeverityChange } from '../updates/cadence.js';
import { addTimelineEntry, scheduleRefresh, updateIncidentIfUnchanged } from './change.js';
import type { DomainContext } from './context.js';
import { setupJobKind } from './declare.js';
import { getIncident, type Incident } from './queries.js';
import { openStatuses, type Severity, severities } from './types.js';

export const ChangeSeverityInput = z.object({
  incidentId: z.number(),
  severity: z.enum(severities),
  reason: z.string(),
  actorId: z.string(),
});
export type ChangeSeverityInput = z.infer<typeof ChangeSeverityInput>;

export const maxReasonLength = 500;

/** P1 outranks P2 outranks P3. */
function rank(severity: string): number {
  return severities.length - severities.indexOf(severity as Severity);
}

export function normalizeReason(reason: string): string {
  return reason.trim().replace(/\s+/g, ' ');
}

export function changeSeverity(ctx: DomainContext, input: ChangeSeverityInput): Incident {
  const reason = normalizeReason(input.reason);
  if (reason.length < 3) {
    throw new FieldErrors({ reason: 'Say why the severity changes; it goes on the timeline.' });
  }
  if (reason.length > maxReasonLength) {
    throw new FieldErrors({
      reason: `Keep the reason under ${maxReasonLength} characters (it has ${reason.length}).`,
    });
  }
  const incident = getIncident(ctx.db, input.incidentId);
  if (!openStatuses.includes(incident.status as (typeof openStatuses)[number])) {
    throw new UserError(
      'incident_not_open',
      `${incident.ref} is ${incident.status}; use \`/incident reopen\` first to change its severity.`,
    );
  }
  if (incident.severity === input.severity) {
    throw new FieldErrors({ severity: `${incident.ref} is already ${input.severity}.` });
  }
  const now = ctx.clock.now();

  const updated = ctx.db.transaction((tx) => {
    const changed = updateIncidentIfUnchanged(tx, incident, { severity: input.severity }, now);
    addTimelineEntry(
      tx,
      incident.id,
      {
        kind: 'severity_changed',
        occurredAt: now,
        actorId: input.actorId,
        text: `Severity ${incident.severity} → ${input.severity}: ${reason}`,
        data: { from: incident.severity, to: input.severity, reason },
      },
      now,
    );
    writeAudit(tx, {
      at: now,
      actorId: input.actorId,
      action: 'incident.severity_changed',
      incidentId: incident.id,
      details: { from: incident.severity, to: input.severity, reason },
    });
    const isRaised = rank(input.severity) > rank(incident.severity);
    if (input.severity !== 'P3' && (isRaised || !changed.channelId)) {
      // A P3 promoted gets its channel now, and a raise pulls in (and for P1 pages) the on-call
      // people of the new severity; setup skips the steps already done.
      enqueueJob(tx, {
        kind: setupJobKind,
        incidentId: incident.id,
        dueAt: now,
        dedupeKey: `${setupJobKind}:${incident.id}`,
      });
    }
    replanAfterSeverityChange(tx, changed, now);
    scheduleRefresh(tx, incident.id, now);
    return changed;
  });

  ctx.logger.info('severity changed', {
    incidentId: incident.id,
    from: incident.severity,
    to: input.severity,
  });
  return updated;
}
