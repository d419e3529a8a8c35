import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DomainContext } from '../incidents/context.js';
import { declareIncident, maxSummaryLength, maxTitleLength } from '../incidents/declare.js';
import { type Incident, listOpenIncidents } from '../incidents/queries.js';
import { assignRole } from '../incidents/roles.js';
import { type IncidentType, incidentTypes } from '../incidents/types.js';
import { writeAudit } from '../store/audit.js';
import { timelineEntries } from '../store/schema.js';
import type { AlertFormat, DeploymentEntry, NormalizedAlert } from './alert.js';

/** Severity of an incident an alert opens; a human raises it to P1 after a look. */
export const alertIncidentSeverity = 'P2';

export interface AlertNotice {
  incidentId: number;
  kind: 'fired' | 'resolved';
  alert: NormalizedAlert;
}

export interface AlertOutcome {
  opened: string[];
  enriched: string[];
  ignored: Array<{ fingerprint: string; reason: string }>;
  /** Lines to post where each incident lives, once its channel exists. */
  notices: AlertNotice[];
}

export function deploymentsOf(ctx: DomainContext): DeploymentEntry[] {
  return ctx.settings.clients.flatMap((client) =>
    client.deployments.map((d) => ({
      clientKey: client.key,
      key: d.key,
      thresholds: d.thresholds,
    })),
  );
}

const metricTypes: Record<string, IncidentType> = {
  integration_error_rate: 'integration',
  completion_rate: 'response_error',
  out_of_scope_rate: 'response_error',
  availability: 'outage',
};

/**
 * An explicit `incident_type` label wins, then the metric; an alert that says neither is taken
 * as an outage, since a critical page with no metric is most often "it stopped answering".
 */
export function incidentTypeFor(alert: NormalizedAlert): IncidentType {
  const explicit = alert.labels.incident_type ?? alert.labels.vigil_type;
  if (explicit && (incidentTypes as readonly string[]).includes(explicit)) {
    return explicit as IncidentType;
  }
  const metric = alert.metric ?? '';
  if (metric.startsWith('latency')) return 'latency';
  if (metricTypes[metric]) return metricTypes[metric];
  if (/latency|slow/i.test(alert.name)) return 'latency';
  return 'outage';
}

function entryText(alert: NormalizedAlert): string {
  const summary = alert.summary.trim();
  return summary === '' || summary === alert.name ? alert.name : `${alert.name}: ${summary}`;
}

function lastAlertKind(ctx: DomainContext, incidentId: number, fingerprint: string) {
  return ctx.db
    .select({ kind: timelineEntries.kind })
    .from(timelineEntries)
    .where(
      and(
        eq(timelineEntries.incidentId, incidentId),
        inArray(timelineEntries.kind, ['alert', 'alert_resolved']),
        sql`json_extract(${timelineEntries.data}, '$.fingerprint') = ${fingerprint}`,
      ),
    )
    .orderBy(desc(timelineEntries.id))
    .get()?.kind;
}

/** Writes the alert on the incident's timeline; false when it is already there. */
function recordAlert(
  ctx: DomainContext,
  incident: Incident,
  alert: NormalizedAlert,
  format: AlertFormat,
  botUserId: string,
): boolean {
  const now = ctx.clock.now();
  const isFiring = alert.status === 'firing';
  const startsAt = alert.startsAt.toISOString();
  const entry = {
    kind: isFiring ? 'alert' : 'alert_resolved',
    occurredAt: isFiring ? alert.startsAt : (alert.endsAt ?? now),
    actorId: null,
    text: isFiring ? entryText(alert) : `Resolved: ${entryText(alert)}`,
    data: {
      fingerprint: alert.fingerprint,
      format,
      severity: alert.severityHint,
      startsAt,
      url: alert.url ?? null,
      labels: alert.labels,
    },
    sourceTs: `${isFiring ? 'alert' : 'alert-resolved'}:${alert.fingerprint}:${startsAt}`,
  };
  return ctx.db.transaction((tx) => {
    const inserted = tx
      .insert(timelineEntries)
      .values({ incidentId: incident.id, ...entry, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: timelineEntries.id })
      .all();
    const isNew = inserted.length > 0;
    if (isNew) {
      writeAudit(tx, {
        at: now,
        actorId: botUserId,
        action: isFiring ? 'alert.fired' : 'alert.resolved',
        incidentId: incident.id,
        details: { fingerprint: alert.fingerprint, format },
      });
    }
    return isNew;
  });
}

function openIncident(
  ctx: DomainContext,
  alert: NormalizedAlert,
  botUserId: string,
): { incident: Incident; isNew: boolean } {
  const title = `${alert.name} on ${alert.deploymentKey}`.slice(0, maxTitleLength);
  const summary = [alert.summary, alert.url].filter(Boolean).join('\n').slice(0, maxSummaryLength);
  const declared = declareIncident(
    ctx,
    {
      title,
      severity: alertIncidentSeverity,
      type: incidentTypeFor(alert),
      clientKey: alert.clientKey!,
      deploymentKey: alert.deploymentKey!,
      summary,
      hasPersonalData: false,
      detectedBy: 'monitoring',
      actorId: botUserId,
    },
    `alert:${alert.fingerprint}:${alert.startsAt.toISOString()}`,
  );
  if (!declared.isNew) return declared;
  const oncall = ctx.settings.oncallUserIds;
  const commanderId = oncall[alertIncidentSeverity]?.[0] ?? oncall.P1?.[0];
  if (!commanderId) return declared;
  const incident = assignRole(ctx, {
    incidentId: declared.incident.id,
    role: 'commander',
    userId: commanderId,
    actorId: botUserId,
  });
  return { incident: incident ?? declared.incident, isNew: true };
}

/**
 * Opens or enriches incidents from parsed alerts. Synchronous on purpose: two deliveries cannot
 * interleave between "no incident is open" and "declare one", so one outage opens one incident.
 */
export function receiveAlerts(
  ctx: DomainContext,
  alerts: NormalizedAlert[],
  format: AlertFormat,
  botUserId: string,
): AlertOutcome {
  const outcome: AlertOutcome = { opened: [], enriched: [], ignored: [], notices: [] };
  const ignore = (alert: NormalizedAlert, reason: string) => {
    outcome.ignored.push({ fingerprint: alert.fingerprint, reason });
    ctx.logger.info('alert ignored', {
      fingerprint: alert.fingerprint,
      deployment: alert.deploymentKey,
      name: alert.name,
      reason,
    });
  };

  for (const alert of alerts) {
    if (alert.ignoreReason || !alert.deploymentKey) {
      ignore(alert, alert.ignoreReason ?? 'no deployment matched');
      continue;
    }
    let targets = listOpenIncidents(ctx.db).filter((i) => i.deploymentKey === alert.deploymentKey);
    if (targets.length === 0) {
      if (alert.status === 'resolved') {
        ignore(alert, `resolved, and no incident is open on ${alert.deploymentKey}`);
        continue;
      }
      if (alert.severityHint !== 'critical') {
        ignore(alert, 'no incident opened: below critical');
        continue;
      }
      const { incident, isNew } = openIncident(ctx, alert, botUserId);
      if (!isNew) {
        ignore(alert, `already opened ${incident.ref}`);
        continue;
      }
      outcome.opened.push(incident.ref);
      targets = [incident];
    }
    for (const incident of targets) {
      const last = lastAlertKind(ctx, incident.id, alert.fingerprint);
      if (alert.status === 'firing' && last === 'alert') {
        ignore(alert, `already recorded as firing on ${incident.ref}`);
        continue;
      }
      if (alert.status === 'resolved' && last !== 'alert') {
        const why = last ? 'already recorded as resolved on' : 'never recorded firing on';
        ignore(alert, `resolved, ${why} ${incident.ref}`);
        continue;
      }
      if (!recordAlert(ctx, incident, alert, format, botUserId)) {
        ignore(alert, `already recorded on ${incident.ref}`);
        continue;
      }
      const kind = alert.status === 'firing' ? 'fired' : 'resolved';
      outcome.notices.push({ incidentId: incident.id, kind, alert });
      const isOpenedNow = outcome.opened.includes(incident.ref);
      if (!isOpenedNow && !outcome.enriched.includes(incident.ref)) {
        outcome.enriched.push(incident.ref);
      }
    }
  }
  return outcome;
}
