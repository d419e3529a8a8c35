import { and, eq, isNull, sql } from 'drizzle-orm';
import { scheduleRefresh } from '../incidents/change.js';
import { incidentChannelName, isNameFor, withSuffix } from '../incidents/channel-name.js';
import { getIncident, type Incident } from '../incidents/queries.js';
import type { Severity } from '../incidents/types.js';
import type { Job } from '../scheduler/scheduler.js';
import { writeAudit } from '../store/audit.js';
import { incidents, setupSteps } from '../store/schema.js';
import { announcementMessage, controlMessage, incidentTopic } from './blocks/incident-messages.js';
import type { SlackDeps } from './deps.js';
import { surfaceBlockIds } from './ids.js';
import { mentionGroup, mentionUser } from './mrkdwn.js';
import { pagedFor } from './refresh-surfaces.js';
import { formatterFor } from './time-format.js';
import { slackErrorCode, usergroupMembers } from './users.js';

/** `invite:P1` is its own step so that raising an incident to P1 later still pages P1 on-call. */
type Step = 'channel' | `invite:${Severity}` | 'topic' | 'control' | 'announce';

interface Attempt {
  isDone: boolean;
  /** An earlier attempt started and never finished: Slack may have done its part already. */
  isRetry: boolean;
}

/** Records the attempt before any Slack call, so a crash mid-call is visible on the next run. */
function beginStep(deps: SlackDeps, incidentId: number, step: Step): Attempt {
  const key = and(eq(setupSteps.incidentId, incidentId), eq(setupSteps.step, step));
  return deps.ctx.db.transaction((tx) => {
    const row = tx.select().from(setupSteps).where(key).get();
    if (row?.status === 'done') return { isDone: true, isRetry: false };
    tx.insert(setupSteps)
      .values({ incidentId, step, status: 'pending', attempts: 1 })
      .onConflictDoUpdate({
        target: [setupSteps.incidentId, setupSteps.step],
        set: { attempts: sql`${setupSteps.attempts} + 1` },
      })
      .run();
    return { isDone: false, isRetry: row !== undefined };
  });
}

function finishStep(deps: SlackDeps, incidentId: number, step: Step, error?: unknown): void {
  const values = error
    ? { status: 'pending', lastError: slackErrorCode(error) }
    : { status: 'done', doneAt: deps.ctx.clock.now(), lastError: null };
  deps.ctx.db
    .update(setupSteps)
    .set(values)
    .where(and(eq(setupSteps.incidentId, incidentId), eq(setupSteps.step, step)))
    .run();
}

/** Runs a step unless an earlier run finished it; answers whether it ran now. */
async function runStep(
  deps: SlackDeps,
  incident: Incident,
  step: Step,
  work: (isRetry: boolean) => Promise<void>,
): Promise<boolean> {
  const attempt = beginStep(deps, incident.id, step);
  if (attempt.isDone) return false;
  try {
    await work(attempt.isRetry);
    finishStep(deps, incident.id, step);
    return true;
  } catch (error) {
    finishStep(deps, incident.id, step, error);
    throw error;
  }
}

function recordChannel(deps: SlackDeps, incident: Incident, channel: { id: string; name: string }) {
  const now = deps.ctx.clock.now();
  deps.ctx.db.transaction((tx) => {
    const changed = tx
      .update(incidents)
      .set({ channelId: channel.id, channelName: channel.name })
      .where(and(eq(incidents.id, incident.id), isNull(incidents.channelId)))
      .run().changes;
    if (changed === 0) return;
    writeAudit(tx, {
      at: now,
      actorId: deps.bot.userId,
      action: 'incident.channel_created',
      incidentId: incident.id,
      details: { channelId: channel.id, channelName: channel.name },
    });
  });
}

/**
 * A channel this incident's interrupted setup created: one of its names, made by Vigil after the
 * declaration. Only such a channel is adopted; any other channel with the name is someone else's.
 */
async function findOwnChannel(deps: SlackDeps, incident: Incident, base: string) {
  const declaredSeconds = Math.floor(incident.declaredAt.getTime() / 1000);
  let cursor: string | undefined;
  do {
    const page = await deps.client.conversations.list({
      types: 'public_channel',
      exclude_archived: true,
      limit: 1000,
      cursor,
    });
    const found = page.channels?.find(
      (c) =>
        isNameFor(base, c.name ?? '') &&
        c.creator === deps.bot.userId &&
        (c.created ?? 0) >= declaredSeconds,
    );
    if (found?.id && found.name) return { id: found.id, name: found.name };
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return undefined;
}

/** Never reuses someone else's channel: a taken name moves on to the next suffix. */
async function createChannel(deps: SlackDeps, incident: Incident, isRetry: boolean) {
  const base = incidentChannelName(incident.ref, incident.title, incident.type);
  const own = isRetry ? await findOwnChannel(deps, incident, base) : undefined;
  if (own) {
    recordChannel(deps, incident, own);
    return;
  }
  for (let attempt = 1; ; attempt += 1) {
    const name = withSuffix(base, attempt);
    try {
      const created = await deps.client.conversations.create({ name, is_private: false });
      recordChannel(deps, incident, {
        id: created.channel!.id!,
        name: created.channel?.name ?? name,
      });
      return;
    } catch (error) {
      if (slackErrorCode(error) !== 'name_taken') throw error;
    }
  }
}

/** Invite errors that are about one person; anything else (archived channel, 5xx) is retried. */
const personProblems: Record<string, string> = {
  user_not_found: 'no such user in this workspace',
  user_disabled: 'the account is deactivated',
  user_is_inactive: 'the account is deactivated',
  cant_invite: 'Slack does not allow inviting this person (deactivated or from another org)',
  user_is_restricted: 'guest accounts cannot be invited by the bot',
  ura_max_channels: 'single-channel guests cannot join another channel',
  no_external_invite_permission: 'external people need a Slack Connect invitation',
  org_user_not_in_team: 'the person is not in this workspace',
  invitee_cant_see_channel: 'the person cannot see this channel',
  no_permission: 'Vigil may not invite this person',
};

const maxInvitees = 100;

/** Invites in batches; one bad person fails a whole batch, so that batch goes one by one. */
async function inviteAll(deps: SlackDeps, channel: string, userIds: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (let start = 0; start < userIds.length; start += maxInvitees) {
    const batch = userIds.slice(start, start + maxInvitees);
    try {
      await deps.client.conversations.invite({ channel, users: batch.join(',') });
      continue;
    } catch {}
    for (const user of batch) {
      try {
        await deps.client.conversations.invite({ channel, users: user });
      } catch (error) {
        const code = slackErrorCode(error);
        if (code === 'already_in_channel') continue;
        const why = personProblems[code];
        if (!why) throw error;
        problems.push(`${mentionUser(user)}: ${why}`);
      }
    }
  }
  return problems;
}

/**
 * The commander and the on-call people for the incident's severity; a P1 pages them at once.
 * Shortcoming: unlike the control message and the announcement, the page is not looked for in
 * history after a crash between posting it and recording the step, so that crash pages twice.
 */
async function inviteResponders(deps: SlackDeps, incident: Incident): Promise<void> {
  const channel = incident.channelId!;
  const paged = pagedFor(deps, incident.severity as Severity);
  const groups = await usergroupMembers(deps.client, paged.groupIds);
  const wanted = [...new Set([incident.commanderId, ...paged.userIds, ...groups.userIds])].filter(
    (id) => id !== deps.bot.userId,
  );
  const problems = [...groups.problems, ...(await inviteAll(deps, channel, wanted))];
  const page = [...paged.groupIds.map(mentionGroup), ...paged.userIds.map(mentionUser)];
  const lines = [];
  if (incident.severity === 'P1' && page.length > 0) {
    lines.push(`:rotating_light: ${page.join(' ')} — you are paged for *${incident.ref}* (P1).`);
  }
  if (problems.length > 0) {
    lines.push(`Could not add everyone to this channel:\n• ${problems.join('\n• ')}`);
  }
  if (lines.length > 0) await deps.client.chat.postMessage({ channel, text: lines.join('\n') });
}

async function setTopic(deps: SlackDeps, incident: Incident): Promise<void> {
  const commander = await deps.names.nameOf(incident.commanderId);
  const topic = incidentTopic(incident, formatterFor(incident), commander);
  await deps.client.conversations.setTopic({ channel: incident.channelId!, topic });
  deps.ctx.db.update(incidents).set({ topic }).where(eq(incidents.id, incident.id)).run();
}

/** Vigil's own message carrying `blockId` in a channel since the declaration, if Slack has one. */
async function findOwnMessage(
  deps: SlackDeps,
  incident: Incident,
  channel: string,
  blockId: string,
): Promise<string | undefined> {
  const oldest = ((incident.declaredAt.getTime() - 60_000) / 1000).toFixed(6);
  let cursor: string | undefined;
  do {
    const page = await deps.client.conversations.history({ channel, oldest, limit: 200, cursor });
    const found = page.messages?.find(
      (m) =>
        m.user === deps.bot.userId &&
        (m.blocks ?? []).some((b) => (b as { block_id?: string }).block_id === blockId),
    );
    if (found?.ts) return found.ts;
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return undefined;
}

async function postControl(deps: SlackDeps, incident: Incident, isRetry: boolean): Promise<void> {
  const channel = incident.channelId!;
  let ts = incident.controlTs ?? undefined;
  if (!ts && isRetry) {
    ts = await findOwnMessage(deps, incident, channel, surfaceBlockIds.control(incident.id));
  }
  if (!ts) {
    const message = controlMessage(incident, formatterFor(incident));
    ts = (await deps.client.chat.postMessage({ channel, ...message })).ts!;
  }
  deps.ctx.db.update(incidents).set({ controlTs: ts }).where(eq(incidents.id, incident.id)).run();
  try {
    await deps.client.pins.add({ channel, timestamp: ts });
  } catch (error) {
    if (slackErrorCode(error) !== 'already_pinned') throw error;
  }
}

async function announce(deps: SlackDeps, incident: Incident, isRetry: boolean): Promise<void> {
  const channel = incident.announceChannelId ?? deps.ctx.settings.announceChannelId;
  let ts = incident.announceTs ?? undefined;
  if (!ts && isRetry) {
    ts = await findOwnMessage(deps, incident, channel, surfaceBlockIds.announcement(incident.id));
  }
  const page = incident.severity === 'P1' ? pagedFor(deps, 'P1') : null;
  const message = announcementMessage(incident, formatterFor(incident), page);
  if (ts) await deps.client.chat.update({ channel, ts, ...message });
  else ts = (await deps.client.chat.postMessage({ channel, ...message })).ts!;
  deps.ctx.db
    .update(incidents)
    .set({ announceChannelId: channel, announceTs: ts })
    .where(eq(incidents.id, incident.id))
    .run();
}

/** Setup has started: the people are being pulled in, so the incident is being investigated. */
function startInvestigating(deps: SlackDeps, incident: Incident): void {
  const now = deps.ctx.clock.now();
  deps.ctx.db.transaction((tx) => {
    const changed = tx
      .update(incidents)
      .set({ status: 'investigating', version: sql`${incidents.version} + 1`, updatedAt: now })
      .where(and(eq(incidents.id, incident.id), eq(incidents.status, 'declared')))
      .run().changes;
    if (changed === 0) return;
    writeAudit(tx, {
      at: now,
      actorId: deps.bot.userId,
      action: 'incident.status_changed',
      incidentId: incident.id,
      details: { from: 'declared', to: 'investigating' },
    });
  });
}

/**
 * Sets up a declared incident: channel first (everything else in it needs its id), then
 * invitations, topic, pinned control message and announcement side by side. Each step is
 * recorded before it starts and when it ends, so a retry after a failure or a restart only does
 * what is left, and a step cut off mid-call first looks for what Slack already made. While the
 * channel cannot be made, the announcement still goes out (and pages for a P1); its thread is the
 * working space until the retry makes the channel and the refresh points the announcement at it.
 */
export async function setupIncident(deps: SlackDeps, job: Job): Promise<void> {
  let incident = getIncident(deps.ctx.db, job.incidentId!);
  let channelFailure: unknown;
  if (incident.severity !== 'P3') {
    await runStep(deps, incident, 'channel', (isRetry) =>
      createChannel(deps, incident, isRetry),
    ).catch((error) => {
      channelFailure = error;
    });
  }
  startInvestigating(deps, incident);
  incident = getIncident(deps.ctx.db, incident.id);
  const steps: Array<[Step, (isRetry: boolean) => Promise<void>]> = [
    ['announce', (isRetry) => announce(deps, incident, isRetry)],
  ];
  if (incident.channelId) {
    steps.unshift(
      [`invite:${incident.severity as Severity}`, () => inviteResponders(deps, incident)],
      ['topic', () => setTopic(deps, incident)],
      ['control', (isRetry) => postControl(deps, incident, isRetry)],
    );
  }
  const results = await Promise.allSettled(
    steps.map(([step, work]) => runStep(deps, incident, step, work)),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (channelFailure) throw channelFailure;
  if (failed) throw (failed as PromiseRejectedResult).reason;

  // Surfaces made in an earlier run (a promoted P3's announcement) or before a change that
  // landed meanwhile show an older record; the refresh brings them in line.
  const isFresh = results.every((r) => r.status === 'fulfilled' && r.value);
  if (!isFresh || getIncident(deps.ctx.db, incident.id).version !== incident.version) {
    scheduleRefresh(deps.ctx.db, incident.id, deps.ctx.clock.now());
  }
}
