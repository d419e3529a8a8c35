import { eq } from 'drizzle-orm';
import { getIncident } from '../incidents/queries.js';
import type { Severity } from '../incidents/types.js';
import type { Job } from '../scheduler/scheduler.js';
import { incidents } from '../store/schema.js';
import { announcementMessage, controlMessage, incidentTopic } from './blocks/incident-messages.js';
import type { SlackDeps } from './deps.js';
import { formatterFor } from './time-format.js';
import { slackErrorCode } from './users.js';

/** Brings the topic, the pinned control message and the announcement in line with the record. */
export async function refreshSurfaces(deps: SlackDeps, job: Job): Promise<void> {
  const incident = getIncident(deps.ctx.db, job.incidentId!);
  const format = formatterFor(incident);
  const work: Promise<unknown>[] = [];
  if (incident.channelId && incident.topic !== null) {
    work.push(
      (async () => {
        const topic = incidentTopic(
          incident,
          format,
          await deps.names.nameOf(incident.commanderId),
        );
        if (topic === incident.topic) return;
        await deps.client.conversations.setTopic({ channel: incident.channelId!, topic });
        deps.ctx.db.update(incidents).set({ topic }).where(eq(incidents.id, incident.id)).run();
      })(),
    );
  }
  if (incident.channelId && incident.controlTs) {
    const message = controlMessage(incident, format);
    work.push(
      deps.client.chat.update({ channel: incident.channelId, ts: incident.controlTs, ...message }),
    );
  }
  if (incident.announceChannelId && incident.announceTs) {
    const page = incident.severity === 'P1' ? pagedFor(deps, 'P1') : null;
    const message = announcementMessage(incident, format, page);
    work.push(
      deps.client.chat.update({
        channel: incident.announceChannelId,
        ts: incident.announceTs,
        ...message,
      }),
    );
  }
  const results = await Promise.allSettled(work);
  const failed = results.find(
    (r): r is PromiseRejectedResult => r.status === 'rejected' && !isGone(r.reason),
  );
  if (failed) throw failed.reason;
}

/** An archived channel or a deleted message cannot be refreshed, and retrying will not change that. */
function isGone(error: unknown): boolean {
  return ['is_archived', 'message_not_found', 'channel_not_found'].includes(slackErrorCode(error));
}

export function pagedFor(deps: SlackDeps, severity: Severity) {
  const settings = deps.ctx.settings;
  return {
    groupIds: settings.oncallGroupIds[severity] ?? [],
    userIds: settings.oncallUserIds[severity] ?? [],
  };
}
