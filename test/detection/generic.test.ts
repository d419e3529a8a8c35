import { describe, expect, it } from 'vitest';
import { parseGeneric } from '../../src/detection/generic.js';
import { receivedAt, testDeployments } from './fixtures.js';

const deployments = testDeployments();

describe('generic alerts', () => {
  it('reads title, deployment, severity and time', () => {
    const [alert] = parseGeneric(
      {
        title: 'Voice agent stopped answering',
        deployment: 'acme-voice',
        severity: 'critical',
        at: '2026-05-26T14:20:00+02:00',
      },
      deployments,
      receivedAt,
    );

    expect(alert).toMatchObject({
      status: 'firing',
      name: 'Voice agent stopped answering',
      severityHint: 'critical',
      deploymentKey: 'acme-voice',
      clientKey: 'acme',
      startsAt: new Date('2026-05-26T12:20:00Z'),
    });
  });

  it('keeps one fingerprint across severity changes and the resolution', () => {
    const base = { title: 'CRM errors', deployment: 'acme-chat' };
    const read = (extra: Record<string, string>) =>
      parseGeneric({ ...base, ...extra }, deployments, receivedAt)[0]!;

    const warning = read({ severity: 'warning' });
    const critical = read({ severity: 'page' });
    const resolved = read({ status: 'resolved' });

    expect(critical.severityHint).toBe('critical');
    expect(warning.severityHint).toBe('warning');
    expect(new Set([warning.fingerprint, critical.fingerprint, resolved.fingerprint]).size).toBe(1);
    expect(resolved.endsAt).toEqual(receivedAt);
  });

  it('takes an alert without severity as not critical and without time as received now', () => {
    const [alert] = parseGeneric(
      { title: 'Odd', deployment: 'acme-chat' },
      deployments,
      receivedAt,
    );

    expect(alert!.severityHint).toBe('unknown');
    expect(alert!.startsAt).toEqual(receivedAt);
  });

  it('refuses a body without a title and a time it cannot read', () => {
    expect(() => parseGeneric({ deployment: 'acme-chat' }, deployments, receivedAt)).toThrow(
      /^not a generic alert: title: is missing/,
    );
    expect(() => parseGeneric({ title: 'x', at: 'yesterday' }, deployments, receivedAt)).toThrow(
      'at: cannot read "yesterday" as an ISO 8601 time',
    );
  });
});
