import { eq, sql } from 'drizzle-orm';
import { addTimelineEntry, scheduleRefresh } from '../incidents/change.js';
import { lifecycleJobs } from '../incidents/lifecycle.js';
import { getIncident, type Incident } from '../incidents/queries.js';
import {
  getPostmortem,
  publishJobKind,
  recordPublished,
  setClientTs,
} from '../postmortem/postmortem.js';
import { actionJobs, getAction, listActions } from '../rca/actions.js';
import {
  personalDataJob,
  personalDataRepeatMs,
  planPersonalDataNotice,
} from '../rca/personal-data.js';
import type { Job } from '../scheduler/scheduler.js';
import { incidents } from '../store/schema.js';
import { policyOf } from '../updates/cadence.js';
import { button, md } from './blocks/elements.js';
import { postmortemClientMessage, textSections } from './blocks/lifecycle-views.js';
import type { SlackDeps } from './deps.js';
import { sectionOf } from './handlers/postmortem.js';
import { actions } from './ids.js';
import { escapeMrkdwn, mentionUser } from './mrkdwn.js';
import { formatterFor } from './time-format.js';
import { workspaceOf } from './update-jobs.js';
import { slackErrorCode } from './users.js';

async function postToWorkspace(
  deps: SlackDeps,
  incident: Incident,
  message: { text: string; blocks?: unknown[] },
) {
  const where = workspaceOf(incident);
  if (!where) return;
  try {
    await deps.client.chat.postMessage({ ...where, ...message } as never);
  } catch (error) {
    // An archived incident channel: the announcement thread still reaches the team.
    if (
      slackErrorCode(error) !== 'is_archived' ||
      !incident.announceChannelId ||
      !incident.announceTs
    )
      throw error;
    await deps.client.chat.postMessage({
      channel: incident.announceChannelId,
      thread_ts: incident.announceTs,
      ...message,
    } as never);
  }
}

/** Posts the client version and its file; the record is written only once Slack has it. */
export async function publishPostmortem(deps: SlackDeps, job: Job): Promise<void> {
  const incident = getIncident(deps.ctx.db, job.incidentId!);
  const postmortem = getPostmortem(deps.ctx, incident.id);
  if (postmortem?.status !== 'approved') return;
  const channel = policyOf(incident).clientChannelId;
  const summary = sectionOf(postmortem.clientMarkdown, 'Executive summary');
  let clientTs = postmortem.clientTs;
  if (!clientTs) {
    const posted = await deps.client.chat.postMessage({
      channel,
      ...postmortemClientMessage(incident.ref, incident.title, summary),
    });
    clientTs = posted.ts!;
    setClientTs(deps.ctx, incident.id, clientTs);
  }
  await deps.client.filesUploadV2({
    channel_id: channel,
    thread_ts: clientTs,
    filename: `${incident.ref}-postmortem.md`,
    title: `${incident.ref} post-mortem`,
    content: postmortem.clientMarkdown,
  });
  const published = recordPublished(deps.ctx, incident.id, clientTs);
  const format = formatterFor(incident);
  await postToWorkspace(deps, incident, {
    text: `:mailbox_with_mail: The post-mortem was published to the client ${format(published.publishedAt!)}${published.dueAt ? ` (due ${format(published.dueAt)}: ${published.isOnTime ? 'on time' : 'late'})` : ''}.`,
  });
}

function isPublished(deps: SlackDeps, incident: Incident): boolean {
  const status = getPostmortem(deps.ctx, incident.id)?.status;
  return status === 'published' || status === 'approved';
}

export async function remindPostmortem(deps: SlackDeps, job: Job): Promise<void> {
  const incident = getIncident(deps.ctx.db, job.incidentId!);
  if (isPublished(deps, incident) || !incident.resolvedAt) return;
  const dueAt = new Date((job.payload as { dueAt: string }).dueAt);
  await postToWorkspace(deps, incident, {
    text: `:memo: ${mentionUser(incident.commanderId)} the ${incident.ref} post-mortem is due ${formatterFor(incident)(dueAt)} and is not published yet. \`/incident postmortem\` compiles the draft.`,
  });
}

export async function noticePostmortemDue(deps: SlackDeps, job: Job): Promise<void> {
  const incident = getIncident(deps.ctx.db, job.incidentId!);
  if (isPublished(deps, incident) || !incident.resolvedAt) return;
  await postToWorkspace(deps, incident, {
    text: `:warning: ${mentionUser(incident.commanderId)} the ${incident.ref} post-mortem is now overdue against the contract. Publish it as soon as it is approved.`,
  });
}

/** The review lists every action with its status; done ones stay listed, open ones get a button. */
export async function reviewFollowUp(deps: SlackDeps, job: Job): Promise<void> {
  const incident = getIncident(deps.ctx.db, job.incidentId!);
  if (!incident.resolvedAt || incident.status === 'closed') return;
  const list = listActions(deps.ctx, incident.id);
  const format = formatterFor(incident);
  const open = list.filter((a) => a.status !== 'done');
  const lines = list.map(
    (a) =>
      `${a.status === 'done' ? ':white_check_mark:' : ':hourglass_flowing_sand:'} ${escapeMrkdwn(a.description)} — ${mentionUser(a.ownerId)}, due ${format(a.dueAt)}${a.status === 'done' ? ', done' : a.dueAt < deps.ctx.clock.now() ? ', *overdue*' : ''}`,
  );
  const heading = `:mag: *Follow-up review of ${incident.ref}*: ${list.length - open.length} of ${list.length} actions done.${open.length === 0 ? ' The incident is closed.' : ''}`;
  const blocks: unknown[] = [
    { type: 'section', text: md(heading) },
    ...textSections(lines.join('\n') || '_No actions were recorded._', 45).blocks,
  ];
  // Slack refuses two buttons with the same action_id in one block: one block per open action.
  for (const a of open.slice(0, 40)) {
    blocks.push({
      type: 'actions',
      elements: [button(`Done: ${a.description}`, actions.markActionDone, String(a.id))],
    });
  }
  // Posted before it is recorded, so a retried post does not record the review twice.
  await postToWorkspace(deps, incident, { text: `Follow-up review of ${incident.ref}`, blocks });
  const now = deps.ctx.clock.now();
  deps.ctx.db.transaction((tx) => {
    const closes = open.length === 0;
    tx.update(incidents)
      .set({
        status: closes ? 'closed' : 'followed_up',
        closedAt: closes ? now : null,
        version: sql`${incidents.version} + 1`,
      })
      .where(eq(incidents.id, incident.id))
      .run();
    addTimelineEntry(
      tx,
      incident.id,
      {
        kind: 'follow_up_review',
        occurredAt: now,
        actorId: null,
        text: `Follow-up review: ${list.length - open.length} of ${list.length} actions done`,
      },
      now,
    );
    if (closes)
      addTimelineEntry(
        tx,
        incident.id,
        { kind: 'closed', occurredAt: now, actorId: null, text: 'Closed: every action is done' },
        now,
      );
    scheduleRefresh(tx, incident.id, now);
  });
}

async function remindAction(deps: SlackDeps, job: Job, isOverdue: boolean): Promise<void> {
  const action = getAction(deps.ctx, (job.payload as { actionId: number }).actionId);
  if (!action || action.status === 'done') return;
  const incident = getIncident(deps.ctx.db, action.incidentId);
  const format = formatterFor(incident);
  const text = isOverdue
    ? `:warning: ${mentionUser(action.ownerId)} the ${incident.ref} action is past its deadline (${format(action.dueAt)}): ${escapeMrkdwn(action.description)}`
    : `:calendar: ${mentionUser(action.ownerId)} the ${incident.ref} action is due ${format(action.dueAt)}: ${escapeMrkdwn(action.description)}`;
  await postToWorkspace(deps, incident, {
    text,
    blocks: [
      { type: 'section', text: md(text) },
      {
        type: 'actions',
        elements: [button('Mark done', actions.markActionDone, String(action.id), 'primary')],
      },
    ],
  });
}

/** Keeps asking every half hour until the personal-data notice has gone out. */
export async function askPersonalDataNotice(deps: SlackDeps, job: Job): Promise<void> {
  const incident = getIncident(deps.ctx.db, job.incidentId!);
  if (!incident.hasPersonalData || incident.personalDataNoticeAt || incident.status === 'closed')
    return;
  const now = deps.ctx.clock.now();
  // Declared with personal data, the ask comes before the channel exists: ask once it does.
  if (!workspaceOf(incident)) {
    deps.ctx.db.transaction((tx) => {
      planPersonalDataNotice(tx, incident.id, new Date(now.getTime() + 5_000));
    });
    return;
  }
  await postToWorkspace(deps, incident, {
    text: `${incident.ref}: personal data may be involved; the client must be told without undue delay`,
    blocks: [
      {
        type: 'section',
        text: md(
          `:lock: ${mentionUser(incident.commanderId)} personal data may be involved in *${incident.ref}*. The client, as data controller, must be told without undue delay, with the evidence; whether to notify an authority is their decision, not ours. Vigil asks again every 30 minutes until the notice is sent.`,
        ),
      },
      {
        type: 'actions',
        elements: [
          button(
            'Send personal-data notice',
            actions.personalDataNotice,
            String(incident.id),
            'primary',
          ),
        ],
      },
    ],
  });
  deps.ctx.db.transaction((tx) => {
    planPersonalDataNotice(tx, incident.id, new Date(now.getTime() + personalDataRepeatMs));
  });
}

export const lifecycleJobHandlers = {
  [publishJobKind]: publishPostmortem,
  [lifecycleJobs.postmortemRemind]: remindPostmortem,
  [lifecycleJobs.postmortemDue]: noticePostmortemDue,
  [lifecycleJobs.followUp]: reviewFollowUp,
  [actionJobs.remind]: (deps: SlackDeps, job: Job) => remindAction(deps, job, false),
  [actionJobs.overdue]: (deps: SlackDeps, job: Job) => remindAction(deps, job, true),
  [personalDataJob]: askPersonalDataNotice,
} as const;
