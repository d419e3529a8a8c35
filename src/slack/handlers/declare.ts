import type { BlockAction, RespondFn, ViewSubmitAction } from '@slack/bolt';
import type { View } from '@slack/types';
import { ErrorCode } from '@slack/web-api';
import { UserError } from '../../errors.js';
import { DeclareInput, declareIncident, titleProblem } from '../../incidents/declare.js';
import { getIncident } from '../../incidents/queries.js';
import { button, md } from '../blocks/elements.js';
import { type DeclarePrefill, declareModal } from '../blocks/incident-views.js';
import { parseDeclareArgs } from '../command-text.js';
import type { SlackDeps } from '../deps.js';
import { actions, blocks, views } from '../ids.js';
import { mentionChannel } from '../mrkdwn.js';
import { parseForm } from '../present.js';
import type { ActionRoute, CommandRoute, ViewRoute } from '../routes.js';
import { slackErrorCode } from '../users.js';
import { metadataOf, ViewValues } from '../view-values.js';

/** Why a modal did not open, when a fresh trigger (a click) would fix it; else undefined. */
function missedTrigger(error: unknown): string | undefined {
  const code = (error as { code?: string }).code;
  if (code === ErrorCode.RateLimitedError || code === ErrorCode.HTTPError) {
    return 'Slack was too busy to open the form just now.';
  }
  if (code === ErrorCode.RequestError) return 'Slack did not answer in time to open the form.';
  const slackCode = slackErrorCode(error);
  if (slackCode === 'expired_trigger_id' || slackCode === 'exchanged_trigger_id') {
    return 'Slack closed the form before it could open (it allows three seconds).';
  }
  return undefined;
}

/**
 * Opens a modal; when Slack's three-second trigger has already expired (or Slack could not open
 * it in time) the person gets a button that opens it again with a fresh trigger.
 */
export async function openModal(
  deps: SlackDeps,
  triggerId: string,
  view: View,
  respond: (reply: Parameters<RespondFn>[0]) => Promise<unknown>,
  retry: { label: string; actionId: string; value: string },
): Promise<boolean> {
  const started = performance.now();
  try {
    await deps.triggerClient.views.open({ trigger_id: triggerId, view });
    deps.ctx.logger.debug('modal opened', {
      callbackId: view.callback_id,
      durationMs: Math.round(performance.now() - started),
    });
    return true;
  } catch (error) {
    const why = missedTrigger(error);
    if (!why) throw error;
    deps.ctx.logger.warn('modal not opened', {
      callbackId: view.callback_id,
      code: slackErrorCode(error),
      durationMs: Math.round(performance.now() - started),
    });
    await respond({
      response_type: 'ephemeral',
      text: `${why} Open it again:`,
      blocks: [
        { type: 'section', text: md(why) },
        {
          type: 'actions',
          elements: [button(retry.label, retry.actionId, retry.value, 'primary')],
        },
      ],
    });
    return false;
  }
}

function declareView(deps: SlackDeps, prefill: DeclarePrefill, originChannelId: string): View {
  const view = declareModal(deps.ctx.settings, prefill);
  return { ...view, private_metadata: JSON.stringify({ originChannelId, prefill }) } as View;
}

const reopenLabel = 'Open the declare form';

export const declareCommand: CommandRoute = {
  name: 'declare',
  usage: '/incident [p1|p2|p3] [title]',
  help: 'declare an incident (opens a form with severity and title filled in)',
  audience: 'anyone',
  async run(deps, cmd) {
    const prefill = parseDeclareArgs(cmd.args);
    const problem = prefill.title === undefined ? undefined : titleProblem(prefill.title);
    if (problem) {
      throw new UserError('bad_title', `${problem} Try \`/incident p1 CRM lookups time out\`.`);
    }
    // Nothing slow before views.open: the trigger it needs dies three seconds after the command.
    await cmd.ackNow();
    await openModal(
      deps,
      cmd.command.trigger_id,
      declareView(deps, prefill, cmd.command.channel_id),
      (body) => cmd.reply(body as never),
      { label: reopenLabel, actionId: actions.openDeclare, value: JSON.stringify(prefill) },
    );
  },
};

export const reopenDeclareForm: ActionRoute = {
  actionId: actions.openDeclare,
  async run(deps, body: BlockAction, respond) {
    const action = body.actions[0];
    const value = action && 'value' in action ? action.value : undefined;
    const prefill = metadataOf(value) as DeclarePrefill;
    const view = declareView(deps, prefill, body.channel?.id ?? '');
    const retry = { label: reopenLabel, actionId: actions.openDeclare, value: value ?? '{}' };
    const isOpen = await openModal(deps, body.trigger_id, view, respond, retry);
    // The button has done its job; a second click would only open a second form.
    if (isOpen) await respond({ delete_original: true }).catch(() => {});
  },
};

export const declareSubmission: ViewRoute = {
  callbackId: views.declare,
  fallbackField: blocks.title,
  async run(deps, body: ViewSubmitAction) {
    const values = new ViewValues(body.view.state.values as never);
    const input = parseForm(
      DeclareInput,
      {
        title: values.text(blocks.title),
        severity: values.option(blocks.severity),
        type: values.option(blocks.type),
        clientKey: values.option(blocks.client) ?? '',
        deploymentKey: values.option(blocks.deployment) ?? '',
        summary: values.text(blocks.summary),
        hasPersonalData: values.isChecked(blocks.personalData),
        detectedBy: values.option(blocks.detectedBy) ?? 'internal',
        actorId: body.user.id,
      },
      {
        clientKey: blocks.client,
        deploymentKey: blocks.deployment,
        hasPersonalData: blocks.personalData,
        detectedBy: blocks.detectedBy,
      },
    );
    // Slack gives every opened modal its own id: a double click or a redelivery repeats it.
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
  const announcedIn = mentionChannel(incident.announceChannelId ?? origin);
  const where = incident.channelId
    ? `in ${mentionChannel(incident.channelId)}`
    : `in the thread of its announcement in ${announcedIn}`;
  await deps.client.chat
    .postEphemeral({
      channel: origin,
      user: userId,
      text: `${incident.ref} is declared; work on it ${where}.`,
    })
    .catch(() => {});
}
