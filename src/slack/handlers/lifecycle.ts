import type { ViewSubmitAction } from '@slack/bolt';
import { UserError } from '../../errors.js';
import {
  MitigationInput,
  recordMitigation,
  reopenIncident,
  resolveIncident,
} from '../../incidents/lifecycle.js';
import { getIncident, type Incident } from '../../incidents/queries.js';
import { addAction, markActionDone } from '../../rca/actions.js';
import { alertFiredAt, getRca, saveRca } from '../../rca/rca.js';
import { button, md } from '../blocks/elements.js';
import { actionModal, mitigationModal, rcaModal, resolveModal } from '../blocks/lifecycle-views.js';
import type { SlackDeps } from '../deps.js';
import { actions, blocks, views } from '../ids.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import type { ActionRoute, CommandRoute, ViewRoute } from '../routes.js';
import { formatterFor } from '../time-format.js';
import { workspaceOf } from '../update-jobs.js';
import { metadataOf, ViewValues } from '../view-values.js';
import { openModal } from './declare.js';
import { incidentHere } from './manage.js';

type Opener = (deps: SlackDeps, incident: Incident) => ReturnType<typeof mitigationModal>;

/** One command, one control-message button and one modal per step of the lifecycle. */
function modalRoutes(p: {
  name: string;
  usage: string;
  help: string;
  actionId: string;
  label: string;
  open: Opener;
}): { command: CommandRoute; button: ActionRoute } {
  return {
    command: {
      name: p.name,
      usage: p.usage,
      help: p.help,
      audience: 'in an incident',
      async run(deps, cmd) {
        const incident = incidentHere(
          deps.ctx,
          cmd.command.channel_id,
          cmd.args,
          `/incident ${p.name}`,
        );
        const view = p.open(deps, incident);
        await cmd.ackNow();
        await openModal(deps, cmd.command.trigger_id, view, cmd.reply as never, {
          label: p.label,
          actionId: p.actionId,
          value: String(incident.id),
        });
      },
    },
    button: {
      actionId: p.actionId,
      async run(deps, body, respond) {
        const action = body.actions[0];
        const incident = getIncident(
          deps.ctx.db,
          Number(action && 'value' in action ? action.value : Number.NaN),
        );
        await openModal(deps, body.trigger_id, p.open(deps, incident), respond, {
          label: p.label,
          actionId: p.actionId,
          value: String(incident.id),
        });
      },
    },
  };
}

function incidentOf(deps: SlackDeps, body: ViewSubmitAction): Incident {
  return getIncident(deps.ctx.db, metadataOf(body.view.private_metadata).incidentId as number);
}

function values(body: ViewSubmitAction): ViewValues {
  return new ViewValues(body.view.state.values as never);
}

export const mitigate = modalRoutes({
  name: 'mitigate',
  usage: '/incident mitigate',
  help: 'record a mitigation: limit scope, roll back, or change the configuration',
  actionId: actions.mitigate,
  label: 'Mitigate',
  open: (_deps, incident) => {
    if (incident.resolvedAt)
      throw new UserError(
        'incident_resolved',
        `${incident.ref} is resolved; \`/incident reopen\` first.`,
      );
    return mitigationModal(incident);
  },
});

export const mitigationSubmission: ViewRoute = {
  callbackId: views.mitigation,
  fallbackField: blocks.description,
  async run(deps, body) {
    const v = values(body);
    const kind = v.option(blocks.kind);
    if (!kind)
      return {
        response_action: 'errors',
        errors: { [blocks.kind]: 'Pick the kind of mitigation.' },
      };
    recordMitigation(
      deps.ctx,
      MitigationInput.parse({
        incidentId: incidentOf(deps, body).id,
        kind,
        description: v.text(blocks.description),
        actorId: body.user.id,
      }),
    );
    void deps.track(deps.scheduler.runDue());
    return undefined;
  },
};

export const resolve = modalRoutes({
  name: 'resolve',
  usage: '/incident resolve',
  help: 'resolve: when service came back and what brought it back',
  actionId: actions.resolve,
  label: 'Resolve',
  open: (deps, incident) => {
    if (incident.resolvedAt)
      throw new UserError('incident_resolved', `${incident.ref} is already resolved.`);
    return resolveModal(incident, deps.ctx.clock.now());
  },
});

export const resolveSubmission: ViewRoute = {
  callbackId: views.resolve,
  fallbackField: blocks.summary,
  async run(deps, body) {
    const v = values(body);
    const incident = resolveIncident(deps.ctx, {
      incidentId: incidentOf(deps, body).id,
      resolvedAt: v.dateTime(blocks.resolvedAt),
      summary: v.text(blocks.summary),
      actorId: body.user.id,
    });
    void deps.track(offerFinalUpdate(deps, incident));
    return undefined;
  },
};

async function offerFinalUpdate(deps: SlackDeps, incident: Incident): Promise<void> {
  await deps.scheduler.runDue();
  const where = workspaceOf(incident);
  if (!where || incident.severity === 'P3') return;
  const dueAt = getIncident(deps.ctx.db, incident.id);
  const format = formatterFor(dueAt);
  const who = [...new Set([incident.commanderId, incident.commsLeadId])]
    .filter(Boolean)
    .map((id) => `<@${id}>`)
    .join(' ');
  await deps.client.chat.postMessage({
    ...where,
    text: `${incident.ref} is resolved. Send the client a final update.`,
    blocks: [
      {
        type: 'section',
        text: md(
          `:white_check_mark: *${incident.ref} is resolved* (${format(incident.resolvedAt!)}). ${who}, send the client a final update; the post-mortem and RCA come next (\`/incident rca\`, \`/incident action\`, \`/incident postmortem\`).`,
        ),
      },
      {
        type: 'actions',
        elements: [button('Send update', actions.sendUpdate, String(incident.id), 'primary')],
      },
    ],
  });
}

export const reopenCommand: CommandRoute = {
  name: 'reopen',
  usage: '/incident reopen [REF] [why]',
  help: 'reopen a resolved incident, or say a mitigated one is hurting users again',
  audience: 'in an incident',
  async run(deps, cmd) {
    const incident = incidentHere(deps.ctx, cmd.command.channel_id, cmd.args, '/incident reopen');
    const reason = cmd.args.replace(/\bINC-\d{4}-\d+\b/i, '').trim();
    const wasMitigated = incident.status === 'mitigated';
    const reopened = reopenIncident(deps.ctx, incident.id, cmd.command.user_id, reason);
    await cmd.ackNow();
    const where = workspaceOf(reopened);
    const why = reason ? `: ${escapeMrkdwn(reason)}` : '';
    const text = wasMitigated
      ? `:rotating_light: <@${cmd.command.user_id}> says the impact of ${reopened.ref} is back${why}. It is investigating again; the next client update should say so.`
      : `:arrows_counterclockwise: <@${cmd.command.user_id}> reopened ${reopened.ref}${why}. Client updates are due again.`;
    if (where) await deps.client.chat.postMessage({ ...where, text });
    await deps.scheduler.runDue();
  },
};

export const rca = modalRoutes({
  name: 'rca',
  usage: '/incident rca',
  help: 'the root-cause analysis: key instants, five whys, root cause, impact (save and reopen any time)',
  actionId: actions.rca,
  label: 'RCA',
  open: (deps, incident) =>
    rcaModal(
      incident,
      getRca(deps.ctx, incident.id),
      alertFiredAt(deps.ctx, incident.id),
      formatterFor(incident),
    ),
});

export const rcaSubmission: ViewRoute = {
  callbackId: views.rca,
  fallbackField: blocks.rootCause,
  async run(deps, body) {
    const v = values(body);
    const sessions = v.number(blocks.sessionsAffected);
    const pct = v.number(blocks.usersAffectedPct);
    saveRca(deps.ctx, {
      incidentId: incidentOf(deps, body).id,
      firstSignalAt: v.dateTime(blocks.firstSignalAt),
      degradedAt: v.dateTime(blocks.degradedAt),
      whys: [1, 2, 3, 4, 5].map((n) => v.text(`why${n}`)),
      rootCause: v.text(blocks.rootCause),
      sessionsAffected: sessions,
      usersAffectedPct: pct,
      downstreamImpact: v.text(blocks.downstreamImpact),
      hasPersonalData: v.isChecked(blocks.personalData),
      actorId: body.user.id,
    });
    void deps.track(deps.scheduler.runDue());
    return undefined;
  },
};

export const action = modalRoutes({
  name: 'action',
  usage: '/incident action',
  help: 'add a corrective action: what changes, owner, deadline, metric',
  actionId: actions.addAction,
  label: 'Add action',
  open: (_deps, incident) => actionModal(incident),
});

export const actionSubmission: ViewRoute = {
  callbackId: views.action,
  fallbackField: blocks.description,
  async run(deps, body) {
    const v = values(body);
    const incident = incidentOf(deps, body);
    const added = addAction(deps.ctx, {
      incidentId: incident.id,
      description: v.text(blocks.description),
      ownerId: v.user(blocks.owner),
      dueAt: v.dateTime(blocks.due),
      metric: v.text(blocks.metric),
      actorId: body.user.id,
    });
    const where = workspaceOf(incident);
    if (where) {
      void deps.track(
        deps.client.chat.postMessage({
          ...where,
          text: `:dart: Action for <@${added.ownerId}>, due ${formatterFor(incident)(added.dueAt)}: ${added.description.replace(/[<>&]/g, '')} — metric: ${added.metric.replace(/[<>&]/g, '')}`,
        }),
      );
    }
    return undefined;
  },
};

export const markDoneButton: ActionRoute = {
  actionId: actions.markActionDone,
  async run(deps, body, respond) {
    const button = body.actions[0];
    const actionId = Number(button && 'value' in button ? button.value : Number.NaN);
    const { action: done, closedIncident } = markActionDone(deps.ctx, actionId, body.user.id);
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: `Marked done: ${done.description}${closedIncident ? ' — every action is done, so the incident is closed.' : ''}`,
    });
    await deps.scheduler.runDue();
  },
};
