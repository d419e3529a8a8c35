import type { Incident } from '../incidents/queries.js';
import { formatInZone } from '../time/zoned-time.js';

export function incidentTimeZone(incident: Incident): string {
  const policy = incident.policy as { timeZone?: string };
  return policy.timeZone ?? 'UTC';
}

/** Incident times are shown in the client's zone, with its label, for insiders and client alike. */
export function formatterFor(incident: Incident): (instant: Date) => string {
  const zone = incidentTimeZone(incident);
  return (instant) => formatInZone(instant, zone);
}
