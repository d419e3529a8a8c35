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

const GenericAlert = z.looseObject({
  title: z
    .string({ error: 'is missing; say what fired, e.g. "Chat latency p95 above 10s"' })
    .min(1),
  deployment: z.string().optional(),
  client: z.string().optional(),
  severity: z.string().optional(),
  status: z.enum(['firing', 'resolved'], { error: 'must be firing or resolved' }).optional(),
  at: z.string().optional(),
  summary: z.string().optional(),
  url: z.string().optional(),
  fingerprint: z.string().optional(),
  metric: z.string().optional(),
});

/**
 * The smallest alert any tool can be taught to send (Datadog, a cron check, a script):
 * `{title, deployment, severity?, status?, at?}`.
 */
export function parseGeneric(
  body: unknown,
  deployments: DeploymentEntry[],
  receivedAt: Date,
): NormalizedAlert[] {
  const parsed = GenericAlert.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the body';
    throw new AlertFormatError(
      `not a generic alert: ${where}: ${issue.message} ` +
        '(expected {title, deployment, severity?, status?, at?})',
    );
  }
  const alert = parsed.data;
  const labels: Record<string, string> = { alertname: alert.title };
  if (alert.deployment) labels.deployment = alert.deployment;
  if (alert.client) labels.client = alert.client;
  const identity = fingerprintOf(labels);
  if (alert.severity) labels.severity = alert.severity;
  if (alert.metric) labels.metric = alert.metric;
  const status = alert.status ?? 'firing';
  const at = parseInstant(alert.at);
  if (alert.at !== undefined && !at) {
    throw new AlertFormatError(`at: cannot read "${alert.at}" as an ISO 8601 time`);
  }
  return [
    {
      fingerprint: alert.fingerprint?.trim() || identity,
      status,
      name: alert.title,
      severityHint: severityFromLabel(alert.severity),
      ...matchDeployment(labels, deployments),
      metric: alert.metric,
      summary: alert.summary ?? '',
      startsAt: at ?? receivedAt,
      endsAt: status === 'resolved' ? (at ?? receivedAt) : undefined,
      url: cleanUrl(alert.url),
      labels,
    },
  ];
}
