import type { View } from '@slack/types';
import {
  type MitigationKind,
  mitigationKinds,
  mitigationLabels,
} from '../../incidents/lifecycle.js';
import type { Incident } from '../../incidents/queries.js';
import type { Rca } from '../../rca/rca.js';
import { blocks, views } from '../ids.js';
import {
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

function recordLine(incident: Incident, format: Format): string {
  const at = (d: Date | null) => (d ? format(d) : '—');
  return [
    `*From the record* (not retyped): declared ${at(incident.declaredAt)} · first client contact ${at(incident.firstContactAt)}`,
    `mitigated ${at(incident.mitigatedAt)} · resolved ${at(incident.resolvedAt)}`,
  ].join('\n');
}

export function rcaModal(incident: Incident, rca: Rca | undefined, format: Format): View {
  const whys = rca?.whys ?? [];
  return modal({
    callbackId: views.rca,
    title: 'Root-cause analysis',
    submit: 'Save',
    privateMetadata: { incidentId: incident.id },
    blocks: [
      { type: 'section', text: md(recordLine(incident, format)) },
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
