import type { Incident } from '../incidents/queries.js';

export function formatInstant(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')}, ${get('hour')}:${get('minute')} ${get('timeZoneName')}`;
}

export function incidentTimeZone(incident: Incident): string {
  const policy = incident.policy as { timeZone?: string; timezone?: string };
  return policy.timeZone ?? policy.timezone ?? 'UTC';
}

export function formatterFor(incident: Incident): (instant: Date) => string {
  const zone = incidentTimeZone(incident);
  return (instant) => formatInstant(instant, zone);
}
