import { UserError } from '../../errors.js';
import { postmortemDueAt } from '../../incidents/lifecycle.js';
import { getIncident, type Incident, resolveIncident } from '../../incidents/queries.js';
import { compilePostmortem, mentionedUserIds } from '../../postmortem/compile.js';
import {
  approvePublication,
  getPostmortem,
  setDraftTs,
  storeDraft,
} from '../../postmortem/postmortem.js';
import { loadRecord } from '../../postmortem/record.js';
import { monthlyReport, parseMonth } from '../../postmortem/report.js';
import { backfillIncident } from '../backfill.js';
import { postmortemDraftMessage } from '../blocks/lifecycle-views.js';
import { parseRef } from '../command-text.js';
import type { SlackDeps } from '../deps.js';
import { actions } from '../ids.js';
import { escapeMrkdwn, mentionChannel } from '../mrkdwn.js';
import type { ActionRoute, CommandRoute } from '../routes.js';
import { workspaceOf } from '../update-jobs.js';

async function peopleFor(deps: SlackDeps, incident: Incident, userIds: Array<string | null>) {
  const names = new Map<string, string>();
  for (const id of new Set([incident.commanderId, incident.commsLeadId, ...userIds])) {
    if (id) names.set(id, await deps.names.nameOf(id));
  }
  return { nameOf: (id: string) => names.get(id) ?? id };
}

/** Backfills first so the record is complete, then compiles from the record alone. */
export async function compileFor(deps: SlackDeps, incident: Incident) {
  const backfill = await backfillIncident(deps, incident);
  const record = loadRecord(deps.ctx, incident.id, {
    isRecordPartial: !backfill.isComplete,
    postmortemDueAt: postmortemDueAt(incident),
  });
  const people = await peopleFor(deps, incident, [
    ...record.timeline.map((e) => e.actorId),
    ...record.actions.map((a) => a.ownerId),
    ...mentionedUserIds(record.timeline.map((e) => e.text)),
  ]);
  return { compiled: compilePostmortem(record, people), isPartial: !backfill.isComplete };
}

export function sectionOf(markdown: string, title: string): string {
  const match = new RegExp(`## ${title}\\n\\n([\\s\\S]*?)(?=\\n## |$)`).exec(markdown);
  return match ? match[1]!.trim() : '';
}

async function draftPostmortem(
  deps: SlackDeps,
  incident: Incident,
  actorId: string,
): Promise<string> {
  const { compiled, isPartial } = await compileFor(deps, incident);
  const draft = storeDraft(deps.ctx, incident.id, compiled, isPartial, actorId);
  const where = workspaceOf(incident);
  if (!where) return 'The post-mortem was compiled, but the incident has no channel to post it in.';
  const posted = await deps.client.chat.postMessage({
    ...where,
    ...postmortemDraftMessage({
      ref: incident.ref,
      incidentId: incident.id,
      revision: draft.revision,
      summary: compiled.executiveSummary,
      gaps: compiled.gaps,
      isPartial,
    }),
  });
  setDraftTs(deps.ctx, incident.id, posted.ts!);
  // The commander approves what the client will read, so that version is attached beside ours.
  await deps.client.filesUploadV2({
    channel_id: where.channel,
    thread_ts: posted.ts!,
    file_uploads: [
      {
        filename: `${incident.ref}-postmortem-draft-${draft.revision}.md`,
        title: `${incident.ref} post-mortem (draft ${draft.revision})`,
        content: compiled.markdown,
      },
      {
        filename: `${incident.ref}-postmortem-draft-${draft.revision}-client.md`,
        title: `${incident.ref} post-mortem as the client will receive it (draft ${draft.revision})`,
        content: compiled.clientMarkdown,
      },
    ],
  });
  return incident.channelId && where.channel !== incident.channelId
    ? ''
    : `Draft ${draft.revision} is in ${mentionChannel(where.channel)}.`;
}

export const postmortemCommand: CommandRoute = {
  name: 'postmortem',
  usage: '/incident postmortem [REF]',
  help: 'compile the post-mortem draft from the record and the channel history',
  audience: 'anyone',
  async run(deps, cmd) {
    const incident = resolveIncident(
      deps.ctx.db,
      { channelId: cmd.command.channel_id, ref: parseRef(cmd.args) },
      '/incident postmortem',
    );
    await cmd.reply(`Compiling the ${incident.ref} post-mortem from the record…`);
    const note = await draftPostmortem(deps, incident, cmd.command.user_id);
    if (note) await cmd.reply(note);
  },
};

export const summaryCommand: CommandRoute = {
  name: 'summary',
  usage: '/incident summary [REF]',
  help: 'the executive summary, for managers, from anywhere',
  audience: 'anyone',
  async run(deps, cmd) {
    const incident = resolveIncident(
      deps.ctx.db,
      { channelId: cmd.command.channel_id, ref: parseRef(cmd.args) },
      '/incident summary',
    );
    const stored = getPostmortem(deps.ctx, incident.id);
    await cmd.ackNow();
    // What the client was given stays the summary once published; before that, the record is.
    const summary =
      stored?.status === 'published'
        ? sectionOf(stored.markdown, 'Executive summary')
        : (await compileFor(deps, incident)).compiled.executiveSummary;
    await cmd.reply(
      `*${incident.ref} — ${escapeMrkdwn(incident.title)}* (${incident.severity}, ${incident.status})\n${escapeMrkdwn(summary)}`,
    );
  },
};

export const publishButton: ActionRoute = {
  actionId: actions.publish,
  async run(deps, body, respond) {
    const action = body.actions[0];
    const [incidentId, revision] = String(action && 'value' in action ? action.value : '')
      .split(':')
      .map(Number);
    approvePublication(deps.ctx, incidentId!, revision!, body.user.id);
    await deps.scheduler.runDue();
    const incident = getIncident(deps.ctx.db, incidentId!);
    const published = getPostmortem(deps.ctx, incident.id);
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text:
        published?.status === 'published'
          ? `Published to the client (${published.isOnTime ? 'on time' : 'late'}).`
          : 'Publishing; Vigil retries until the client channel has it.',
    });
  },
};

export const reportCommand: CommandRoute = {
  name: 'report',
  usage: '/incident report [YYYY-MM] [CLIENT]',
  help: 'the monthly report: every incident of the month, P3s included',
  audience: 'anyone',
  async run(deps, cmd) {
    const words = cmd.args.trim().split(/\s+/).filter(Boolean);
    const monthWord = words.find((w) => /^\d{4}-\d{1,2}$/.test(w));
    const clientWord = words.find((w) => w !== monthWord);
    const range = parseMonth(monthWord, deps.ctx.clock.now());
    if (!range || (monthWord && !/^\d{4}-\d{2}$/.test(monthWord))) {
      throw new UserError('bad_month', `"${monthWord}" is not a month; write it as 2026-11.`);
    }
    if (clientWord && !deps.ctx.settings.clients.some((c) => c.key === clientWord)) {
      const known = deps.ctx.settings.clients.map((c) => c.key).join(', ');
      throw new UserError(
        'unknown_client',
        `There is no client "${clientWord}" (known: ${known}).`,
      );
    }
    await cmd.reply(monthlyReport(deps.ctx, range, clientWord ?? null).text);
  },
};
