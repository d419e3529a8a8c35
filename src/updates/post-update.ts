import { desc, eq, sql } from 'drizzle-orm';
import { FieldErrors, UserError } from '../errors.js';
import { addTimelineEntry, scheduleRefresh } from '../incidents/change.js';
import type { DomainContext } from '../incidents/context.js';
import { getIncident, type Incident } from '../incidents/queries.js';
import { personalDataJob } from '../rca/personal-data.js';
import { cancelJobs, enqueueJob } from '../scheduler/jobs.js';
import { writeAudit } from '../store/audit.js';
import { claimRequest } from '../store/requests.js';
import { clientUpdates, incidents } from '../store/schema.js';
import { formatInZone } from '../time/zoned-time.js';
import { coverBreaches, latestNextUpdateAt, policyOf, setNextUpdateDue } from './cadence.js';
import { checkPart } from './quality.js';

export const deliverUpdateJobKind = 'update.deliver';
const slackMinuteMs = 60_000;

export interface UpdateInput {
  incidentId: number;
  what: string;
  doing: string;
  nextUpdateAt: Date | undefined;
  actorId: string;
  /** A personal-data notice is an update that also starts the client's own regulatory clock. */
  isPersonalDataNotice?: boolean;
}

const partNames = { what: 'what is happening', doing: 'what we are doing' } as const;

function refusal(part: keyof typeof partNames, problem: 'empty' | 'evasive'): string {
  if (problem === 'empty') return `Say ${partNames[part]}; the client needs all three parts.`;
  return (
    `This does not tell the client anything yet. Name the symptom, the scope or the step ` +
    `(e.g. "CRM lookups time out for 30% of chats", "routing CRM requests to human operators").`
  );
}

/** Refuses an update that says nothing, or promises the next one later than the contract allows. */
export function checkUpdate(incident: Incident, input: UpdateInput, now: Date): void {
  const errors: Record<string, string> = {};
  for (const part of ['what', 'doing'] as const) {
    const problem = checkPart(input[part]);
    if (problem) errors[part] = refusal(part, problem);
  }
  const isResolved = incident.resolvedAt !== null;
  const latest = latestNextUpdateAt(incident, now);
  const zone = policyOf(incident).timeZone;
  if (!input.nextUpdateAt) {
    if (!isResolved && latest) errors.next_update = 'Say when the next update comes.';
  } else if (input.nextUpdateAt.getTime() <= now.getTime()) {
    errors.next_update = 'The next update time is in the past; pick a time to come.';
  } else if (
    !isResolved &&
    latest &&
    input.nextUpdateAt.getTime() > latest.getTime() + slackMinuteMs
  ) {
    errors.next_update =
      `The contract promises updates at least every ${cadenceWords(incident)}: ` +
      `pick a time no later than ${formatInZone(latest, zone)}.`;
  }
  if (Object.keys(errors).length > 0) throw new FieldErrors(errors);
}

function cadenceWords(incident: Incident): string {
  const terms = policyOf(incident).severities[incident.severity as 'P1'];
  const every = terms?.updateEvery;
  return every ? `${every.amount}${every.unit}` : 'cadence';
}

/**
 * Records a client update and queues its delivery in one transaction: the client channel gets it
 * from the delivery job, so a Slack failure or a restart delays it but never loses or repeats it.
 */
export function postClientUpdate(ctx: DomainContext, input: UpdateInput, requestKey: string) {
  const incident = getIncident(ctx.db, input.incidentId);
  if (incident.status === 'closed') {
    throw new UserError('incident_closed', `${incident.ref} is closed; client updates have ended.`);
  }
  const now = ctx.clock.now();
  checkUpdate(incident, input, now);

  return ctx.db.transaction((tx) => {
    if (!claimRequest(tx, requestKey, 'client_update', now)) return null;
    const last = tx
      .select({ sequence: clientUpdates.sequence })
      .from(clientUpdates)
      .where(eq(clientUpdates.incidentId, incident.id))
      .orderBy(desc(clientUpdates.sequence))
      .get();
    const sequence = (last?.sequence ?? 0) + 1;
    const isFirstContact = incident.firstContactAt === null;
    const update = tx
      .insert(clientUpdates)
      .values({
        incidentId: incident.id,
        sequence,
        kind: input.isPersonalDataNotice
          ? 'personal_data'
          : incident.resolvedAt
            ? 'final'
            : 'update',
        what: input.what.trim(),
        doing: input.doing.trim(),
        nextUpdateAt: input.nextUpdateAt ?? null,
        sentBy: input.actorId,
        sentAt: now,
        dueAt: incident.nextUpdateDueAt,
        isFirstContact,
        clientChannelId: policyOf(incident).clientChannelId,
      })
      .returning()
      .get();
    tx.update(incidents)
      .set({
        ...(isFirstContact ? { firstContactAt: now } : {}),
        ...(input.isPersonalDataNotice ? { personalDataNoticeAt: now } : {}),
        ...(incident.status === 'declared' ? { status: 'investigating' } : {}),
        version: sql`${incidents.version} + 1`,
        updatedAt: now,
      })
      .where(eq(incidents.id, incident.id))
      .run();
    coverBreaches(tx, incident.id, now);
    if (!incident.resolvedAt) setNextUpdateDue(tx, incident, input.nextUpdateAt ?? null, now);
    if (input.isPersonalDataNotice) cancelJobs(tx, incident.id, [personalDataJob], now);
    addTimelineEntry(
      tx,
      incident.id,
      {
        kind: isFirstContact ? 'first_contact' : 'client_update',
        occurredAt: now,
        actorId: input.actorId,
        text: `Client update #${sequence} sent${isFirstContact ? ' (first contact)' : ''}: ${update.what}`,
        data: { updateId: update.id },
      },
      now,
    );
    writeAudit(tx, {
      at: now,
      actorId: input.actorId,
      action: 'incident.client_update',
      incidentId: incident.id,
      details: { sequence, isFirstContact },
    });
    enqueueJob(tx, {
      kind: deliverUpdateJobKind,
      incidentId: incident.id,
      dueAt: now,
      payload: { updateId: update.id },
      dedupeKey: `${deliverUpdateJobKind}:${update.id}`,
    });
    scheduleRefresh(tx, incident.id, now);
    return update;
  });
}
