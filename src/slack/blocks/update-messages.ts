import type { View } from '@slack/types';
import type { Incident } from '../../incidents/queries.js';
import type { IncidentStatus, Severity } from '../../incidents/types.js';
import { statusWords } from '../../incidents/types.js';
import { controllerClockHours } from '../../rca/personal-data.js';
import type { clientUpdates } from '../../store/schema.js';
import { actions, blocks, views } from '../ids.js';
import { escapeMrkdwn, mentionUser } from '../mrkdwn.js';
import { type Blocks, button, dateTimeInput, md, modal, textInput } from './elements.js';

type ClientUpdate = typeof clientUpdates.$inferSelect;
type Format = (instant: Date) => string;

/** How a client reads severity: what it means for them, not our internal class. */
export const clientSeverityWords: Record<Severity, string> = {
  P1: 'Critical — your service is seriously affected',
  P2: 'Major — your service is degraded',
  P3: 'Minor — no measurable impact on your users',
};

const clientStatusWords: Record<string, string> = {
  declared: 'We are working on it',
  investigating: 'We are working on it',
  mitigated: 'Impact contained, fix in progress',
  resolved: 'Resolved',
  postmortem: 'Resolved',
  followed_up: 'Resolved',
  closed: 'Closed',
};

export function updateModal(
  incident: Incident,
  suggestedNextAt: Date | null,
  format: Format,
  isPersonalDataNotice = false,
): View {
  const isFinal = incident.resolvedAt !== null;
  const title = isPersonalDataNotice
    ? 'Personal-data notice'
    : isFinal
      ? 'Final client update'
      : 'Client update';
  return modal({
    callbackId: views.update,
    title,
    submit: 'Send to client',
    privateMetadata: { incidentId: incident.id, isPersonalDataNotice },
    blocks: [
      {
        type: 'context',
        elements: [
          md(
            `${incident.ref} · goes to the client’s channel exactly as written below; nothing ` +
              'else from the incident channel is shared.' +
              (incident.nextUpdateDueAt ? ` Due by ${format(incident.nextUpdateDueAt)}.` : ''),
          ),
        ],
      },
      textInput({
        blockId: blocks.what,
        label: 'What is happening',
        multiline: true,
        maxLength: 1500,
        placeholder: 'Chat answers take 12 s on average; about 30% of sessions are affected.',
      }),
      textInput({
        blockId: blocks.doing,
        label: 'What we are doing',
        multiline: true,
        maxLength: 1500,
        placeholder:
          'CRM-dependent requests now go to your human operators while we fix the cause.',
      }),
      dateTimeInput({
        blockId: blocks.nextUpdate,
        label: isFinal ? 'Next update (optional after resolution)' : 'Next update by',
        optional: isFinal,
        initial: suggestedNextAt ?? undefined,
        hint: 'The contract sets the longest gap allowed; a sooner time is fine.',
      }),
    ],
  });
}

/**
 * The client is the data controller: whether to notify an authority is their decision. We only
 * show when their clock started (this notice) and when 72 hours from it end.
 */
export function personalDataWords(noticeAt: Date, format: Format): string {
  const endsAt = new Date(noticeAt.getTime() + controllerClockHours * 3_600_000);
  return (
    `*Personal data:* personal data may be involved. As data controller, you decide whether ` +
    `and whom to notify; we act as your processor and will share the evidence you need. If GDPR ` +
    `applies, your ${controllerClockHours}-hour clock starts with this notice (${format(noticeAt)}) ` +
    `and ends ${format(endsAt)}.`
  );
}

/** What the client channel shows: reference, plain-words severity and status, the three parts. */
export function clientUpdateMessage(
  incident: Incident,
  update: ClientUpdate,
  format: Format,
): { text: string; blocks: Blocks } {
  const heading = update.isFirstContact
    ? `${incident.ref}: we are handling an incident affecting your service`
    : `${incident.ref}: update ${update.sequence}`;
  const next = update.nextUpdateAt
    ? `*Next update:* by ${format(update.nextUpdateAt)}, even if there is no news.`
    : '*Next update:* none planned; the post-mortem follows.';
  const controllerNote =
    update.kind === 'personal_data' ? [personalDataWords(update.sentAt, format)] : [];
  const body = [
    `*Severity:* ${clientSeverityWords[incident.severity as Severity]}`,
    `*Status:* ${clientStatusWords[incident.status] ?? incident.status}`,
    `*What is happening:* ${escapeMrkdwn(update.what)}`,
    `*What we are doing:* ${escapeMrkdwn(update.doing)}`,
    next,
    ...controllerNote,
  ].join('\n');
  return {
    text: `${heading} — ${update.what}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: heading.slice(0, 150) } },
      { type: 'section', text: md(body) },
      { type: 'context', elements: [md(`Sent ${format(update.sentAt)}`)] },
    ],
  };
}

export function mirrorMessage(incident: Incident, update: ClientUpdate, format: Format): string {
  const label = update.isFirstContact ? 'First contact' : `Client update #${update.sequence}`;
  const next = update.nextUpdateAt ? ` Next update due ${format(update.nextUpdateAt)}.` : '';
  return (
    `:outbox_tray: ${label} sent to the client by ${mentionUser(update.sentBy)}.${next}\n` +
    `> *What is happening:* ${escapeMrkdwn(update.what)}\n> *What we are doing:* ${escapeMrkdwn(update.doing)}`
  );
}

function who(incident: Incident): string {
  const people = [incident.commanderId, incident.commsLeadId].filter((id): id is string =>
    Boolean(id),
  );
  return [...new Set(people)].map(mentionUser).join(' ');
}

export function reminderMessage(incident: Incident, dueAt: Date, format: Format) {
  const label = incident.firstContactAt ? 'client update' : 'first client contact';
  return {
    text: `${incident.ref}: the ${label} is due ${format(dueAt)}`,
    blocks: [
      {
        type: 'section',
        text: md(
          `:alarm_clock: ${who(incident)} the ${label} for *${incident.ref}* is due *${format(dueAt)}*.`,
        ),
      },
      {
        type: 'actions',
        elements: [button('Send update', actions.sendUpdate, String(incident.id), 'primary')],
      },
    ] as Blocks,
  };
}

export function overdueMessage(
  incident: Incident,
  dueAt: Date,
  format: Format,
  isLateNotice: boolean,
) {
  const label = incident.firstContactAt ? 'client update' : 'first client contact';
  const since = isLateNotice ? ` (overdue since ${format(dueAt)}; Vigil was unavailable)` : '';
  return {
    text: `${incident.ref}: the ${label} is overdue`,
    blocks: [
      {
        type: 'section',
        text: md(
          `:warning: ${who(incident)} the ${label} for *${incident.ref}* was due ${format(dueAt)} and has not gone out${since}. The client is waiting.`,
        ),
      },
      {
        type: 'actions',
        elements: [button('Send update', actions.sendUpdate, String(incident.id), 'primary')],
      },
    ] as Blocks,
  };
}

export function escalationMessage(
  incident: Incident,
  dueAt: Date,
  format: Format,
  escalateTo: string[],
) {
  const targets = escalateTo.map(mentionUser).join(' ') || 'the incident managers';
  return {
    text: `${incident.ref}: client update overdue since ${format(dueAt)}, escalated`,
    blocks: [
      {
        type: 'section',
        text: md(
          `:rotating_light: Escalation: the client update for *${incident.ref}* is overdue since ` +
            `${format(dueAt)}. ${targets}, please make sure the client hears from us now. ` +
            `Commander: ${mentionUser(incident.commanderId)}.`,
        ),
      },
      {
        type: 'actions',
        elements: [button('Send update', actions.sendUpdate, String(incident.id), 'primary')],
      },
    ] as Blocks,
  };
}

export function interventionClientMessage(
  incident: Incident,
  leadId: string | null,
  format: Format,
  dueAt: Date,
) {
  const lead = leadId ? `${mentionUser(leadId)}, ` : '';
  return (
    `${lead}as agreed for ${incident.severity} incidents, we are letting you know that *${incident.ref}* ` +
    `is not yet resolved at the end of the intervention window (${format(dueAt)}). ` +
    `Status: ${statusWords[incident.status as IncidentStatus]}. The next regular update follows on schedule.`
  );
}
