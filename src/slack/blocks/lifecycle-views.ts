import type { View } from '@slack/types';
import {
  type MitigationKind,
  mitigationKinds,
  mitigationLabels,
} from '../../incidents/lifecycle.js';
import type { Incident } from '../../incidents/queries.js';
import type { Rca } from '../../rca/rca.js';
import { actions, blocks, views } from '../ids.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import {
  type Blocks,
  button,
  checkboxInput,
  dateTimeInput,
  md,
  modal,
  option,
  radioInput,
  textInput,
  userInput,
} from './elements.js';

type Format = (instant: Date) => string;

export function mitigationModal(incident: Incident): View {
  return modal({
    callbackId: views.mitigation,
    title: 'Record a mitigation',
    submit: 'Record',
    privateMetadata: { incidentId: incident.id },
    blocks: [
      {
        type: 'context',
        elements: [md('The playbook prefers containing first, then rolling back, then changing.')],
      },
      radioInput({
        blockId: blocks.kind,
        label: 'What kind',
        options: mitigationKinds.map((k: MitigationKind) => option(k, mitigationLabels[k])),
      }),
      textInput({
        blockId: blocks.description,
        label: 'What was done',
        multiline: true,
        maxLength: 1500,
        placeholder: 'CRM-dependent intents routed to human operators',
      }),
    ],
  });
}

export function resolveModal(incident: Incident, now: Date): View {
  return modal({
    callbackId: views.resolve,
    title: 'Resolve',
    submit: 'Resolve',
    privateMetadata: { incidentId: incident.id },
    blocks: [
      dateTimeInput({ blockId: blocks.resolvedAt, label: 'Service was back at', initial: now }),
      textInput({
        blockId: blocks.summary,
        label: 'What brought service back (one line)',
        maxLength: 300,
      }),
    ],
  });
}

function recordLine(incident: Incident, alertAt: Date | null, format: Format): string {
  const at = (d: Date | null) => (d ? format(d) : '—');
  return [
    `*From the record* (not retyped): alert ${at(alertAt)} · declared ${at(incident.declaredAt)}`,
    `first client contact ${at(incident.firstContactAt)} · mitigated ${at(incident.mitigatedAt)}`,
    `resolved ${at(incident.resolvedAt)}`,
  ].join('\n');
}

export function rcaModal(
  incident: Incident,
  rca: Rca | undefined,
  alertAt: Date | null,
  format: Format,
): View {
  const whys = rca?.whys ?? [];
  return modal({
    callbackId: views.rca,
    title: 'Root-cause analysis',
    submit: 'Save',
    privateMetadata: { incidentId: incident.id },
    blocks: [
      { type: 'section', text: md(recordLine(incident, alertAt, format)) },
      dateTimeInput({
        blockId: blocks.firstSignalAt,
        label: 'First anomalous signal',
        optional: true,
        initial: rca?.firstSignalAt ?? undefined,
      }),
      dateTimeInput({
        blockId: blocks.degradedAt,
        label: 'Degradation began',
        optional: true,
        initial: rca?.degradedAt ?? undefined,
      }),
      ...[1, 2, 3, 4, 5].map((n) =>
        textInput({
          blockId: `why${n}`,
          label: `Why ${n}?`,
          optional: true,
          multiline: true,
          maxLength: 1000,
          initial: whys[n - 1],
        }),
      ),
      textInput({
        blockId: blocks.rootCause,
        label: 'Root cause (the mechanism)',
        optional: true,
        multiline: true,
        maxLength: 2000,
        initial: rca?.rootCause ?? undefined,
      }),
      textInput({
        blockId: blocks.sessionsAffected,
        label: 'Sessions affected',
        optional: true,
        initial: rca?.sessionsAffected?.toString(),
      }),
      textInput({
        blockId: blocks.usersAffectedPct,
        label: 'Share of users affected (%)',
        optional: true,
        initial: rca?.usersAffectedPct?.toString(),
      }),
      textInput({
        blockId: blocks.downstreamImpact,
        label: 'Downstream effects',
        optional: true,
        multiline: true,
        maxLength: 1500,
        initial: rca?.downstreamImpact ?? undefined,
        placeholder: 'Wrong tickets, needless escalations, none',
      }),
      checkboxInput({
        blockId: blocks.personalData,
        label: 'Personal data',
        text: 'Personal data was involved',
        initial: rca?.hasPersonalData ?? incident.hasPersonalData,
      }),
    ],
  });
}

export function actionModal(incident: Incident): View {
  return modal({
    callbackId: views.action,
    title: 'Corrective action',
    submit: 'Add',
    privateMetadata: { incidentId: incident.id },
    blocks: [
      textInput({
        blockId: blocks.description,
        label: 'What will change',
        multiline: true,
        maxLength: 1000,
        placeholder: 'Alert when CRM p95 latency exceeds 2 s for 3 min on acme-chat',
      }),
      userInput({ blockId: blocks.owner, label: 'Owner' }),
      dateTimeInput({ blockId: blocks.due, label: 'Deadline' }),
      textInput({
        blockId: blocks.metric,
        label: 'How we will know it worked',
        maxLength: 500,
        placeholder: 'Alert fires within 2 min in the replay test',
      }),
    ],
  });
}

/** Slack shows at most 3,000 characters in a section; 2,900 leaves room for escaping. */
const sectionChars = 2900;

/**
 * Cuts mrkdwn (already escaped) into section-sized pieces at line breaks (or spaces when a line alone is too long),
 * never more than `maxBlocks`; what does not fit is left to the attached file.
 */
export function textSections(text: string, maxBlocks: number): { blocks: Blocks; isCut: boolean } {
  const pieces: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim() !== '') pieces.push(current);
    current = '';
  };
  for (const line of text.split('\n')) {
    let rest = line;
    while (rest.length > sectionChars) {
      const cut =
        rest.lastIndexOf(' ', sectionChars) > 0
          ? rest.lastIndexOf(' ', sectionChars)
          : sectionChars;
      flush();
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut).trimStart();
    }
    if (current.length + rest.length + 1 > sectionChars) flush();
    current = current === '' ? rest : `${current}\n${rest}`;
  }
  flush();
  const kept = pieces.slice(0, maxBlocks);
  return {
    blocks: kept.map((piece) => ({ type: 'section', text: md(piece) })),
    isCut: kept.length < pieces.length,
  };
}

/** The draft in the incident channel: readable summary, what is missing, and the publish button. */
export function postmortemDraftMessage(p: {
  ref: string;
  incidentId: number;
  revision: number;
  summary: string;
  gaps: string[];
  isPartial: boolean;
}): { text: string; blocks: Blocks } {
  const { blocks: summary, isCut } = textSections(escapeMrkdwn(p.summary), 40);
  const notes = [
    `The full document is attached below${isCut ? '; the summary above is cut to fit Slack' : ''}.`,
    p.isPartial ? 'The channel history could not be read in full: the record may be partial.' : '',
    p.gaps.length > 0 ? `*Still to fill:* ${escapeMrkdwn(p.gaps.join(', '))}` : '',
  ].filter(Boolean);
  return {
    text: `${p.ref} post-mortem draft ${p.revision}`,
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: `Post-mortem draft ${p.revision}: ${p.ref}` },
      },
      ...summary,
      { type: 'context', elements: [md(notes.join('\n').slice(0, 2900))] },
      {
        type: 'actions',
        elements: [
          button('Publish to client', actions.publish, `${p.incidentId}:${p.revision}`, 'primary'),
        ],
      },
    ],
  };
}

/** What the client channel gets: the executive summary; the document itself is the file. */
export function postmortemClientMessage(
  ref: string,
  title: string,
  summary: string,
): { text: string; blocks: Blocks } {
  const { blocks: sections } = textSections(escapeMrkdwn(summary), 45);
  return {
    text: `${ref} post-mortem: ${title}`.slice(0, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `Post-mortem: ${ref}`.slice(0, 150) } },
      ...sections,
      {
        type: 'context',
        elements: [
          md(
            'The full post-mortem (timeline, root cause, impact, corrective actions) is attached.',
          ),
        ],
      },
    ],
  };
}
