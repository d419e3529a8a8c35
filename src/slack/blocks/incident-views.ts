import type { View } from '@slack/types';
import type { Incident } from '../../incidents/queries.js';
import type { Settings } from '../../incidents/settings.js';
import {
  detectionSources,
  incidentTypes,
  type Severity,
  severities,
  severityWords,
  typeHints,
} from '../../incidents/types.js';
import { blocks, views } from '../ids.js';
import {
  checkboxInput,
  md,
  modal,
  option,
  radioInput,
  selectInput,
  textInput,
  userInput,
} from './elements.js';

const detectionLabels = {
  monitoring: 'Monitoring (an alert fired)',
  internal: 'Internal (our team noticed)',
  client: 'Client (they told us first)',
};

export interface DeclarePrefill {
  severity?: Severity;
  title?: string;
  clientKey?: string;
}

export function declareModal(settings: Settings, prefill: DeclarePrefill): View {
  const clientKey =
    prefill.clientKey ?? (settings.clients.length === 1 ? settings.clients[0]?.key : undefined);
  const deployments = settings.clients.flatMap((client) =>
    client.deployments.map((d) => option(d.key, `${client.name} — ${d.key} (${d.channel})`)),
  );
  const onlyDeployment = deployments.length === 1 ? deployments[0]?.value : undefined;
  return modal({
    callbackId: views.declare,
    title: 'Declare an incident',
    submit: 'Declare',
    blocks: [
      textInput({
        blockId: blocks.title,
        label: 'Title',
        initial: prefill.title,
        maxLength: 150,
        placeholder: 'CRM lookups time out',
      }),
      selectInput({
        blockId: blocks.severity,
        label: 'Severity',
        options: severities.map((s) => option(s, severityWords[s])),
        initialValue: prefill.severity,
      }),
      selectInput({
        blockId: blocks.type,
        label: 'Type',
        options: incidentTypes.map((t) => option(t, typeHints[t].label, typeHints[t].hint)),
      }),
      selectInput({
        blockId: blocks.client,
        label: 'Client',
        options: settings.clients.map((c) => option(c.key, c.name)),
        initialValue: clientKey,
      }),
      selectInput({
        blockId: blocks.deployment,
        label: 'Deployment',
        options: deployments,
        initialValue: onlyDeployment,
      }),
      radioInput({
        blockId: blocks.detectedBy,
        label: 'Who noticed first?',
        options: detectionSources.map((d) => option(d, detectionLabels[d])),
        initialValue: 'monitoring',
      }),
      textInput({
        blockId: blocks.summary,
        label: 'What do we know so far?',
        optional: true,
        multiline: true,
        maxLength: 3000,
      }),
      checkboxInput({
        blockId: blocks.personalData,
        label: 'Personal data',
        text: 'Personal data may be involved',
        hint: 'The client, as data controller, is then told without undue delay.',
      }),
    ],
  });
}

export function severityModal(incident: Incident, proposed?: Severity): View {
  return modal({
    callbackId: views.severity,
    title: 'Change severity',
    submit: 'Change',
    privateMetadata: { incidentId: incident.id },
    blocks: [
      { type: 'section', text: md(`*${incident.ref}* is *${incident.severity}* now.`) },
      selectInput({
        blockId: blocks.severity,
        label: 'New severity',
        options: severities.map((s) => option(s, severityWords[s])),
        initialValue: proposed,
      }),
      textInput({
        blockId: blocks.reason,
        label: 'Why?',
        multiline: true,
        maxLength: 500,
        placeholder: 'Errors now reach 40% of chat sessions',
      }),
    ],
  });
}

export function rolesModal(incident: Incident): View {
  return modal({
    callbackId: views.roles,
    title: 'Hand over roles',
    submit: 'Hand over',
    privateMetadata: { incidentId: incident.id },
    blocks: [
      userInput({
        blockId: blocks.commander,
        label: 'Incident commander',
        initialUser: incident.commanderId,
      }),
      userInput({
        blockId: blocks.commsLead,
        label: 'Communications lead',
        optional: true,
        initialUser: incident.commsLeadId ?? undefined,
      }),
    ],
  });
}
