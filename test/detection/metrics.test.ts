import { describe, expect, it } from 'vitest';
import { AlertFormatError } from '../../src/detection/alert.js';
import { parseMetrics } from '../../src/detection/metrics.js';
import { receivedAt, testDeployments } from './fixtures.js';

const deployments = testDeployments();
const sample = (metric: string, value: number | string, extra: Record<string, unknown> = {}) =>
  parseMetrics(
    { deployment: 'acme-chat', metric, value, at: '2026-05-26T12:29:00Z', ...extra },
    deployments,
    receivedAt,
  )[0]!;

describe('metrics samples against the deployment thresholds', () => {
  it('reads a latency past critical as a critical alert at the sample time', () => {
    expect(sample('latency_p95', '11.4s')).toMatchObject({
      fingerprint: 'acme-chat/latency_p95',
      status: 'firing',
      severityHint: 'critical',
      name: 'latency_p95',
      metric: 'latency_p95',
      deploymentKey: 'acme-chat',
      clientKey: 'acme',
      summary: 'latency_p95 is 11.4s on acme-chat, past the critical threshold 10s',
      startsAt: new Date('2026-05-26T12:29:00Z'),
    });
  });

  it('reads milliseconds and bare seconds, and a latency past warn only as a warning', () => {
    expect(sample('latency_p95', '7500ms').severityHint).toBe('warning');
    expect(sample('latency_p95', 8).summary).toBe(
      'latency_p95 is 8s on acme-chat, past the warn threshold 6s',
    );
  });

  it('treats lower as worse for completion rate and availability', () => {
    expect(sample('completion_rate', 0.65).severityHint).toBe('critical');
    expect(sample('completion_rate', '80%').severityHint).toBe('warning');
    expect(sample('availability', 0.985).severityHint).toBe('critical');
    expect(sample('availability', 0.99).status).toBe('resolved');
  });

  it('reads a sample back within the thresholds as the resolution', () => {
    const alert = sample('integration_error_rate', 0.01);

    expect(alert.status).toBe('resolved');
    expect(alert.endsAt).toEqual(new Date('2026-05-26T12:29:00Z'));
  });

  it('reads a list of samples', () => {
    const alerts = parseMetrics(
      {
        samples: [
          { deployment: 'acme-chat', metric: 'latency_p95', value: '12s' },
          { deployment: 'acme-chat', metric: 'integration_error_rate', value: 0.2 },
        ],
      },
      deployments,
      receivedAt,
    );

    expect(alerts.map((a) => [a.fingerprint, a.severityHint])).toEqual([
      ['acme-chat/latency_p95', 'critical'],
      ['acme-chat/integration_error_rate', 'critical'],
    ]);
    expect(alerts[0]!.startsAt).toEqual(receivedAt);
  });

  it('says which threshold to add when the deployment has none for the metric', () => {
    const alert = parseMetrics(
      { deployment: 'acme-voice', metric: 'latency_p95', value: '3s' },
      deployments,
      receivedAt,
    )[0]!;

    expect(alert.ignoreReason).toBe(
      'acme-voice has no latency_p95 threshold; add thresholds.latency_p95 to the config',
    );
  });

  it('names the metrics it knows when given another', () => {
    expect(sample('latency_p99', '3s').ignoreReason).toBe(
      'metric "latency_p99" is not one Vigil knows (latency_p95, latency_avg, completion_rate, ' +
        'integration_error_rate, out_of_scope_rate, availability)',
    );
  });

  it('refuses a value it cannot read, saying what it expected', () => {
    expect(() => sample('latency_p95', 'slow')).toThrow(
      new AlertFormatError(
        'samples[0].value: cannot read "slow" as a latency like "11.4s" or "850ms"',
      ),
    );
    expect(() => parseMetrics({ samples: [{ value: 1 }] }, deployments, receivedAt)).toThrow(
      /^not a metrics sample: samples\.0\.metric: is missing; name a metric like latency_p95/,
    );
  });
});
