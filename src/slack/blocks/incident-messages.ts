import type { Incident } from '../../incidents/queries.js';
import {
  type IncidentStatus,
  type IncidentType,
  openStatuses,
  type Severity,
  statusWords,
  typeHints,
} from '../../incidents/types.js';
import { actions, surfaceBlockIds } from '../ids.js';
import { escapeMrkdwn, mentionChannel, mentionGroup, mentionUser, truncate } from '../mrkdwn.js';
import { type Blocks, button, md, plain } from './elements.js';

export type FormatTime = (instant: Date) => string;

const severityEmoji: Record<Severity, string> = {
  P1: ':red_circle:',
  P2: ':large_orange_circle:',
  P3: ':large_yellow_circle:',
};

function headline(incident: Incident): string {
  return `${incident.ref} · ${incident.severity} · ${statusWords[incident.status as IncidentStatus]}`;
}

/** Slack topics are plain text capped at 250 characters. */
export function incidentTopic(
  incident: Incident,
  format: FormatTime,
  commanderName: string,
): string {
  const next = incident.nextUpdateDueAt
    ? `next client update ${format(incident.nextUpdateDueAt)}`
    : 'no client update due';
  const topic = `${incident.severity} · ${statusWords[incident.status as IncidentStatus]} · IC ${commanderName} · ${next}`;
  return truncate(topic, 250);
}

function facts(incident: Incident, format: FormatTime): string[] {
  const lines = [
    `*Client:* ${escapeMrkdwn(incident.clientKey)} / ${escapeMrkdwn(incident.deploymentKey)}`,
    `*Type:* ${typeHints[incident.type as IncidentType]?.label ?? incident.type}`,
    `*Commander:* ${mentionUser(incident.commanderId)}`,
    `*Comms lead:* ${incident.commsLeadId ? mentionUser(incident.commsLeadId) : '_not assigned_'}`,
    `*Declared:* ${format(incident.declaredAt)} (detected by ${incident.detectedBy})`,
  ];
  if (incident.nextUpdateDueAt)
    lines.push(`*Next client update due:* ${format(incident.nextUpdateDueAt)}`);
  if (incident.mitigatedAt) lines.push(`*Mitigated:* ${format(incident.mitigatedAt)}`);
  if (incident.resolvedAt) lines.push(`*Resolved:* ${format(incident.resolvedAt)}`);
  if (incident.hasPersonalData) lines.push('*Personal data:* involved');
  return lines;
}

function isOpen(incident: Incident): boolean {
  return openStatuses.includes(incident.status as IncidentStatus);
}

export function controlMessage(
  incident: Incident,
  format: FormatTime,
): { text: string; blocks: Blocks } {
  const buttons = isOpen(incident)
    ? [
        button('Send update', actions.sendUpdate, String(incident.id), 'primary'),
        button('Change severity', actions.changeSeverity, String(incident.id)),
        button('Hand over roles', actions.handOver, String(incident.id)),
        button('Mitigate', actions.mitigate, String(incident.id)),
        button('Resolve', actions.resolve, String(incident.id)),
      ]
    : [
        button('RCA', actions.rca, String(incident.id)),
        button('Add action', actions.addAction, String(incident.id)),
      ];
  return {
    text: `${headline(incident)}: ${escapeMrkdwn(truncate(incident.title, 500))}`,
    blocks: [
      {
        type: 'header',
        block_id: surfaceBlockIds.control(incident.id),
        text: plain(truncate(`${headline(incident)}`, 150)),
      },
      {
        type: 'section',
        text: md(
          `${severityEmoji[incident.severity as Severity]} *${escapeMrkdwn(truncate(incident.title, 500))}*`,
        ),
      },
      { type: 'section', text: md(facts(incident, format).join('\n')) },
      { type: 'actions', block_id: 'controls', elements: buttons },
    ],
  };
}

export interface AnnouncementMentions {
  groupIds: string[];
  userIds: string[];
}

/**
 * One message per incident in the announcement channel, edited in place as the incident moves.
 * A P3 has no channel: its announcement is its control surface too.
 */
export function announcementMessage(
  incident: Incident,
  format: FormatTime,
  page: AnnouncementMentions | null,
): { text: string; blocks: Blocks } {
  const where = incident.channelId
    ? `Join ${mentionChannel(incident.channelId)} to help.`
    : 'Work happens in this thread.';
  const pageLine = page
    ? `\n:rotating_light: Paging ${[...page.groupIds.map(mentionGroup), ...page.userIds.map(mentionUser)].join(' ')}`
    : '';
  const title = escapeMrkdwn(truncate(incident.title, 500));
  const emoji = severityEmoji[incident.severity as Severity];
  const text = `${emoji} *${headline(incident)}* — ${title}`;
  const blocks: Blocks = [
    {
      type: 'section',
      block_id: surfaceBlockIds.announcement(incident.id),
      text: md(`${text}\n${where}${pageLine}`),
    },
    {
      type: 'context',
      elements: [
        md(
          `Commander ${mentionUser(incident.commanderId)} · ` +
            `${escapeMrkdwn(incident.clientKey)} / ${escapeMrkdwn(incident.deploymentKey)} · ` +
            `declared ${format(incident.declaredAt)}`,
        ),
      ],
    },
  ];
  if (!incident.channelId && isOpen(incident)) {
    blocks.push({
      type: 'actions',
      elements: [
        button('Change severity', actions.changeSeverity, String(incident.id)),
        button('Hand over roles', actions.handOver, String(incident.id)),
      ],
    });
  }
  return { text: `${headline(incident)}: ${title}`, blocks };
}
