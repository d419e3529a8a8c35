import {
  type AlertFormat,
  AlertFormatError,
  alertFormats,
  type DeploymentEntry,
  type NormalizedAlert,
  supportedFormatsText,
} from './alert.js';
import { parseAlertmanager } from './alertmanager.js';
import { parseGeneric } from './generic.js';
import { parseGrafana } from './grafana.js';
import { parseMetrics } from './metrics.js';

type Body = Record<string, unknown>;

const isObject = (value: unknown): value is Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Senders we recognise but do not read: their payloads name no deployment to act on. */
function unsupportedSender(body: Body): string | undefined {
  const event = body.event;
  if (isObject(event) && typeof event.event_type === 'string') return 'PagerDuty';
  if (typeof body.action === 'string' && isObject(body.alert) && 'alertId' in body.alert) {
    return 'Opsgenie';
  }
  if ('event_type' in body && isObject(body.org)) return 'Datadog';
  return undefined;
}

function isGrafana(body: Body, alerts: unknown[]): boolean {
  if (body.version === '1' || 'orgId' in body || typeof body.state === 'string') return true;
  return alerts.some((alert) => isObject(alert) && ('values' in alert || 'valueString' in alert));
}

/** Which format a body is in, from its shape; undefined when it fits none. */
export function guessFormat(body: unknown): AlertFormat | undefined {
  if (!isObject(body)) return undefined;
  if (Array.isArray(body.alerts)) return isGrafana(body, body.alerts) ? 'grafana' : 'alertmanager';
  if (Array.isArray(body.samples) || ('metric' in body && 'value' in body)) return 'metrics';
  if (typeof body.title === 'string' && unsupportedSender(body) === undefined) return 'generic';
  return undefined;
}

export function isAlertFormat(value: string): value is AlertFormat {
  return (alertFormats as readonly string[]).includes(value);
}

const parsers: Record<
  AlertFormat,
  (body: unknown, deployments: DeploymentEntry[], receivedAt: Date) => NormalizedAlert[]
> = {
  alertmanager: parseAlertmanager,
  grafana: parseGrafana,
  metrics: parseMetrics,
  generic: parseGeneric,
};

/**
 * Reads a webhook body as alerts, in the format named or else the one its shape shows.
 * Throws AlertFormatError with what the sender should change when it cannot.
 */
export function parseAlerts(
  body: unknown,
  format: string | undefined,
  deployments: DeploymentEntry[],
  receivedAt: Date,
): { format: AlertFormat; alerts: NormalizedAlert[] } {
  if (format !== undefined && !isAlertFormat(format)) {
    throw new AlertFormatError(`unknown format "${format}"; use ${supportedFormatsText}`);
  }
  const sender = isObject(body) ? unsupportedSender(body) : undefined;
  if (format === undefined && sender) {
    throw new AlertFormatError(
      `${sender} webhooks are not read by Vigil: they name no deployment. Send ` +
        `${supportedFormatsText}; most tools can post the generic shape from a custom payload`,
    );
  }
  const chosen = format ?? guessFormat(body);
  if (!chosen) {
    throw new AlertFormatError(
      `cannot tell the format of this body; send ${supportedFormatsText}, ` +
        'or name it with /alerts/FORMAT or ?format=FORMAT',
    );
  }
  return { format: chosen, alerts: parsers[chosen](body, deployments, receivedAt) };
}
