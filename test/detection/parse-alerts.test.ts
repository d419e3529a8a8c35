import { describe, expect, it } from 'vitest';
import { AlertFormatError } from '../../src/detection/alert.js';
import { guessFormat, parseAlerts } from '../../src/detection/parse-alerts.js';
import { payload, receivedAt, testDeployments } from './fixtures.js';

const deployments = testDeployments();

describe('telling the format from the body', () => {
  it.each([
    ['alertmanager/firing-group-2-alerts.json', 'alertmanager'],
    ['alertmanager/firing-single-nonzero-endsAt.json', 'alertmanager'],
    ['alertmanager/resolved-single.json', 'alertmanager'],
    ['alertmanager/firing-group-2-alerts-no-status-no-fingerprint.json', 'alertmanager'],
    ['alertmanager/firing-single-route-groupKey.json', 'alertmanager'],
    ['grafana/firing-2-alerts-docs-example.json', 'grafana'],
    ['grafana/firing-values-v11.json', 'grafana'],
    ['grafana/resolved-v9.json', 'grafana'],
  ])('reads %s as %s', (file, format) => {
    expect(guessFormat(payload(file))).toBe(format);
  });

  it('tells metrics and generic bodies apart', () => {
    expect(guessFormat({ deployment: 'acme-chat', metric: 'latency_p95', value: '3s' })).toBe(
      'metrics',
    );
    expect(guessFormat({ samples: [] })).toBe('metrics');
    expect(guessFormat({ title: 'x', deployment: 'acme-chat' })).toBe('generic');
    expect(guessFormat([1, 2])).toBeUndefined();
  });
});

describe('senders Vigil does not read', () => {
  it.each([
    ['pagerduty/incident-triggered-v3.json', 'PagerDuty'],
    ['pagerduty/incident-resolved-v3.json', 'PagerDuty'],
    ['opsgenie/alert-create.json', 'Opsgenie'],
    ['opsgenie/alert-close.json', 'Opsgenie'],
    ['datadog/default-payload-template.json', 'Datadog'],
  ])('refuses %s naming %s and the formats it reads', (file, sender) => {
    expect(() => parseAlerts(payload(file), undefined, deployments, receivedAt)).toThrow(
      new RegExp(
        `^${sender} webhooks are not read by Vigil: they name no deployment\\. Send alertmanager`,
      ),
    );
  });

  it('parses Opsgenie nanosecond integers without failing, though they lose precision', () => {
    const body = payload('opsgenie/alert-create.json') as { alert: { updatedAt: number } };

    expect(Number.isSafeInteger(body.alert.updatedAt)).toBe(false);
    expect(() => parseAlerts(body, undefined, deployments, receivedAt)).toThrow(AlertFormatError);
  });

  it('refuses an unknown format name and a body that fits no format', () => {
    expect(() => parseAlerts({}, 'zabbix', deployments, receivedAt)).toThrow(
      /^unknown format "zabbix"; use alertmanager \(Prometheus Alertmanager webhook v4\), grafana/,
    );
    expect(() => parseAlerts({ hello: 1 }, undefined, deployments, receivedAt)).toThrow(
      /^cannot tell the format of this body; .* or name it with \/alerts\/FORMAT or \?format=FORMAT$/,
    );
  });

  it('refuses a body that does not fit the format named', () => {
    expect(() => parseAlerts({ title: 'x' }, 'alertmanager', deployments, receivedAt)).toThrow(
      /^not an Alertmanager webhook: alerts: /,
    );
  });
});
