import { and, eq, isNull, sql } from 'drizzle-orm';
import { scheduleRefresh } from '../incidents/change.js';
import { incidentChannelName, withSuffix } from '../incidents/channel-name.js';
import { getIncident, type Incident } from '../incidents/queries.js';
import type { Severity } from '../incidents/types.js';
import type { Job } from '../scheduler/scheduler.js';
import { incidents, setupSteps } from '../store/schema.js';
import { announcementMessage, controlMessage, incidentTopic } from './blocks/incident-messages.js';
import type { SlackDeps } from './deps.js';
import { pagedFor } from './refresh-surfaces.js';
import { formatterFor } from './time-format.js';
import { slackErrorCode, usergroupMembers } from './users.js';

type Step = 'channel' | 'invite' | 'topic' | 'control' | 'announce';

function isDone(deps: SlackDeps, incidentId: number, step: Step): boolean {
  const row = deps.ctx.db
    .select()
    .from(setupSteps)
    .where(and(eq(setupSteps.incidentId, incidentId), eq(setupSteps.step, step)))
    .get();
  return row?.status === 'done';
}

function markStep(deps: SlackDeps, incidentId: number, step: Step, error?: unknown): void {
  const now = deps.ctx.clock.now();
  const values = error
    ? { status: 'pending', lastError: slackErrorCode(error) }
    : { status: 'done', doneAt: now, lastError: null };
  deps.ctx.db
    .insert(setupSteps)
    .values({ incidentId, step, attempts: 1, ...values })
    .onConflictDoUpdate({
      target: [setupSteps.incidentId, setupSteps.step],
      set: { ...values, attempts: error ? setupSteps.attempts : setupSteps.attempts },
    })
    .run();
}

async function runStep(deps: SlackDeps, incident: Incident, step: Step, work: () => Promise<void>) {
  if (isDone(deps, incident.id, step)) return;
  try {
    await work();
    markStep(deps, incident.id, step);
  } catch (error) {
    markStep(deps, incident.id, step, error);
    throw error;
  }
}

/** Never reuses an existing channel: a taken name moves on to the next suffix. */
async function createChannel(deps: SlackDeps, incident: Incident): Promise<void> {
  const base = incidentChannelName(incident.ref, incident.title, incident.type);
  for (let attempt = 1; ; attempt += 1) {
    const name = withSuffix(base, attempt);
    try {
      const created = await deps.client.conversations.create({ name, is_private: false });
      deps.ctx.db
        .update(incidents)
        .set({ channelId: created.channel?.id, channelName: created.channel?.name ?? name })
        .where(and(eq(incidents.id, incident.id), isNull(incidents.channelId)))
        .run();
      return;
    } catch (error) {
      if (slackErrorCode(error) !== 'name_taken') throw error;
    }
  }
}

async function inviteResponders(deps: SlackDeps, incident: Incident): Promise<void> {
  const channel = incident.channelId!;
  const paged = pagedFor(deps, incident.severity as Severity);
  const groups = await usergroupMembers(deps.client, paged.groupIds);
  const wanted = [...new Set([incident.commanderId, ...paged.userIds, ...groups.userIds])].filter(
    (id) => id !== deps.bot.userId,
  );
  const problems = [...groups.problems];
  try {
    if (wanted.length > 0)
      await deps.client.conversations.invite({ channel, users: wanted.join(',') });
  } catch {
    // One bad user fails the whole batch; invite one by one to find who and why.
    for (const user of wanted) {
      try {
        await deps.client.conversations.invite({ channel, users: user });
      } catch (error) {
        const code = slackErrorCode(error);
        if (code !== 'already_in_channel') problems.push(`<@${user}>: ${explainInvite(code)}`);
      }
    }
  }
  const page = [
    ...paged.groupIds.map((g) => `<!subteam^${g}>`),
    ...paged.userIds.map((u) => `<@${u}>`),
  ];
  const lines = [];
  if (incident.severity === 'P1' && page.length > 0) {
    lines.push(`:rotating_light: ${page.join(' ')} — you are paged for *${incident.ref}* (P1).`);
  }
  if (problems.length > 0) {
    lines.push(`Could not add everyone to this channel:\n• ${problems.join('\n• ')}`);
  }
  if (lines.length > 0) await deps.client.chat.postMessage({ channel, text: lines.join('\n') });
}

function explainInvite(code: string): string {
  const reasons: Record<string, string> = {
    user_not_found: 'no such user in this workspace',
    user_disabled: 'the account is deactivated',
    cant_invite: 'Slack does not allow inviting this user',
    user_is_restricted: 'guest accounts cannot be invited by the bot',
    no_external_invite_permission: 'external users need a Slack Connect invitation',
  };
  return reasons[code] ?? code;
}

async function setTopic(deps: SlackDeps, incident: Incident): Promise<void> {
  const commander = await deps.names.nameOf(incident.commanderId);
  const topic = incidentTopic(incident, formatterFor(incident), commander);
  await deps.client.conversations.setTopic({ channel: incident.channelId!, topic });
  deps.ctx.db.update(incidents).set({ topic }).where(eq(incidents.id, incident.id)).run();
}

async function postControl(deps: SlackDeps, incident: Incident): Promise<void> {
  let ts = incident.controlTs;
  if (!ts) {
    const message = controlMessage(incident, formatterFor(incident));
    const posted = await deps.client.chat.postMessage({ channel: incident.channelId!, ...message });
    ts = posted.ts!;
    deps.ctx.db.update(incidents).set({ controlTs: ts }).where(eq(incidents.id, incident.id)).run();
  }
  try {
    await deps.client.pins.add({ channel: incident.channelId!, timestamp: ts });
  } catch (error) {
    if (slackErrorCode(error) !== 'already_pinned') throw error;
  }
}

async function announce(deps: SlackDeps, incident: Incident): Promise<void> {
  const page = incident.severity === 'P1' ? pagedFor(deps, 'P1') : null;
  const message = announcementMessage(incident, formatterFor(incident), page);
  const channel = deps.ctx.settings.announceChannelId;
  if (incident.announceTs) {
    await deps.client.chat.update({ channel, ts: incident.announceTs, ...message });
    return;
  }
  const posted = await deps.client.chat.postMessage({ channel, ...message });
  deps.ctx.db
    .update(incidents)
    .set({ announceChannelId: channel, announceTs: posted.ts })
    .where(eq(incidents.id, incident.id))
    .run();
}

/**
 * Sets up a declared incident: channel first (everything else needs its id), then invitations,
 * topic, pinned control message and announcement side by side. Each step is recorded, so a retry
 * after a failure or a restart only does what is left.
 */
export async function setupIncident(deps: SlackDeps, job: Job): Promise<void> {
  let incident = getIncident(deps.ctx.db, job.incidentId!);
  const needsChannel = incident.severity !== 'P3';
  if (needsChannel) await runStep(deps, incident, 'channel', () => createChannel(deps, incident));
  // Responders are pulled in next: the topic, control message and announcement say so already.
  deps.ctx.db
    .update(incidents)
    .set({ status: 'investigating', version: sql`${incidents.version} + 1` })
    .where(and(eq(incidents.id, incident.id), eq(incidents.status, 'declared')))
    .run();
  incident = getIncident(deps.ctx.db, incident.id);
  const steps: Array<[Step, () => Promise<void>]> = needsChannel
    ? [
        ['invite', () => inviteResponders(deps, incident)],
        ['topic', () => setTopic(deps, incident)],
        ['control', () => postControl(deps, incident)],
        ['announce', () => announce(deps, incident)],
      ]
    : [['announce', () => announce(deps, incident)]];
  const results = await Promise.allSettled(
    steps.map(([step, work]) => runStep(deps, incident, step, work)),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;

  // A promoted P3 already had its announcement; the refresh edits it to point at the channel.
  scheduleRefresh(deps.ctx.db, incident.id, deps.ctx.clock.now());
}
