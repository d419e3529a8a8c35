export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';

/** Indexed like Date#getUTCDay: 0 is Sunday. */
export const weekdays: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * When a client is open: on `days`, from `from` to `to` on the wall clock of `timeZone`, except
 * on `holidays` (YYYY-MM-DD in that zone). Windows never cross midnight; `to` may be 24:00.
 */
export interface BusinessCalendar {
  timeZone: string;
  days: ReadonlySet<Weekday>;
  from: string;
  to: string;
  holidays: ReadonlySet<string>;
}

/** The zone alone is enough for calendar units; business units also need the opening hours. */
export type ZoneOrCalendar = BusinessCalendar | { timeZone: string };

export function hasOpeningHours(calendar: ZoneOrCalendar): calendar is BusinessCalendar {
  return 'days' in calendar;
}

function weekdayIndex(name: string): number {
  return weekdays.indexOf(name.trim().toLowerCase() as Weekday);
}

/** Reads `mon-fri`, `mon,wed,fri`, `sun-thu`, `fri-mon` (wrapping) or a list of day names. */
export function parseWeekdays(input: unknown): ReadonlySet<Weekday> | undefined {
  const items = Array.isArray(input) ? input : typeof input === 'string' ? input.split(',') : [];
  if (items.length === 0) return undefined;

  const days = new Set<Weekday>();
  for (const item of items) {
    if (typeof item !== 'string') return undefined;
    const [first, last, ...rest] = item.split('-');
    const firstIndex = weekdayIndex(first ?? '');
    const lastIndex = last === undefined ? firstIndex : weekdayIndex(last);
    if (firstIndex < 0 || lastIndex < 0 || rest.length > 0) return undefined;
    for (let offset = 0; offset <= (lastIndex - firstIndex + 7) % 7; offset++) {
      days.add(weekdays[(firstIndex + offset) % 7]!);
    }
  }
  return days;
}

/** Minutes after midnight for `HH:MM`; 24:00 is allowed as the end of a day. */
export function parseClockTime(input: unknown): number | undefined {
  const match = typeof input === 'string' ? /^(\d{1,2}):(\d{2})$/.exec(input.trim()) : null;
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return undefined;
  return hours * 60 + minutes;
}
