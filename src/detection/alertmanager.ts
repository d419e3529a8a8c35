import { z } from 'zod';
import {
  AlertFormatError,
  cleanUrl,
  type DeploymentEntry,
  fingerprintOf,
  matchDeployment,
  type NormalizedAlert,
  parseInstant,
  severityFromLabel,
} from './alert.js';

const Labels = z.record(z.string(), z.coerce.string()).catch({});
const Status = z.enum(['firing', 'resolved']);

export const GroupAlert = z.looseObject({
  status: Status.optional().catch(undefined),
  labels: Labels.default({}),
  annotations: Labels.default({}),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});
export type GroupAlert = z.infer<typeof GroupAlert>;

/** The envelope Alertmanager v4 and Grafana unified alerting share. */
export const AlertGroup = z.looseObject({
  status: Status.optional().catch(undefined),
  alerts: z.array(GroupAlert),
  groupLabels: Labels.default({}),
  commonLabels: Labels.default({}),
  commonAnnotations: Labels.default({}),
  externalURL: z.string().optional(),
});
export type AlertGroup = z.infer<typeof AlertGroup>;

export function readGroup<T extends z.ZodType<AlertGroup>>(schema: T, body: unknown, what: string) {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data as z.infer<T>;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : 'the body';
  throw new AlertFormatError(`not ${what}: ${where}: ${issue.message}`);
}

export interface GroupReading {
  /** The status of an alert that does not say its own (older senders and test tools). */
  fallbackStatus: 'firing' | 'resolved';
  receivedAt: Date;
  deployments: DeploymentEntry[];
  url(alert: GroupAlert): string | undefined;
}

/**
 * Per-alert labels are the full set and win; group and common labels fill in what a sender left
 * out of the alert itself (seen in captured payloads whose alerts carry only `alertname`).
 */
export function normalizeGroupAlert(
  group: AlertGroup,
  alert: GroupAlert,
  reading: GroupReading,
): NormalizedAlert {
  const labels = { ...group.groupLabels, ...group.commonLabels, ...alert.labels };
  const annotations = { ...group.commonAnnotations, ...alert.annotations };
  const status = alert.status ?? reading.fallbackStatus;
  const name = labels.alertname ?? labels.__alert_rule_title__ ?? 'Unnamed alert';
  const summary = annotations.summary ?? annotations.description ?? annotations.message ?? name;
  return {
    fingerprint: alert.fingerprint?.trim() || fingerprintOf(labels),
    status,
    name,
    severityHint: severityFromLabel(labels.severity),
    ...matchDeployment(labels, reading.deployments),
    metric: labels.metric ?? labels.vigil_metric,
    summary,
    startsAt: parseInstant(alert.startsAt) ?? reading.receivedAt,
    endsAt: status === 'resolved' ? parseInstant(alert.endsAt) : undefined,
    url: reading.url(alert),
    labels,
  };
}

/** Prometheus Alertmanager webhook, version 4. */
export function parseAlertmanager(
  body: unknown,
  deployments: DeploymentEntry[],
  receivedAt: Date,
): NormalizedAlert[] {
  const group = readGroup(AlertGroup, body, 'an Alertmanager webhook');
  const reading: GroupReading = {
    fallbackStatus: group.status ?? 'firing',
    receivedAt,
    deployments,
    url: (alert) => cleanUrl(alert.generatorURL) ?? cleanUrl(group.externalURL),
  };
  return group.alerts.map((alert) => normalizeGroupAlert(group, alert, reading));
}
