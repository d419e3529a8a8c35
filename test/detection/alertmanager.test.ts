import { describe, expect, it } from 'vitest';
import { parseAlertmanager } from '../../src/detection/alertmanager.js';
import { payload, receivedAt, testDeployments } from './fixtures.js';

const deployments = testDeployments();
const parse = (name: string) =>
  parseAlertmanager(payload(`alertmanager/${name}`), deployments, receivedAt);

describe('Alertmanager webhook v4', () => {
  it('reads each alert of a group with its own fingerprint, name, severity and start', () => {
    const alerts = parse('firing-group-2-alerts.json');

    expect(alerts.map((a) => a.fingerprint)).toEqual(['a1bc48475b20e73d', 'c2ea85182f28cbd9']);
    expect(alerts[0]).toMatchObject({
      status: 'firing',
      name: 'High CPU Temperature',
      severityHint: 'critical',
      summary: 'High CPU core temperature',
      startsAt: new Date('2020-02-06T00:17:58.432Z'),
    });
    expect(alerts[0]!.endsAt).toBeUndefined();
    expect(alerts[0]!.url).toMatch(
      /^http:\/\/prometheus\.example\.internal:9090\/graph\?g0\.expr=/,
    );
  });

  it('keeps a firing alert with a future endsAt firing, with no end', () => {
    const [alert] = parse('firing-single-nonzero-endsAt.json');

    expect(alert!.status).toBe('firing');
    expect(alert!.endsAt).toBeUndefined();
    expect(alert!.startsAt).toEqual(new Date('2018-11-04T21:43:58.283Z'));
    expect(alert!.summary).toBe('Something is on fire');
  });

  it('gives an alert without a fingerprint the same one each delivery, shared with its resolution', () => {
    const [firing] = parse('firing-single-nonzero-endsAt.json');
    const [again] = parse('firing-single-nonzero-endsAt.json');
    const [resolved] = parse('resolved-single.json');

    expect(firing!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(again!.fingerprint).toBe(firing!.fingerprint);
    expect(resolved!.fingerprint).toBe(firing!.fingerprint);
  });

  it('reads a resolved alert with its real end', () => {
    const [alert] = parse('resolved-single.json');

    expect(alert!.status).toBe('resolved');
    expect(alert!.endsAt).toEqual(new Date('2018-11-04T21:48:13.283Z'));
  });

  it('takes the group status for alerts without their own, and the alert name over the common one', () => {
    const alerts = parse('firing-group-2-alerts-no-status-no-fingerprint.json');

    expect(alerts.map((a) => a.status)).toEqual(['firing', 'firing']);
    expect(alerts.map((a) => a.name)).toEqual(['high_memory_load', 'high_memory_load2']);
    expect(alerts[0]!.fingerprint).not.toBe(alerts[1]!.fingerprint);
    expect(alerts[0]!.severityHint).toBe('warning');
    expect(alerts[0]!.summary).toBe('Server High Memory usage');
    expect(alerts[0]!.url).toBe('http://docker.for.mac.host.internal:9093');
  });

  it('turns a literal \\u0026 left in a link back into &', () => {
    const [alert] = parse('firing-single-route-groupKey.json');

    expect(alert!.url).toBe(
      'http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1',
    );
    expect(alert!.severityHint).toBe('critical');
  });

  it('leaves an alert without a deployment label unmatched, saying which label to add', () => {
    const [alert] = parse('firing-single-route-groupKey.json');

    expect(alert!.deploymentKey).toBeUndefined();
    expect(alert!.ignoreReason).toBe(
      'no deployment label; add a deployment (or vigil_deployment) label: ' +
        'acme-chat, acme-voice, northwind-voice',
    );
  });

  it('matches the deployment by label, vigil_ label, or a client with one deployment', () => {
    const body = payload('alertmanager/firing-single-route-groupKey.json') as {
      alerts: Array<{ labels: Record<string, string> }>;
    };
    const withLabels = (labels: Record<string, string>) => {
      const copy = structuredClone(body);
      Object.assign(copy.alerts[0]!.labels, labels);
      return parseAlertmanager(copy, deployments, receivedAt)[0]!;
    };

    expect(withLabels({ deployment: 'acme-voice' })).toMatchObject({
      deploymentKey: 'acme-voice',
      clientKey: 'acme',
    });
    expect(withLabels({ vigil_deployment: 'acme-chat' }).deploymentKey).toBe('acme-chat');
    expect(withLabels({ client: 'northwind' }).deploymentKey).toBe('northwind-voice');
    expect(withLabels({ client: 'acme' }).ignoreReason).toMatch(/client "acme" has several/);
    expect(withLabels({ deployment: 'acme-email' }).ignoreReason).toBe(
      'deployment "acme-email" is not in the config (known: acme-chat, acme-voice, northwind-voice)',
    );
  });
});
