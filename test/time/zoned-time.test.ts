import { describe, expect, it } from 'vitest';
import {
  formatInZone,
  instantAtWallClock,
  isValidTimeZone,
  parseLocalDate,
  utcOffsetMinutesAt,
  wallClockAt,
} from '../../src/time/zoned-time.js';

const at = (iso: string) => new Date(iso);
const wall = (year: number, month: number, day: number, hour: number, minute = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second: 0,
});

describe('time zone conversion', () => {
  it('reads the wall clock in Rome on both sides of the spring-forward change', () => {
    expect(wallClockAt(at('2026-03-29T00:59:00Z'), 'Europe/Rome')).toMatchObject({ hour: 1 });
    expect(wallClockAt(at('2026-03-29T01:00:00Z'), 'Europe/Rome')).toMatchObject({ hour: 3 });
  });

  it('knows the offset of New York before and after both changes', () => {
    expect(utcOffsetMinutesAt(Date.parse('2026-03-08T06:59:00Z'), 'America/New_York')).toBe(-300);
    expect(utcOffsetMinutesAt(Date.parse('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(-240);
    expect(utcOffsetMinutesAt(Date.parse('2026-11-01T05:59:00Z'), 'America/New_York')).toBe(-240);
    expect(utcOffsetMinutesAt(Date.parse('2026-11-01T06:00:00Z'), 'America/New_York')).toBe(-300);
  });

  it('moves a wall-clock time skipped by spring-forward to after the gap', () => {
    expect(instantAtWallClock(wall(2026, 3, 29, 2, 30), 'Europe/Rome')).toEqual(
      at('2026-03-29T01:30:00Z'),
    );
    expect(instantAtWallClock(wall(2026, 3, 8, 2, 30), 'America/New_York')).toEqual(
      at('2026-03-08T07:30:00Z'),
    );
  });

  it('takes the earlier instant for a wall-clock time repeated by fall-back', () => {
    expect(instantAtWallClock(wall(2026, 10, 25, 2, 30), 'Europe/Rome')).toEqual(
      at('2026-10-25T00:30:00Z'),
    );
    expect(instantAtWallClock(wall(2026, 11, 1, 1, 30), 'America/New_York')).toEqual(
      at('2026-11-01T05:30:00Z'),
    );
  });

  it('converts ordinary wall-clock times both ways', () => {
    expect(instantAtWallClock(wall(2026, 5, 26, 15, 7), 'Europe/Rome')).toEqual(
      at('2026-05-26T13:07:00Z'),
    );
    expect(instantAtWallClock(wall(2026, 1, 15, 9), 'America/New_York')).toEqual(
      at('2026-01-15T14:00:00Z'),
    );
  });

  it('accepts IANA zone names and refuses made-up names and bare offsets', () => {
    expect(isValidTimeZone('Europe/Rome')).toBe(true);
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Europe/Atlantis')).toBe(false);
    expect(isValidTimeZone('+01:00')).toBe(false);
  });

  it('refuses calendar dates that do not exist', () => {
    expect(parseLocalDate('2026-12-25')).toEqual({ year: 2026, month: 12, day: 25 });
    expect(parseLocalDate('2026-02-29')).toBeUndefined();
    expect(parseLocalDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseLocalDate('25/12/2026')).toBeUndefined();
  });
});

describe('formatInZone', () => {
  it('writes client-facing times with the short zone label', () => {
    expect(formatInZone(at('2026-05-26T13:07:00Z'), 'Europe/Rome')).toBe(
      'Tue 26 May 2026, 15:07 CEST',
    );
    expect(formatInZone(at('2026-12-01T14:00:00Z'), 'Europe/Rome')).toBe(
      'Tue 1 Dec 2026, 15:00 CET',
    );
    expect(formatInZone(at('2026-05-26T19:07:00Z'), 'America/New_York')).toBe(
      'Tue 26 May 2026, 15:07 EDT',
    );
    expect(formatInZone(at('2026-12-01T20:00:00Z'), 'America/New_York')).toBe(
      'Tue 1 Dec 2026, 15:00 EST',
    );
  });

  it('falls back to an offset label where no abbreviation exists', () => {
    expect(formatInZone(at('2026-05-26T00:00:00Z'), 'Asia/Tokyo')).toBe(
      'Tue 26 May 2026, 09:00 GMT+9',
    );
  });
});
