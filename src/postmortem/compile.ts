import { type MitigationKind, mitigationLabels } from '../incidents/lifecycle.js';
import type { PolicySnapshot } from '../incidents/policy.js';
import type { IncidentType, Severity } from '../incidents/types.js';
import { formatInZone } from '../time/zoned-time.js';
import type { IncidentRecord } from './record.js';
import { formatDuration, gap, summarise } from './summary.js';

export interface CompiledPostmortem {
  markdown: string;
  clientMarkdown: string;
  executiveSummary: string;
  gaps: string[];
}

/** Who someone is: a name inside, a role for the client. */
export interface People {
  nameOf(userId: string): string;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function escapeTable(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
}

/**
 * Instants the RCA must supply. An alert that never fired, or a client never contacted, is a
 * fact of the incident rather than a gap, and does not hold publication back.
 */
const instantsToFill = new Set(['First anomalous signal', 'Degradation began']);

interface Instant {
  label: string;
  at: Date | null;
}

/** Detection is the earlier of the first alert and the declaration. */
function detectedAt(record: IncidentRecord): Date {
  const alert = record.timeline.find((entry) => entry.kind === 'alert')?.occurredAt;
  const declared = record.incident.declaredAt;
  return alert && alert.getTime() < declared.getTime() ? alert : declared;
}

/** Monitoring can catch a problem before users feel it; that is a lead, not a zero. */
function detection(degradedAt: Date, detected: Date): string {
  if (detected.getTime() < degradedAt.getTime()) {
    return `detected ${formatDuration(detected, degradedAt)} before the degradation began`;
  }
  return `time to detect ${formatDuration(degradedAt, detected)}`;
}

function keyInstants(record: IncidentRecord): Instant[] {
  const { incident, rca, timeline } = record;
  const alert = timeline.find((entry) => entry.kind === 'alert');
  return [
    { label: 'First anomalous signal', at: rca?.firstSignalAt ?? null },
    { label: 'Degradation began', at: rca?.degradedAt ?? null },
    { label: 'Alert fired', at: alert?.occurredAt ?? null },
    { label: 'Detected and declared', at: incident.declaredAt },
    { label: 'First client contact', at: incident.firstContactAt },
    { label: 'Mitigated', at: incident.mitigatedAt },
    { label: 'Resolved', at: incident.resolvedAt },
  ];
}

function ownerLabel(
  record: IncidentRecord,
  userId: string,
  people: People,
  forClient: boolean,
): string {
  if (!forClient) return people.nameOf(userId);
  if (userId === record.incident.commanderId) return 'Incident commander';
  if (userId === record.incident.commsLeadId) return 'Communications lead';
  return 'Engineering owner';
}

function section(title: string, body: string[]): string[] {
  return [`## ${title}`, '', ...body, ''];
}

/**
 * Compiles the post-mortem from the record alone: the same record always gives the same document,
 * and whatever is missing is shown as a gap to fill, never invented.
 */
export function compilePostmortem(record: IncidentRecord, people: People): CompiledPostmortem {
  const gaps: string[] = [];
  const internal = render(record, people, false, gaps);
  const client = render(record, people, true, []);
  return {
    markdown: internal.markdown,
    clientMarkdown: client.markdown,
    executiveSummary: internal.summary,
    gaps,
  };
}

function render(record: IncidentRecord, people: People, forClient: boolean, gaps: string[]) {
  const { incident, rca } = record;
  const policy = incident.policy as PolicySnapshot;
  const zone = policy.timeZone;
  const at = (instant: Date | null) =>
    instant ? formatInZone(instant, zone) : gap('not recorded');
  const summary = summarise(record, gaps);
  const lines: string[] = [
    `# ${incident.ref} post-mortem: ${incident.title}`,
    '',
    `Client: ${policy.clientName} · Deployment: ${incident.deploymentKey} · Severity: ${incident.severity as Severity} · Type: ${incident.type}`,
    '',
  ];
  if (record.isRecordPartial) {
    lines.push(
      '> Note: the channel history could not be read in full when this was compiled; the record may be partial.',
      '',
    );
  }
  lines.push(...section('Executive summary', [summary]));

  const instants = keyInstants(record);
  const degradedAt = rca?.degradedAt ?? incident.declaredAt;
  const durations = [
    rca?.degradedAt ? detection(rca.degradedAt, detectedAt(record)) : null,
    incident.firstContactAt
      ? `time to first client contact ${formatDuration(incident.declaredAt, incident.firstContactAt)}`
      : null,
    incident.mitigatedAt
      ? `time to mitigate ${formatDuration(degradedAt, incident.mitigatedAt)}`
      : null,
    incident.resolvedAt
      ? `time to resolve ${formatDuration(degradedAt, incident.resolvedAt)}`
      : null,
  ].filter(Boolean);
  lines.push(
    ...section('Key instants', [
      `| Instant | Time (${zone}) |`,
      '| --- | --- |',
      ...instants.map(
        (i) =>
          `| ${i.label} | ${i.at || instantsToFill.has(i.label) ? at(i.at) : 'none recorded'} |`,
      ),
      '',
      durations.length > 0 ? `Durations: ${durations.join('; ')}.` : '',
    ]),
  );
  for (const instant of instants) {
    if (!instant.at && instantsToFill.has(instant.label)) gaps.push(instant.label.toLowerCase());
  }

  const shownKinds = forClient
    ? new Set([
        'declared',
        'first_contact',
        'client_update',
        'mitigation',
        'resolved',
        'severity_changed',
        'reopened',
      ])
    : null;
  const timeline = record.timeline
    .filter((entry) => !shownKinds || shownKinds.has(entry.kind))
    .map((entry) => {
      const who = !forClient && entry.actorId ? ` (${people.nameOf(entry.actorId)})` : '';
      return `- ${formatInZone(entry.occurredAt, zone)} — ${clean(entry.text, people, forClient)}${who}`;
    });
  lines.push(...section('Timeline', timeline.length > 0 ? timeline : [gap('timeline entries')]));

  const whys = rca?.whys ?? [];
  lines.push(
    ...section('Root cause', [
      rca?.rootCause ?? gap('root cause'),
      '',
      '### Five whys',
      '',
      ...(whys.length > 0
        ? whys.map((why, i) => `${i + 1}. ${why || gap(`why ${i + 1}`)}`)
        : [gap('the five whys')]),
    ]),
  );
  if (whys.length === 0) gaps.push('five whys');

  // Once any impact is stated, a figure nobody measured is said to be so, not left as a blank.
  const hasImpact =
    rca?.sessionsAffected != null ||
    rca?.usersAffectedPct != null ||
    Boolean(rca?.downstreamImpact);
  const unknown = (what: string) => (hasImpact ? 'not measured' : gap(what));
  const impact = [
    `- Sessions affected: ${rca?.sessionsAffected != null ? rca.sessionsAffected.toLocaleString('en-US') : unknown('sessions affected')}`,
    `- Share of users affected: ${rca?.usersAffectedPct != null ? `${rca.usersAffectedPct}%` : unknown('share of users')}`,
    `- Downstream effects: ${rca?.downstreamImpact ?? (hasImpact ? 'none recorded' : gap('wrong tickets, needless escalations, none'))}`,
    `- Personal data involved: ${incident.hasPersonalData ? `yes${incident.personalDataNoticeAt ? ` (client notified ${at(incident.personalDataNoticeAt)})` : ''}` : 'no'}`,
  ];
  lines.push(...section('Impact', impact));

  const mitigation = record.mitigations.map(
    (m) =>
      `- ${formatInZone(m.at, zone)} — ${mitigationLabels[m.kind as MitigationKind].replace(/^\d\. /, '')}: ${m.description}`,
  );
  lines.push(
    ...section('Mitigation and resolution', [
      ...(mitigation.length > 0 ? mitigation : ['- No separate mitigation was recorded.']),
      incident.resolutionSummary ? `- Resolution: ${incident.resolutionSummary}` : '',
    ]),
  );

  const actionRows = record.actions.map(
    (a) =>
      `| ${escapeTable(a.description)} | ${ownerLabel(record, a.ownerId, people, forClient)} | ${formatInZone(a.dueAt, zone).replace(/, \d\d:\d\d.*$/, '')} | ${escapeTable(a.metric)} | ${a.status} |`,
  );
  lines.push(
    ...section('Corrective actions', [
      '| Action | Owner | Deadline | Metric | Status |',
      '| --- | --- | --- | --- | --- |',
      ...(actionRows.length > 0 ? actionRows : [`| ${gap('actions')} | | | | |`]),
    ]),
  );

  const late = record.breaches.filter((b) => b.lateMinutes !== null || b.coveredAt === null);
  const comms = [
    `- Client updates sent: ${record.updates.length}${incident.firstContactAt ? `, first contact ${at(incident.firstContactAt)}` : ''}`,
    `- Updates late against the contracted cadence: ${late.length}${late.length > 0 ? ` (${late.map((b) => (b.lateMinutes !== null ? `${b.lateMinutes} min` : 'never sent')).join(', ')})` : ''}`,
  ];
  lines.push(...section('Client communication', comms));

  const review = record.timeline.find((e) => e.kind === 'follow_up_review');
  const followUp = policy.severities[incident.severity as Severity]?.followUp;
  lines.push(
    ...section('Follow-up plan', [
      followUp
        ? `A follow-up review ${followUp.amount}${followUp.unit} after resolution checks every action above against its metric.`
        : 'Reviewed in the monthly client report.',
      review ? `Review held ${at(review.occurredAt)}.` : '',
      record.actions.length > 0
        ? `Prevention is the ${record.actions.length} corrective action${record.actions.length === 1 ? '' : 's'} above, each checked against its metric.`
        : `Prevention: ${gap('corrective actions (monitoring thresholds, regression cases, conversations to review)')}`,
    ]),
  );
  if (!forClient) {
    const m = record.messages;
    lines.push(
      ...section('Record', [
        `${count(m.total, 'message')} from ${count(m.people, 'person', 'people')} (${m.external} external) in the incident channel; ${count(record.timeline.length, 'timeline entry', 'timeline entries')}.`,
        ...m.files.map((f) => `- File: ${f.name}${f.permalink ? ` (${f.permalink})` : ''}`),
      ]),
    );
  }
  return {
    markdown: `${lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()}\n`,
    summary,
  };
}

/**
 * Timeline text keeps Slack's markup (mentions, links, escapes); the document is Markdown read
 * outside Slack, so mentions become names (roles for the client) and links become text.
 */
function clean(text: string, people: People, forClient: boolean): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_m, id: string) =>
      forClient ? 'a team member' : people.nameOf(id),
    )
    .replace(/<#[CG][A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<!(here|channel|everyone)>/g, '@$1')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, handle?: string) => handle ?? '@group')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Everyone named in the record's text, so the document can show their names. */
export function mentionedUserIds(texts: string[]): string[] {
  return texts.flatMap((text) => [...text.matchAll(/<@([UW][A-Z0-9]+)/g)].map((m) => m[1]!));
}
