import { z } from 'zod';
import { FieldErrors, UserError } from '../errors.js';
import { enqueueJob } from '../scheduler/jobs.js';
import { writeAudit } from '../store/audit.js';
import { replanAfterSeverityChange } from '../updates/cadence.js';
import { addTimelineEntry, scheduleRefresh, updateIncidentIfUnchanged } from './change.js';
import type { DomainContext } from './context.js';
import { setupJobKind } from './declare.js';
import { getIncident, type Incident } from './queries.js';
import { openStatuses, severities } from './types.js';

export const ChangeSeverityInput = z.object({
  incidentId: z.number(),
  severity: z.enum(severities),
  reason: z.string(),
  actorId: z.string(),
});
export type ChangeSeverityInput = z.infer<typeof ChangeSeverityInput>;

export function changeSeverity(ctx: DomainContext, input: ChangeSeverityInput): Incident {
  const reason = input.reason.trim();
  if (reason.length < 3) {
    throw new FieldErrors({ reason: 'Say why the severity changes; it goes on the timeline.' });
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
    if (!changed.channelId && input.severity !== 'P3') {
      // A P3 promoted to P2/P1 gets its channel now; setup skips the steps already done.
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
