import type { ViewSubmitAction } from '@slack/bolt';
import { getIncident, type Incident } from '../../incidents/queries.js';
import { latestNextUpdateAt } from '../../updates/cadence.js';
import { postClientUpdate } from '../../updates/post-update.js';
import { updateModal } from '../blocks/update-messages.js';
import type { SlackDeps } from '../deps.js';
import { actions, blocks, views } from '../ids.js';
import type { ActionRoute, CommandRoute, ViewRoute } from '../routes.js';
import { formatterFor } from '../time-format.js';
import { metadataOf, ViewValues } from '../view-values.js';
import { openModal } from './declare.js';
import { incidentHere } from './manage.js';

function updateView(deps: SlackDeps, incident: Incident, isPersonalDataNotice = false) {
  const suggested = incident.resolvedAt ? null : latestNextUpdateAt(incident, deps.ctx.clock.now());
  return updateModal(incident, suggested, formatterFor(incident), isPersonalDataNotice);
}

export const updateCommand: CommandRoute = {
  name: 'update',
  usage: '/incident update',
  help: 'write the next client update (what is happening, what we do, next update time)',
  audience: 'in an incident',
  async run(deps, cmd) {
    const incident = incidentHere(deps.ctx, cmd.command.channel_id, cmd.args, '/incident update');
    await cmd.ackNow();
    await openModal(deps, cmd.command.trigger_id, updateView(deps, incident), cmd.reply as never, {
      label: 'Send update',
      actionId: actions.sendUpdate,
      value: String(incident.id),
    });
  },
};

export const sendUpdateButton: ActionRoute = {
  actionId: actions.sendUpdate,
  async run(deps, body, respond) {
    const action = body.actions[0];
    const incident = getIncident(
      deps.ctx.db,
      Number(action && 'value' in action ? action.value : NaN),
    );
    await openModal(deps, body.trigger_id, updateView(deps, incident), respond, {
      label: 'Send update',
      actionId: actions.sendUpdate,
      value: String(incident.id),
    });
  },
};

export const updateSubmission: ViewRoute = {
  callbackId: views.update,
  fallbackField: blocks.what,
  async run(deps, body: ViewSubmitAction) {
    const metadata = metadataOf(body.view.private_metadata);
    const incidentId = metadata.incidentId as number;
    const values = new ViewValues(body.view.state.values as never);
    const update = postClientUpdate(
      deps.ctx,
      {
        incidentId,
        what: values.text(blocks.what),
        doing: values.text(blocks.doing),
        nextUpdateAt: values.dateTime(blocks.nextUpdate),
        actorId: body.user.id,
        isPersonalDataNotice: metadata.isPersonalDataNotice === true,
      },
      `view:${body.view.id}`,
    );
    if (update) void deps.track(deps.scheduler.runDue());
    return undefined;
  },
};

export const personalDataNoticeButton: ActionRoute = {
  actionId: actions.personalDataNotice,
  async run(deps, body, respond) {
    const action = body.actions[0];
    const incident = getIncident(
      deps.ctx.db,
      Number(action && 'value' in action ? action.value : NaN),
    );
    await openModal(deps, body.trigger_id, updateView(deps, incident, true), respond, {
      label: 'Send personal-data notice',
      actionId: actions.personalDataNotice,
      value: String(incident.id),
    });
  },
};
