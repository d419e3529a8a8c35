/** A wall-clock reading in some zone; `month` runs 1-12. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A calendar date with no zone, as `YYYY-MM-DD` names it. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const minuteMs = 60_000;
const dayMs = 86_400_000;
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for IANA names such as Europe/Rome; bare offsets like +01:00 are not zones. */
export function isValidTimeZone(name: string): boolean {
  if (!/^[A-Za-z]/.test(name)) return false;
  try {
    partsFormatter(name);
    return true;
  } catch {
    return false;
  }
}

export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of partsFormatter(timeZone).formatToParts(instant)) {
    if (part.type in wall) wall[part.type as keyof WallClock] = Number(part.value);
  }
  return wall;
}

function wallClockAsUtcMs(wall: WallClock): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** Minutes the zone's clock is ahead of UTC at this instant (Rome in summer: 120). */
export function utcOffsetMinutesAt(instantMs: number, timeZone: string): number {
  const wholeSecondMs = Math.floor(instantMs / 1000) * 1000;
  const wall = wallClockAt(new Date(wholeSecondMs), timeZone);
  return Math.round((wallClockAsUtcMs(wall) - wholeSecondMs) / minuteMs);
}

/**
 * The instant a wall clock in the zone shows this reading. A reading skipped by a spring-forward
 * gap moves forward by the gap (02:30 becomes 03:30); one repeated by a fall-back fold takes the
 * earlier of the two instants, so deadlines never land later than the reader expects.
 */
export function instantAtWallClock(wall: WallClock, timeZone: string): Date {
  const wallMs = wallClockAsUtcMs(wall);
  const offsetBefore = utcOffsetMinutesAt(wallMs - dayMs, timeZone);
  const offsetAfter = utcOffsetMinutesAt(wallMs + dayMs, timeZone);
  const matching = [offsetBefore, offsetAfter]
    .map((offset) => wallMs - offset * minuteMs)
    .filter((candidateMs) => {
      const offset = utcOffsetMinutesAt(candidateMs, timeZone);
      return candidateMs === wallMs - offset * minuteMs;
    });
  if (matching.length > 0) return new Date(Math.min(...matching));
  return new Date(wallMs - offsetBefore * minuteMs);
}

export function localDateAt(instant: Date, timeZone: string): LocalDate {
  const { year, month, day } = wallClockAt(instant, timeZone);
  return { year, month, day };
}

export function addLocalDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/** 0 for Sunday to 6 for Saturday, independent of any zone. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

export function formatLocalDate(date: LocalDate): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

/** Reads `YYYY-MM-DD`, refusing dates that do not exist such as 2026-02-30. */
export function parseLocalDate(text: string): LocalDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return formatLocalDate(addLocalDays(date, 0)) === text ? date : undefined;
}

const labelLocales = ['en-US', 'en-GB'];
const labelFormatters = new Map<string, Intl.DateTimeFormat[]>();

/** A short zone label such as CEST or EDT; Intl only knows some in each locale, else GMT+9. */
function zoneLabelAt(instant: Date, timeZone: string): string {
  let formatters = labelFormatters.get(timeZone);
  if (!formatters) {
    formatters = labelLocales.map(
      (locale) => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }),
    );
    labelFormatters.set(timeZone, formatters);
  }
  const labels = formatters.map(
    (formatter) => formatter.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value,
  );
  return labels.find((label) => label && !/^(GMT|UTC)[+-]/.test(label)) ?? labels[0] ?? timeZone;
}

const weekdayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const monthNames = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** For client-facing text: `Tue 26 May 2026, 15:07 CEST`. */
export function formatInZone(instant: Date, timeZone: string): string {
  const wall = wallClockAt(instant, timeZone);
  const weekday = weekdayNames[weekdayOf(wall)];
  const month = monthNames[wall.month - 1];
  const time = `${String(wall.hour).padStart(2, '0')}:${String(wall.minute).padStart(2, '0')}`;
  return `${weekday} ${wall.day} ${month} ${wall.year}, ${time} ${zoneLabelAt(instant, timeZone)}`;
}
