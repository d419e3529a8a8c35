import type { ClockHours, Duration } from '../config/durations.js';
import {
  type BusinessCalendar,
  hasOpeningHours,
  parseClockTime,
  weekdays,
  type ZoneOrCalendar,
} from './business-calendar.js';
import {
  addLocalDays,
  formatLocalDate,
  instantAtWallClock,
  type LocalDate,
  localDateAt,
  wallClockAt,
  weekdayOf,
} from './zoned-time.js';

interface OpenWindow {
  openAt: Date;
  closeAt: Date;
}

const minuteMs = 60_000;
const fixedUnitMs = { s: 1_000, m: minuteMs, h: 60 * minuteMs };
/** Ten years of closed days means the calendar can never open; stop instead of looping forever. */
const searchLimitDays = 3_660;

function isBusinessDay(date: LocalDate, calendar: BusinessCalendar): boolean {
  const weekday = weekdays[weekdayOf(date)]!;
  return calendar.days.has(weekday) && !calendar.holidays.has(formatLocalDate(date));
}

function instantOnDate(date: LocalDate, clockTime: string, calendar: BusinessCalendar): Date {
  const minutes = parseClockTime(clockTime);
  if (minutes === undefined) throw new Error(`business hours time "${clockTime}" is not HH:MM`);
  const wall = { ...date, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 };
  return instantAtWallClock(wall, calendar.timeZone);
}

function windowOn(date: LocalDate, calendar: BusinessCalendar): OpenWindow {
  return {
    openAt: instantOnDate(date, calendar.from, calendar),
    closeAt: instantOnDate(date, calendar.to, calendar),
  };
}

/** The open window containing `instant`, or else the next one to open. */
function windowClosingAfter(instant: Date, calendar: BusinessCalendar): OpenWindow {
  let date = localDateAt(instant, calendar.timeZone);
  for (let day = 0; day < searchLimitDays; day++) {
    if (isBusinessDay(date, calendar)) {
      const window = windowOn(date, calendar);
      if (window.closeAt > instant) return window;
    }
    date = addLocalDays(date, 1);
  }
  throw new Error(`business calendar in ${calendar.timeZone} never opens`);
}

function requireOpeningHours(calendar: ZoneOrCalendar | undefined): BusinessCalendar {
  if (calendar && hasOpeningHours(calendar)) return calendar;
  throw new Error('business-time arithmetic needs a calendar with business hours');
}

export function isOpen(instant: Date, calendar: BusinessCalendar): boolean {
  return windowClosingAfter(instant, calendar).openAt <= instant;
}

/** `instant` itself when the client is open then, else the moment it next opens. */
export function nextOpening(instant: Date, calendar: BusinessCalendar): Date {
  const { openAt } = windowClosingAfter(instant, calendar);
  return openAt > instant ? openAt : instant;
}

/**
 * Moves forward through open time only. A span that uses up a day exactly ends at that day's
 * closing time, not at the next opening.
 */
export function addBusinessMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date {
  if (minutes <= 0) return start;
  let remainingMs = minutes * minuteMs;
  let cursor = start;
  for (;;) {
    const window = windowClosingAfter(cursor, calendar);
    const countFromMs = Math.max(window.openAt.getTime(), cursor.getTime());
    const availableMs = window.closeAt.getTime() - countFromMs;
    if (remainingMs <= availableMs) return new Date(countFromMs + remainingMs);
    remainingMs -= availableMs;
    cursor = window.closeAt;
  }
}

/** Open minutes from `a` to `b`, negative when `b` comes first; fractions of a minute are kept. */
export function businessMinutesBetween(a: Date, b: Date, calendar: BusinessCalendar): number {
  if (b < a) return -businessMinutesBetween(b, a, calendar);
  let totalMs = 0;
  let cursor = a;
  while (cursor < b) {
    const window = windowClosingAfter(cursor, calendar);
    if (window.openAt >= b) break;
    const countFromMs = Math.max(window.openAt.getTime(), cursor.getTime());
    const countToMs = Math.min(window.closeAt.getTime(), b.getTime());
    totalMs += countToMs - countFromMs;
    cursor = window.closeAt;
  }
  return totalMs / minuteMs;
}

/** Same wall-clock time `days` later in the zone, so 1d across a DST change is 23 or 25 hours. */
function addCalendarDays(start: Date, days: number, timeZone: string): Date {
  const wall = wallClockAt(start, timeZone);
  const date = addLocalDays(wall, days);
  const shifted = instantAtWallClock({ ...wall, ...date }, timeZone);
  return new Date(shifted.getTime() + start.getUTCMilliseconds());
}

// Nbd is due at close of business on the Nth business day after the start's own date.
function addBusinessDays(start: Date, days: number, calendar: BusinessCalendar): Date {
  let date = localDateAt(start, calendar.timeZone);
  let counted = 0;
  for (let step = 0; counted < days; step++) {
    if (step > searchLimitDays + days * 7) {
      throw new Error(`business calendar in ${calendar.timeZone} never opens`);
    }
    date = addLocalDays(date, 1);
    if (isBusinessDay(date, calendar)) counted++;
  }
  return windowOn(date, calendar).closeAt;
}

export function addDuration(start: Date, duration: Duration, calendar: ZoneOrCalendar): Date {
  switch (duration.unit) {
    case 's':
    case 'm':
    case 'h':
      return new Date(start.getTime() + duration.amount * fixedUnitMs[duration.unit]);
    case 'd':
      return addCalendarDays(start, duration.amount, calendar.timeZone);
    case 'bh':
      return addBusinessMinutes(start, duration.amount * 60, requireOpeningHours(calendar));
    case 'bd':
      return addBusinessDays(start, duration.amount, requireOpeningHours(calendar));
  }
}

/** Cadence clocks: with `business` hours the clock is stopped while the client is closed. */
export function addClockMinutes(
  start: Date,
  minutes: number,
  mode: ClockHours,
  calendar?: ZoneOrCalendar,
): Date {
  if (mode === '24x7') return new Date(start.getTime() + minutes * minuteMs);
  return addBusinessMinutes(start, minutes, requireOpeningHours(calendar));
}

/**
 * An SLA deadline: s, m and h follow the policy's `hours` (so 1h with business hours is one open
 * hour), while d, bh and bd already say which clock they use.
 */
export function addSlaDuration(
  start: Date,
  duration: Duration,
  hours: ClockHours,
  calendar: ZoneOrCalendar,
): Date {
  if (hours === 'business' && duration.unit in fixedUnitMs) {
    const minutes = (duration.amount * fixedUnitMs[duration.unit as 's' | 'm' | 'h']) / minuteMs;
    return addClockMinutes(start, minutes, hours, calendar);
  }
  return addDuration(start, duration, calendar);
}
