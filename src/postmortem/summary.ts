import type { PolicySnapshot } from '../incidents/policy.js';
import type { IncidentType } from '../incidents/types.js';
import { formatInZone } from '../time/zoned-time.js';
import type { IncidentRecord } from './record.js';

const whatHappened: Record<IncidentType, string> = {
  latency: 'answered more slowly than the agreed threshold',
  response_error: 'gave well-formed but wrong answers',
  integration: 'could not complete requests that depend on a connected system',
  hallucination: 'gave plausible but false answers on a critical topic',
  outage: 'stopped answering',
};

export const gap = (what: string) => `_[to fill: ${what}]_`;

export function formatDuration(fromAt: Date, toAt: Date): string {
  const minutes = Math.max(0, Math.round((toAt.getTime() - fromAt.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/**
 * The executive summary a non-technical reader can follow: what happened, to whom, for how long,
 * how it was contained, why, and what changes. Each missing piece is named in `gaps`.
 */
export function summarise(record: IncidentRecord, gaps: string[]): string {
  const { incident, rca, actions, mitigations } = record;
  const policy = incident.policy as PolicySnapshot;
  const zone = policy.timeZone;
  const startAt = rca?.degradedAt ?? incident.declaredAt;
  const parts: string[] = [];
  const end = incident.resolvedAt;
  const span = end
    ? `From ${formatInZone(startAt, zone)} to ${formatInZone(end, zone)} (${formatDuration(startAt, end)})`
    : `Since ${formatInZone(startAt, zone)} (not resolved yet)`;
  parts.push(
    `${span}, the ${incident.deploymentKey} assistant of ${policy.clientName} ` +
      `${whatHappened[incident.type as IncidentType]}: ${incident.title}.`,
  );
  const impact: string[] = [];
  if (rca?.sessionsAffected != null)
    impact.push(`${rca.sessionsAffected.toLocaleString('en-US')} sessions`);
  if (rca?.usersAffectedPct != null) impact.push(`${rca.usersAffectedPct}% of users`);
  if (impact.length > 0) parts.push(`It affected ${impact.join(', about ')}.`);
  else if (rca?.downstreamImpact) parts.push(`Impact: ${rca.downstreamImpact.replace(/\.$/, '')}.`);
  else {
    gaps.push('impact (sessions affected, share of users or downstream effects)');
    parts.push(`Impact: ${gap('sessions affected and share of users')}.`);
  }
  if (incident.detectedBy === 'client')
    parts.push('The client noticed it before our monitoring did.');
  else
    parts.push(
      `It was detected by ${incident.detectedBy === 'monitoring' ? 'our monitoring' : 'our team'}.`,
    );
  const first = mitigations[0];
  if (first && incident.mitigatedAt) {
    parts.push(
      `We contained the impact at ${formatInZone(incident.mitigatedAt, zone)} (${first.description.replace(/\.$/, '')}).`,
    );
  }
  if (end) parts.push(`Normal service was restored at ${formatInZone(end, zone)}.`);
  if (incident.hasPersonalData) {
    parts.push(
      incident.personalDataNoticeAt
        ? `Personal data may have been involved; ${policy.clientName} was told ${formatInZone(incident.personalDataNoticeAt, zone)}.`
        : `Personal data may have been involved; the notice to ${policy.clientName} ${gap('not sent yet')}.`,
    );
  }
  if (rca?.rootCause) parts.push(`Cause: ${rca.rootCause.replace(/\.$/, '')}.`);
  else {
    gaps.push('root cause');
    parts.push(`Cause: ${gap('root cause from the RCA')}.`);
  }
  if (actions.length > 0) {
    const last = actions.reduce((a, b) => (a.dueAt > b.dueAt ? a : b));
    const named = actions.slice(0, 3).map((a) => a.description.replace(/\.$/, ''));
    const more = actions.length > 3 ? `; and ${actions.length - 3} more` : '';
    parts.push(
      `What changes: ${named.join('; ')}${more} (${actions.length} action${actions.length === 1 ? '' : 's'}, ` +
        `the last due ${formatInZone(last.dueAt, zone)}).`,
    );
  } else {
    gaps.push('corrective actions');
    parts.push(`What changes: ${gap('corrective actions with owners and deadlines')}.`);
  }
  return parts.join(' ');
}
