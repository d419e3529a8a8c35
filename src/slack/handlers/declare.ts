import type { BlockAction, RespondFn, ViewSubmitAction } from '@slack/bolt';
import type { View } from '@slack/types';
import { UserError } from '../../errors.js';
import { DeclareInput, declareIncident, maxTitleLength } from '../../incidents/declare.js';
import { getIncident } from '../../incidents/queries.js';
import { button, md } from '../blocks/elements.js';
import { type DeclarePrefill, declareModal } from '../blocks/incident-views.js';
import { parseDeclareArgs } from '../command-text.js';
import type { SlackDeps } from '../deps.js';
import { actions, blocks, views } from '../ids.js';
import { mentionChannel } from '../mrkdwn.js';
import type { ActionRoute, CommandRoute, ViewRoute } from '../routes.js';
import { slackErrorCode } from '../users.js';
import { metadataOf, ViewValues } from '../view-values.js';

/**
 * Opens a modal; when Slack's three-second trigger has already expired the person gets a button
 * that opens it again with a fresh trigger.
 */
export async function openModal(
  deps: SlackDeps,
  triggerId: string,
  view: View,
  respond: (reply: Parameters<RespondFn>[0]) => Promise<unknown>,
  retry: { label: string; actionId: string; value: string },
): Promise<void> {
  try {
    await deps.client.views.open({ trigger_id: triggerId, view });
  } catch (error) {
    const code = slackErrorCode(error);
    if (code !== 'expired_trigger_id' && code !== 'exchanged_trigger_id') throw error;
    await respond({
      response_type: 'ephemeral',
      text: 'Slack closed the form before it could open. Open it again:',
      blocks: [
        {
          type: 'section',
          text: md('Slack closed the form before it could open (it allows three seconds).'),
        },
        {
          type: 'actions',
          elements: [button(retry.label, retry.actionId, retry.value, 'primary')],
        },
      ],
    });
  }
}

function declareView(deps: SlackDeps, prefill: DeclarePrefill, originChannelId: string): View {
  const view = declareModal(deps.ctx.settings, prefill);
  return { ...view, private_metadata: JSON.stringify({ originChannelId, prefill }) } as View;
}

export const declareCommand: CommandRoute = {
  name: 'declare',
  usage: '/incident [p1|p2|p3] [title]',
  help: 'declare an incident (opens a form with severity and title filled in)',
  audience: 'anyone',
  async run(deps, cmd) {
    const prefill = parseDeclareArgs(cmd.args);
    if (prefill.title && prefill.title.length > maxTitleLength) {
      throw new UserError(
        'title_too_long',
        `That title has ${prefill.title.length} characters; keep it under ${maxTitleLength} and ` +
          'put the details in the form’s summary. Try `/incident p1 CRM lookups time out`.',
      );
    }
    await cmd.ackNow();
    const value = JSON.stringify(prefill).slice(0, 1900);
    await openModal(
      deps,
      cmd.command.trigger_id,
      declareView(deps, prefill, cmd.command.channel_id),
      (body) => cmd.reply(body as never),
      { label: 'Open the declare form', actionId: actions.openDeclare, value },
    );
  },
};

export const reopenDeclareForm: ActionRoute = {
  actionId: actions.openDeclare,
  async run(deps, body: BlockAction, respond) {
    const action = body.actions[0];
    const prefill = metadataOf(
      action && 'value' in action ? action.value : undefined,
    ) as DeclarePrefill;
    await openModal(
      deps,
      body.trigger_id,
      declareView(deps, prefill, body.channel?.id ?? ''),
      respond,
      {
        label: 'Open the declare form',
        actionId: actions.openDeclare,
        value: JSON.stringify(prefill),
      },
    );
  },
};

export const declareSubmission: ViewRoute = {
  callbackId: views.declare,
  fallbackField: blocks.title,
  async run(deps, body: ViewSubmitAction) {
    const values = new ViewValues(body.view.state.values as never);
    const input = DeclareInput.parse({
      title: values.text(blocks.title),
      severity: values.option(blocks.severity),
      type: values.option(blocks.type),
      clientKey: values.option(blocks.client) ?? '',
      deploymentKey: values.option(blocks.deployment) ?? '',
      summary: values.text(blocks.summary),
      hasPersonalData: values.isChecked(blocks.personalData),
      detectedBy: values.option(blocks.detectedBy) ?? 'internal',
      actorId: body.user.id,
    });
    const { incident, isNew } = declareIncident(deps.ctx, input, `view:${body.view.id}`);
    if (isNew) {
      const origin = metadataOf(body.view.private_metadata).originChannelId as string | undefined;
      void deps.track(afterDeclare(deps, incident.id, body.user.id, origin));
    }
    return undefined;
  },
};

/** Runs the setup at once rather than on the next tick, then tells the declarer where to go. */
async function afterDeclare(deps: SlackDeps, incidentId: number, userId: string, origin?: string) {
  await deps.scheduler.runDue();
  const incident = getIncident(deps.ctx.db, incidentId);
  if (!origin || origin === incident.channelId) return;
  const where = incident.channelId
    ? `in ${mentionChannel(incident.channelId)}`
    : 'in the thread of its announcement';
  await deps.client.chat
    .postEphemeral({
      channel: origin,
      user: userId,
      text: `${incident.ref} is declared; work on it ${where}.`,
    })
    .catch(() => {});
}
