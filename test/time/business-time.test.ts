import { describe, expect, it } from 'vitest';
import type { Duration } from '../../src/config/durations.js';
import { type BusinessCalendar, parseWeekdays } from '../../src/time/business-calendar.js';
import {
  addClockMinutes,
  addDuration,
  addSlaDuration,
  businessMinutesBetween,
  isOpen,
  nextOpening,
} from '../../src/time/business-time.js';

const at = (iso: string) => new Date(iso);
const duration = (amount: number, unit: Duration['unit']): Duration => ({ amount, unit });

function calendar(
  timeZone: string,
  days: string,
  from: string,
  to: string,
  holidays: string[] = [],
): BusinessCalendar {
  return { timeZone, days: parseWeekdays(days)!, from, to, holidays: new Set(holidays) };
}

const rome = calendar('Europe/Rome', 'mon-fri', '09:00', '18:00', ['2026-12-25', '2026-12-26']);
const newYork = calendar('America/New_York', 'mon-fri', '09:00', '17:00', [
  '2026-11-26',
  '2026-11-27',
]);

describe('isOpen and nextOpening', () => {
  it('counts the opening minute as open and the closing minute as closed', () => {
    expect(isOpen(at('2026-05-26T07:00:00Z'), rome)).toBe(true);
    expect(isOpen(at('2026-05-26T06:59:59Z'), rome)).toBe(false);
    expect(isOpen(at('2026-05-26T16:00:00Z'), rome)).toBe(false);
    expect(isOpen(at('2026-05-26T15:59:59Z'), rome)).toBe(true);
  });

  it('is closed on weekends and holidays', () => {
    expect(isOpen(at('2026-05-30T10:00:00Z'), rome)).toBe(false);
    expect(isOpen(at('2026-12-25T10:00:00Z'), rome)).toBe(false);
    expect(isOpen(at('2026-11-26T15:00:00Z'), newYork)).toBe(false);
  });

  it('returns the instant itself while open', () => {
    expect(nextOpening(at('2026-05-26T10:00:00Z'), rome)).toEqual(at('2026-05-26T10:00:00Z'));
  });

  it('finds Monday morning from Friday at closing time', () => {
    expect(nextOpening(at('2026-05-29T16:00:00Z'), rome)).toEqual(at('2026-06-01T07:00:00Z'));
  });

  it('skips a holiday weekend', () => {
    expect(nextOpening(at('2026-12-24T17:00:00Z'), rome)).toEqual(at('2026-12-28T08:00:00Z'));
    expect(nextOpening(at('2026-11-25T23:00:00Z'), newYork)).toEqual(at('2026-11-30T14:00:00Z'));
  });

  it('follows a sun-thu week', () => {
    const dubai = calendar('Asia/Dubai', 'sun-thu', '08:00', '17:00');
    expect(isOpen(at('2026-05-29T06:00:00Z'), dubai)).toBe(false);
    expect(nextOpening(at('2026-05-29T06:00:00Z'), dubai)).toEqual(at('2026-05-31T04:00:00Z'));
  });
});

describe('business hours (bh)', () => {
  it('starts counting at the next opening when started outside hours', () => {
    expect(addDuration(at('2026-05-30T10:00:00Z'), duration(4, 'bh'), rome)).toEqual(
      at('2026-06-01T11:00:00Z'),
    );
  });

  it('counts from exactly the opening minute', () => {
    expect(addDuration(at('2026-05-26T07:00:00Z'), duration(4, 'bh'), rome)).toEqual(
      at('2026-05-26T11:00:00Z'),
    );
  });

  it('carries over from exactly the closing minute into the next day', () => {
    expect(addDuration(at('2026-05-26T16:00:00Z'), duration(1, 'bh'), rome)).toEqual(
      at('2026-05-27T08:00:00Z'),
    );
  });

  it('ends at closing time when a span uses up the day exactly', () => {
    expect(addDuration(at('2026-05-26T12:00:00Z'), duration(4, 'bh'), rome)).toEqual(
      at('2026-05-26T16:00:00Z'),
    );
  });

  it('keeps local opening hours across the spring-forward weekend in Rome', () => {
    expect(addDuration(at('2026-03-27T16:00:00Z'), duration(2, 'bh'), rome)).toEqual(
      at('2026-03-30T08:00:00Z'),
    );
  });

  it('keeps local opening hours across the fall-back weekend in New York', () => {
    expect(addDuration(at('2026-10-30T20:00:00Z'), duration(2, 'bh'), newYork)).toEqual(
      at('2026-11-02T15:00:00Z'),
    );
  });

  it('spans a holiday weekend', () => {
    expect(addDuration(at('2026-12-24T16:00:00Z'), duration(2, 'bh'), rome)).toEqual(
      at('2026-12-28T09:00:00Z'),
    );
    expect(addDuration(at('2026-11-25T21:00:00Z'), duration(4, 'bh'), newYork)).toEqual(
      at('2026-11-30T17:00:00Z'),
    );
  });

  it('counts a short night shift on the spring-forward Sunday and a long one on fall-back', () => {
    const sundayNights = calendar('Europe/Rome', 'sun', '01:00', '04:00');
    const springDay = [at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z')] as const;
    const autumnDay = [at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z')] as const;
    expect(businessMinutesBetween(...springDay, sundayNights)).toBe(120);
    expect(businessMinutesBetween(...autumnDay, sundayNights)).toBe(240);
  });

  it('counts open minutes between two instants, negative when reversed', () => {
    const fridayAfternoon = at('2026-05-29T14:00:00Z');
    const mondayMorning = at('2026-06-01T08:30:00Z');
    expect(businessMinutesBetween(fridayAfternoon, mondayMorning, rome)).toBe(210);
    expect(businessMinutesBetween(mondayMorning, fridayAfternoon, rome)).toBe(-210);
  });
});

describe('business days (bd)', () => {
  it('is due at close of business on the Nth business day after the start date', () => {
    expect(addDuration(at('2026-05-25T08:00:00Z'), duration(5, 'bd'), rome)).toEqual(
      at('2026-06-01T16:00:00Z'),
    );
  });

  it('does not count the start date even when started before opening', () => {
    expect(addDuration(at('2026-05-26T05:00:00Z'), duration(1, 'bd'), rome)).toEqual(
      at('2026-05-27T16:00:00Z'),
    );
  });

  it('skips holidays and weekends', () => {
    expect(addDuration(at('2026-12-23T09:00:00Z'), duration(5, 'bd'), rome)).toEqual(
      at('2026-12-31T17:00:00Z'),
    );
  });

  it('uses the local date, not the UTC date, of the start', () => {
    const fridayEveningInNewYork = at('2026-05-30T02:00:00Z');
    expect(addDuration(fridayEveningInNewYork, duration(1, 'bd'), newYork)).toEqual(
      at('2026-06-01T21:00:00Z'),
    );
  });

  it('refuses business units without opening hours', () => {
    expect(() =>
      addDuration(at('2026-05-26T10:00:00Z'), duration(1, 'bd'), { timeZone: 'Europe/Rome' }),
    ).toThrow(/business hours/);
  });
});

describe('calendar days (d) and fixed units', () => {
  it('keeps the wall-clock time across spring-forward, making the day 23 hours', () => {
    expect(addDuration(at('2026-03-28T11:00:00Z'), duration(1, 'd'), rome)).toEqual(
      at('2026-03-29T10:00:00Z'),
    );
    expect(addDuration(at('2026-03-07T17:00:00Z'), duration(1, 'd'), newYork)).toEqual(
      at('2026-03-08T16:00:00Z'),
    );
  });

  it('keeps the wall-clock time across fall-back, making the day 25 hours', () => {
    expect(addDuration(at('2026-10-24T10:00:00Z'), duration(1, 'd'), rome)).toEqual(
      at('2026-10-25T11:00:00Z'),
    );
    expect(addDuration(at('2026-10-31T16:00:00Z'), duration(1, 'd'), newYork)).toEqual(
      at('2026-11-01T17:00:00Z'),
    );
  });

  it('lands after the gap when the same wall-clock time does not exist', () => {
    expect(addDuration(at('2026-03-28T01:30:00Z'), duration(1, 'd'), rome)).toEqual(
      at('2026-03-29T01:30:00Z'),
    );
  });

  it('adds 14 days as two weeks of local dates', () => {
    expect(addDuration(at('2026-03-20T14:00:00Z'), duration(14, 'd'), rome)).toEqual(
      at('2026-04-03T13:00:00Z'),
    );
  });

  it('treats s, m and h as elapsed time even across a change', () => {
    expect(addDuration(at('2026-03-29T00:30:00Z'), duration(1, 'h'), rome)).toEqual(
      at('2026-03-29T01:30:00Z'),
    );
    expect(addDuration(at('2026-03-29T00:30:00Z'), duration(90, 's'), rome)).toEqual(
      at('2026-03-29T00:31:30Z'),
    );
  });
});

describe('cadence clocks', () => {
  const fridayFivePmRome = at('2026-05-29T15:00:00Z');

  it('runs around the clock in 24x7 mode', () => {
    expect(addClockMinutes(fridayFivePmRome, 120, '24x7')).toEqual(at('2026-05-29T17:00:00Z'));
  });

  it('stops overnight and at weekends in business mode', () => {
    expect(addClockMinutes(fridayFivePmRome, 120, 'business', rome)).toEqual(
      at('2026-06-01T08:00:00Z'),
    );
  });

  it('applies the policy hours to s, m and h but not to explicit units', () => {
    expect(addSlaDuration(fridayFivePmRome, duration(2, 'h'), 'business', rome)).toEqual(
      at('2026-06-01T08:00:00Z'),
    );
    expect(addSlaDuration(fridayFivePmRome, duration(2, 'h'), '24x7', rome)).toEqual(
      at('2026-05-29T17:00:00Z'),
    );
    expect(addSlaDuration(fridayFivePmRome, duration(1, 'd'), 'business', rome)).toEqual(
      at('2026-05-30T15:00:00Z'),
    );
  });
});

describe('parseWeekdays', () => {
  it('reads ranges, lists and wrapping ranges', () => {
    expect([...parseWeekdays('mon-fri')!]).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect([...parseWeekdays('mon,wed,fri')!]).toEqual(['mon', 'wed', 'fri']);
    expect([...parseWeekdays('mon-sat')!]).toHaveLength(6);
    expect([...parseWeekdays('fri-mon')!]).toEqual(['fri', 'sat', 'sun', 'mon']);
  });

  it('refuses names that are not weekdays', () => {
    expect(parseWeekdays('weekdays')).toBeUndefined();
    expect(parseWeekdays('mon-fri-sat')).toBeUndefined();
  });
});
