export type CalendarUnit = 's' | 'm' | 'h' | 'd';
export type BusinessUnit = 'bh' | 'bd';
export type DurationUnit = CalendarUnit | BusinessUnit;

/** A length of time as written in the config; `d`, `bh` and `bd` only mean something in a zone. */
export interface Duration {
  amount: number;
  unit: DurationUnit;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Whether an SLA clock runs around the clock or only while the client is open. */
export type ClockHours = '24x7' | 'business';
export type ReportCadence = 'monthly';

const durationPattern = /^(\d+(?:\.\d+)?)\s*(bh|bd|s|m|h|d)$/;
const wholeOnlyUnits: ReadonlySet<DurationUnit> = new Set(['d', 'bd']);
const unitMilliseconds: Record<Exclude<CalendarUnit, 'd'>, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

/** Renders any config value the way an error line quotes it: strings in quotes, shapes by kind. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

export function parseDuration(text: unknown): Parsed<Duration> {
  const expected = `expected a duration like 30m, got ${describeValue(text)}`;
  if (typeof text === 'number') {
    return { ok: false, error: `${expected} (add a unit: s, m, h, d, bh or bd)` };
  }
  if (typeof text !== 'string') return { ok: false, error: expected };
  const match = durationPattern.exec(text.trim());
  if (!match) return { ok: false, error: expected };

  const amount = Number(match[1]);
  const unit = match[2] as DurationUnit;
  if (amount <= 0) return { ok: false, error: `${expected} (it must be longer than zero)` };
  if (wholeOnlyUnits.has(unit) && !Number.isInteger(amount)) {
    return { ok: false, error: `${expected} (days are counted whole)` };
  }
  return { ok: true, value: { amount, unit } };
}

export function formatDuration(duration: Duration): string {
  return `${duration.amount}${duration.unit}`;
}

export function hasFixedLength(duration: Duration): boolean {
  return duration.unit === 's' || duration.unit === 'm' || duration.unit === 'h';
}

/** Milliseconds of a fixed-length duration; `d`, `bh` and `bd` depend on zone and calendar. */
export function durationToMilliseconds(duration: Duration): number {
  if (duration.unit === 'd' || duration.unit === 'bh' || duration.unit === 'bd') {
    throw new Error(`${formatDuration(duration)} has no fixed length; use addDuration with a zone`);
  }
  return duration.amount * unitMilliseconds[duration.unit];
}

export function parseClockHours(text: unknown): Parsed<ClockHours> {
  if (text === '24x7' || text === 'business') return { ok: true, value: text };
  return { ok: false, error: `expected 24x7 or business, got ${describeValue(text)}` };
}

export function parseReportCadence(text: unknown): Parsed<ReportCadence> {
  if (text === 'monthly') return { ok: true, value: text };
  return { ok: false, error: `expected monthly, got ${describeValue(text)}` };
}
