import { z } from 'zod';
import { cleanUrl, type DeploymentEntry, type NormalizedAlert } from './alert.js';
import {
  AlertGroup,
  GroupAlert,
  type GroupReading,
  normalizeGroupAlert,
  readGroup,
} from './alertmanager.js';

const GrafanaAlert = GroupAlert.extend({
  values: z.record(z.string(), z.unknown()).nullish().catch(undefined),
  valueString: z.string().optional().catch(undefined),
  panelURL: z.string().optional().catch(undefined),
  dashboardURL: z.string().optional().catch(undefined),
});
type GrafanaAlert = z.infer<typeof GrafanaAlert>;

const GrafanaGroup = AlertGroup.extend({
  alerts: z.array(GrafanaAlert),
  state: z.string().optional().catch(undefined),
});

function describeValues(alert: GrafanaAlert): string | undefined {
  const entries = Object.entries(alert.values ?? {}).filter(([, v]) => typeof v === 'number');
  if (entries.length === 0) return undefined;
  return entries.map(([key, v]) => `${key}=${Math.round((v as number) * 100) / 100}`).join(', ');
}

/** Grafana unified alerting's webhook contact point; `state: ok` is the resolved notification. */
export function parseGrafana(
  body: unknown,
  deployments: DeploymentEntry[],
  receivedAt: Date,
): NormalizedAlert[] {
  const group = readGroup(GrafanaGroup, body, 'a Grafana alerting webhook');
  const byState = group.state?.toLowerCase() === 'ok' ? 'resolved' : 'firing';
  const reading: GroupReading = {
    fallbackStatus: group.status ?? byState,
    receivedAt,
    deployments,
    url: (alert) => {
      const shown = alert as GrafanaAlert;
      return (
        cleanUrl(shown.panelURL) ?? cleanUrl(shown.dashboardURL) ?? cleanUrl(alert.generatorURL)
      );
    },
  };
  return group.alerts.map((alert) => {
    const normalized = normalizeGroupAlert(group, alert, reading);
    const values = describeValues(alert);
    return values ? { ...normalized, summary: `${normalized.summary} (${values})` } : normalized;
  });
}
