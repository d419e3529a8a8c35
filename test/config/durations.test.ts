import { describe, expect, it } from 'vitest';
import {
  durationToMilliseconds,
  formatDuration,
  parseClockHours,
  parseDuration,
  parseReportCadence,
} from '../../src/config/durations.js';

describe('parseDuration', () => {
  it('reads every unit of the contract', () => {
    const units = ['30s', '15m', '2h', '14d', '4bh', '5bd'].map((text) => parseDuration(text));
    expect(units).toEqual([
      { ok: true, value: { amount: 30, unit: 's' } },
      { ok: true, value: { amount: 15, unit: 'm' } },
      { ok: true, value: { amount: 2, unit: 'h' } },
      { ok: true, value: { amount: 14, unit: 'd' } },
      { ok: true, value: { amount: 4, unit: 'bh' } },
      { ok: true, value: { amount: 5, unit: 'bd' } },
    ]);
  });

  it('accepts fractions of fixed units but only whole days', () => {
    expect(parseDuration('1.5s')).toEqual({ ok: true, value: { amount: 1.5, unit: 's' } });
    expect(parseDuration('1.5d')).toMatchObject({ ok: false, error: /days are counted whole/ });
  });

  it('refuses prose with the expected shape and the value given', () => {
    expect(parseDuration('half an hour')).toEqual({
      ok: false,
      error: 'expected a duration like 30m, got "half an hour"',
    });
  });

  it('refuses a bare number and asks for a unit', () => {
    expect(parseDuration(15)).toEqual({
      ok: false,
      error: 'expected a duration like 30m, got 15 (add a unit: s, m, h, d, bh or bd)',
    });
  });

  it('refuses zero and unknown units', () => {
    expect(parseDuration('0m').ok).toBe(false);
    expect(parseDuration('3w').ok).toBe(false);
  });

  it('writes a duration back as it was given', () => {
    expect(formatDuration({ amount: 5, unit: 'bd' })).toBe('5bd');
  });

  it('gives fixed units a length and refuses zone-dependent ones', () => {
    expect(durationToMilliseconds({ amount: 6, unit: 's' })).toBe(6_000);
    expect(() => durationToMilliseconds({ amount: 1, unit: 'd' })).toThrow(/no fixed length/);
  });
});

describe('hours and report cadence', () => {
  it('reads 24x7, business and monthly and refuses anything else', () => {
    expect(parseClockHours('24x7')).toEqual({ ok: true, value: '24x7' });
    expect(parseClockHours('business')).toEqual({ ok: true, value: 'business' });
    expect(parseClockHours('office')).toEqual({
      ok: false,
      error: 'expected 24x7 or business, got "office"',
    });
    expect(parseReportCadence('monthly')).toEqual({ ok: true, value: 'monthly' });
    expect(parseReportCadence('weekly').ok).toBe(false);
  });
});
