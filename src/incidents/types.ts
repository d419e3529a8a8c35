export const severities = ['P1', 'P2', 'P3'] as const;
export type Severity = (typeof severities)[number];

export const incidentTypes = [
  'latency',
  'response_error',
  'integration',
  'hallucination',
  'outage',
] as const;
export type IncidentType = (typeof incidentTypes)[number];

export const typeHints: Record<IncidentType, { label: string; hint: string }> = {
  latency: { label: 'Latency', hint: 'Agents answer, but slower than the deployment threshold' },
  response_error: {
    label: 'Wrong answers',
    hint: 'Well-formed but wrong content: tariff, promotion, knowledge base mismatch',
  },
  integration: {
    label: 'Integration failure',
    hint: 'CRM, back office or ticketing read/write fails or times out',
  },
  hallucination: {
    label: 'Hallucination',
    hint: 'Plausible but false answer on amounts, deadlines, claims or cancellations',
  },
  outage: { label: 'Outage', hint: 'Agents do not answer; the channel is down' },
};

export const detectionSources = ['monitoring', 'internal', 'client'] as const;
export type DetectionSource = (typeof detectionSources)[number];

export const statuses = [
  'declared',
  'investigating',
  'mitigated',
  'resolved',
  'postmortem',
  'followed_up',
  'closed',
] as const;
export type IncidentStatus = (typeof statuses)[number];

export const openStatuses: IncidentStatus[] = ['declared', 'investigating', 'mitigated'];

export const severityWords: Record<Severity, string> = {
  P1: 'P1 — critical, immediate production impact',
  P2: 'P2 — degraded service',
  P3: 'P3 — anomaly without measurable user impact',
};

export const statusWords: Record<IncidentStatus, string> = {
  declared: 'Declared',
  investigating: 'Investigating',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
  postmortem: 'Post-mortem',
  followed_up: 'Followed up',
  closed: 'Closed',
};

export function isSeverity(value: string): value is Severity {
  return (severities as readonly string[]).includes(value);
}
