import { createHash } from 'node:crypto';
import type { Thresholds } from '../config/schema.js';

export const alertFormats = ['alertmanager', 'grafana', 'metrics', 'generic'] as const;
export type AlertFormat = (typeof alertFormats)[number];

/** `unknown` means the sender said nothing about severity; only `critical` opens incidents. */
export type SeverityHint = 'critical' | 'warning' | 'unknown';

/** One alert as every format reads once parsed; nothing here knows the sender any more. */
export interface NormalizedAlert {
  fingerprint: string;
  status: 'firing' | 'resolved';
  name: string;
  severityHint: SeverityHint;
  deploymentKey?: string;
  clientKey?: string;
  /** Why Vigil cannot act on it (no deployment matched, no threshold), for the sender. */
  ignoreReason?: string;
  /** The metric behind the alert (label `metric`, or the metrics format's sample). */
  metric?: string;
  summary: string;
  startsAt: Date;
  /** Only for resolved alerts: a firing alert's endsAt is a lease the sender renews. */
  endsAt?: Date;
  url?: string;
  labels: Record<string, string>;
}

/** A deployment as the parsers need it: who owns it and where its thresholds are. */
export interface DeploymentEntry {
  clientKey: string;
  key: string;
  thresholds?: Thresholds;
}

/** A body Vigil cannot read as alerts; the message says what the sender should change. */
export class AlertFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlertFormatError';
  }
}

export const supportedFormatsText =
  'alertmanager (Prometheus Alertmanager webhook v4), grafana (Grafana unified alerting ' +
  'webhook), metrics ({deployment, metric, value, at}) or generic ({title, deployment, ' +
  'severity, status, at})';

const fractionBeyondMillis = /(\.\d{3})\d+/;

/**
 * Go senders write nanoseconds (`.283995108+01:00`) and the zero time `0001-01-01T00:00:00Z`
 * for "no end"; both are read here so no parser has to remember.
 */
export function parseInstant(text: unknown): Date | undefined {
  if (typeof text !== 'string' || text.startsWith('0001-01-01')) return undefined;
  const at = new Date(text.replace(fractionBeyondMillis, '$1'));
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** Some senders double-escape `&` in links, leaving a literal `\u0026` in the string. */
export function cleanUrl(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.trim() === '') return undefined;
  return url.trim().replace(/\\u0026/gi, '&');
}

/** Alertmanager's own fingerprint when sent; otherwise a stable hash of the sorted labels. */
export function fingerprintOf(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex').slice(0, 16);
}

export function severityFromLabel(value: string | undefined): SeverityHint {
  const level = value?.trim().toLowerCase();
  if (!level) return 'unknown';
  if (level === 'critical' || level === 'page') return 'critical';
  return 'warning';
}

type DeploymentMatch = Pick<NormalizedAlert, 'deploymentKey' | 'clientKey' | 'ignoreReason'>;

/** Label `deployment` (or `vigil_deployment`), else `client` if it has one deployment. */
export function matchDeployment(
  labels: Record<string, string>,
  deployments: DeploymentEntry[],
): DeploymentMatch {
  const wanted = labels.deployment ?? labels.vigil_deployment;
  const known = deployments.map((d) => d.key).join(', ') || 'none configured';
  if (wanted) {
    const found = deployments.find((d) => d.key === wanted.trim());
    if (found) return { deploymentKey: found.key, clientKey: found.clientKey };
    return { ignoreReason: `deployment "${wanted}" is not in the config (known: ${known})` };
  }
  const client = labels.client ?? labels.vigil_client;
  if (client) {
    const owned = deployments.filter((d) => d.clientKey === client.trim());
    if (owned.length === 1) return { deploymentKey: owned[0]!.key, clientKey: owned[0]!.clientKey };
    const why = owned.length === 0 ? 'is not in the config' : 'has several deployments';
    return { ignoreReason: `client "${client}" ${why}; add a deployment label (${known})` };
  }
  return {
    ignoreReason: `no deployment label; add a deployment (or vigil_deployment) label: ${known}`,
  };
}
