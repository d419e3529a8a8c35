import { describe, expect, it } from 'vitest';
import { parseGrafana } from '../../src/detection/grafana.js';
import { payload, receivedAt, testDeployments } from './fixtures.js';

const deployments = testDeployments();
const parse = (name: string) => parseGrafana(payload(`grafana/${name}`), deployments, receivedAt);

describe('Grafana unified alerting webhook', () => {
  it('reads both alerts of the documented example with their values', () => {
    const alerts = parse('firing-2-alerts-docs-example.json');

    expect(alerts.map((a) => a.name)).toEqual(['High memory usage', 'High CPU usage']);
    expect(alerts.map((a) => a.fingerprint)).toEqual(['c6eadffa33fcdf37', 'bc97ff14869b13e3']);
    expect(alerts[0]).toMatchObject({
      status: 'firing',
      severityHint: 'unknown',
      summary: 'This alert was triggered for zone us-1 (B=44.24, C=1)',
      startsAt: new Date('2021-10-12T07:51:03.157Z'),
      url: 'https://grafana.example.com/alerting/1afz29v7z/edit',
    });
    expect(alerts[0]!.labels).toMatchObject({ team: 'blue', zone: 'us-1' });
  });

  it('prefers the panel link and reads \\u0026-escaped links as plain &', () => {
    const [alert] = parse('firing-values-v11.json');

    expect(alert!.url).toBe(
      'https://grafana.example.com/d/ece9fb32-7f71-4be9-bd94-2f23608ae5b9?orgId=1&viewPanel=2',
    );
    expect(alert!.summary).toBe('High memory usage (A=2473545728, B=0, C=1, minute=9)');
    expect(alert!.labels.grafana_folder).toBe('device');
  });

  it('reads state ok as resolved with its real end, keeping a <no value> summary as sent', () => {
    const [alert] = parse('resolved-v9.json');

    expect(alert!.status).toBe('resolved');
    expect(alert!.endsAt).toEqual(new Date('2022-06-17T00:51:24.067Z'));
    expect(alert!.summary).toBe('This is a summary field, failure on <no value>');
  });

  it('reads state ok as resolved when the alerts carry no status of their own', () => {
    const body = payload('grafana/resolved-v9.json') as {
      status?: string;
      alerts: Array<{ status?: string }>;
    };
    delete body.status;
    delete body.alerts[0]!.status;

    expect(parseGrafana(body, deployments, receivedAt)[0]!.status).toBe('resolved');
  });
});
