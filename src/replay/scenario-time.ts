/** Scenario time: durations like `1h30m` and the three `at:` forms, all in virtual time. */

const unitMs: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `30m`, `2h`, `1d`, `1h30m`, `45s`; undefined when the text is not a duration. */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(?:\.\d+)?[smhd])+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)) {
    total += Number(amount) * unitMs[unit!]!;
  }
  return Math.round(total);
}

export type AtSpec =
  | { kind: 'clock'; hours: number; minutes: number; seconds: number }
  | { kind: 'instant'; instant: Date }
  | { kind: 'local'; text: string }
  | { kind: 'relative'; ms: number };

const offsetPattern = /(Z|[+-]\d{2}:?\d{2})$/i;

/** Minutes east of UTC for an ISO offset suffix (`+02:00`, `Z`), undefined when absent. */
export function offsetMinutesOf(iso: string): number | undefined {
  const match = offsetPattern.exec(iso.trim());
  if (!match) return undefined;
  const suffix = match[1]!.toUpperCase();
  if (suffix === 'Z') return 0;
  const digits = suffix.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return suffix.startsWith('-') ? -minutes : minutes;
}

export function parseAt(input: unknown): AtSpec | string {
  const text = typeof input === 'string' ? input.trim() : '';
  const hint = 'expected "14:37", an ISO time like 2026-05-26T14:37:00+02:00, or "+5m"';
  if (text === '') return `${hint}, got ${JSON.stringify(input)}`;
  if (text.startsWith('+')) {
    const ms = parseDurationMs(text.slice(1));
    return ms === undefined ? `${hint}, got "${text}"` : { kind: 'relative', ms };
  }
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (clock) {
    const [hours, minutes, seconds] = [clock[1], clock[2], clock[3] ?? '0'].map(Number) as [
      number,
      number,
      number,
    ];
    if (hours > 23 || minutes > 59 || seconds > 59) return `"${text}" is not a time of day`;
    return { kind: 'clock', hours, minutes, seconds };
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?/.test(text)) {
    if (offsetMinutesOf(text) === undefined) return { kind: 'local', text };
    const instant = new Date(text);
    if (Number.isNaN(instant.getTime())) return `"${text}" is not a valid date-time`;
    return { kind: 'instant', instant };
  }
  return `${hint}, got "${text}"`;
}

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The wall-clock date and time of an instant in a fixed offset. */
export function localParts(instant: Date, offsetMinutes: number) {
  const shifted = new Date(instant.getTime() + offsetMinutes * 60_000);
  const iso = shifted.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16), seconds: iso.slice(17, 19) };
}

/** Where an `at:` lands, given the clock now; times of day and local ISO use the start's offset. */
export function resolveAt(spec: AtSpec, now: Date, offsetMinutes: number): Date {
  switch (spec.kind) {
    case 'relative':
      return new Date(now.getTime() + spec.ms);
    case 'instant':
      return spec.instant;
    case 'local':
      return new Date(`${spec.text}${formatOffset(offsetMinutes)}`);
    case 'clock': {
      const { date } = localParts(now, offsetMinutes);
      const pad = (n: number) => String(n).padStart(2, '0');
      const time = `${pad(spec.hours)}:${pad(spec.minutes)}:${pad(spec.seconds)}`;
      return new Date(`${date}T${time}${formatOffset(offsetMinutes)}`);
    }
  }
}

/** `14:37` when the instant falls on the same day as `dayOf`, else `2026-05-27 14:37`. */
export function describeInstant(instant: Date, offsetMinutes: number, dayOf?: Date): string {
  const parts = localParts(instant, offsetMinutes);
  const sameDay = dayOf && localParts(dayOf, offsetMinutes).date === parts.date;
  return sameDay ? parts.time : `${parts.date} ${parts.time}`;
}
