import { describe, expect, it } from 'vitest';
import type { Duration } from '../../src/config/durations.js';
import {
  deadlineAfter,
  type PolicySnapshot,
  type SeverityTerms,
} from '../../src/incidents/policy.js';

const minutes = (amount: number): Duration => ({ amount, unit: 'm' });

function policy(timeZone: string, hours: '24x7' | 'business'): PolicySnapshot {
  const terms: SeverityTerms = {
    firstContact: minutes(60),
    updateEvery: minutes(120),
    hours,
    grace: minutes(10),
    reminderBefore: minutes(5),
    escalationContactId: null,
  };
  return {
    client: 'c',
    clientName: 'Client',
    clientChannelId: 'C1',
    timeZone,
    businessHours: {
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      from: '09:00',
      to: '18:00',
      holidays: ['2026-12-25', '2026-12-26', '2026-11-26'],
    },
    technicalLeadId: null,
    severities: { P2: terms },
  };
}

const due = (zone: string, hours: '24x7' | 'business', start: string, duration: Duration) =>
  deadlineAfter(policy(zone, hours), 'P2', new Date(start), duration).toISOString();

describe('due times from the snapshotted policy', () => {
  it.each([
    ['Europe/Rome', '2026-03-27T17:00:00+01:00', '2026-03-30T08:00:00.000Z', 'spring-forward'],
    ['Europe/Rome', '2026-10-23T17:00:00+02:00', '2026-10-26T09:00:00.000Z', 'fall-back'],
    ['America/New_York', '2026-03-06T17:00:00-05:00', '2026-03-09T14:00:00.000Z', 'spring-forward'],
    ['America/New_York', '2026-10-30T17:00:00-04:00', '2026-11-02T15:00:00.000Z', 'fall-back'],
  ])(
    'counts business hours in %s from %s across the %s weekend to Monday 10:00',
    (zone, start, wanted) => {
      expect(due(zone, 'business', start, minutes(120))).toBe(wanted);
    },
  );

  it('skips holidays in the client’s own zone', () => {
    expect(due('Europe/Rome', 'business', '2026-12-24T17:30:00+01:00', minutes(60))).toBe(
      '2026-12-28T08:30:00.000Z',
    );
    // Thanksgiving in New York: Wednesday 17:30 + 1h ends Friday 09:30.
    expect(due('America/New_York', 'business', '2026-11-25T17:30:00-05:00', minutes(60))).toBe(
      '2026-11-27T14:30:00.000Z',
    );
  });

  it('counts a 24/7 cadence in elapsed minutes through both changes in both zones', () => {
    expect(due('Europe/Rome', '24x7', '2026-03-29T01:50:00+01:00', minutes(30))).toBe(
      '2026-03-29T01:20:00.000Z',
    );
    expect(due('Europe/Rome', '24x7', '2026-10-25T02:50:00+02:00', minutes(30))).toBe(
      '2026-10-25T01:20:00.000Z',
    );
    expect(due('America/New_York', '24x7', '2026-03-08T01:50:00-05:00', minutes(30))).toBe(
      '2026-03-08T07:20:00.000Z',
    );
    expect(due('America/New_York', '24x7', '2026-11-01T01:50:00-04:00', minutes(30))).toBe(
      '2026-11-01T06:20:00.000Z',
    );
  });

  it('keeps the wall-clock time for calendar days across a change', () => {
    expect(due('Europe/Rome', '24x7', '2026-03-28T12:00:00+01:00', { amount: 1, unit: 'd' })).toBe(
      '2026-03-29T10:00:00.000Z',
    );
    expect(
      due('America/New_York', '24x7', '2026-10-31T12:00:00-04:00', { amount: 1, unit: 'd' }),
    ).toBe('2026-11-01T17:00:00.000Z');
  });
});
