import type { ViewSubmitAction } from '@slack/bolt';
import { UserError } from '../../errors.js';
import type { DomainContext } from '../../incidents/context.js';
import {
  getIncident,
  type Incident,
  listOpenIncidents,
  resolveIncident,
} from '../../incidents/queries.js';
import { assignRole, type Role, roleDuties, roleNames } from '../../incidents/roles.js';
import { ChangeSeverityInput, changeSeverity } from '../../incidents/severity.js';
import { type IncidentStatus, statusWords } from '../../incidents/types.js';
import { rolesModal, severityModal } from '../blocks/incident-views.js';
import { parseRef, parseSeverityWord, parseUserMention } from '../command-text.js';
import type { SlackDeps } from '../deps.js';
import { actions, blocks, views } from '../ids.js';
import { escapeMrkdwn, mentionChannel, mentionUser } from '../mrkdwn.js';
import type { ActionRoute, CommandRoute, Routes, ViewRoute } from '../routes.js';
import { helpText } from '../routes.js';
import { formatterFor } from '../time-format.js';
import { metadataOf, ViewValues } from '../view-values.js';
import { openModal } from './declare.js';

export function incidentHere(
  ctx: DomainContext,
  channelId: string,
  args: string,
  usage: string,
): Incident {
  return resolveIncident(ctx.db, { channelId, ref: parseRef(args) }, usage);
}

function incidentFromButton(deps: SlackDeps, value: string | undefined): Incident {
  const id = Number(value);
  if (!Number.isInteger(id)) throw new Error(`button carries no incident id: ${value}`);
  return getIncident(deps.ctx.db, id);
}

function incidentFromView(deps: SlackDeps, body: ViewSubmitAction): Incident {
  const id = metadataOf(body.view.private_metadata).incidentId;
  if (typeof id !== 'number') throw new Error('modal carries no incident id');
  return getIncident(deps.ctx.db, id);
}

function buttonValue(body: { actions: Array<{ value?: string } | object> }): string | undefined {
  const action = body.actions[0];
  return action && 'value' in action ? action.value : undefined;
}

export const severityCommand: CommandRoute = {
  name: 'severity',
  usage: '/incident severity p1|p2|p3',
  help: 'change the severity (asks why)',
  audience: 'in an incident',
  async run(deps, cmd) {
    const word = cmd.args.trim().split(/\s+/)[0] ?? '';
    const proposed = word && !/^INC-/i.test(word) ? parseSeverityWord(word) : undefined;
    const incident = incidentHere(deps.ctx, cmd.command.channel_id, cmd.args, '/incident severity');
    await cmd.ackNow();
    await openModal(
      deps,
      cmd.command.trigger_id,
      severityModal(incident, proposed),
      cmd.reply as never,
      {
        label: 'Change severity',
        actionId: actions.changeSeverity,
        value: String(incident.id),
      },
    );
  },
};

export const severityButton: ActionRoute = {
  actionId: actions.changeSeverity,
  async run(deps, body, respond) {
    const incident = incidentFromButton(deps, buttonValue(body));
    await openModal(deps, body.trigger_id, severityModal(incident), respond, {
      label: 'Change severity',
      actionId: actions.changeSeverity,
      value: String(incident.id),
    });
  },
};

export const severitySubmission: ViewRoute = {
  callbackId: views.severity,
  fallbackField: blocks.reason,
  async run(deps, body) {
    const incident = incidentFromView(deps, body);
    const values = new ViewValues(body.view.state.values as never);
    changeSeverity(
      deps.ctx,
      ChangeSeverityInput.parse({
        incidentId: incident.id,
        severity: values.option(blocks.severity),
        reason: values.text(blocks.reason),
        actorId: body.user.id,
      }),
    );
    void deps.track(deps.scheduler.runDue());
    return undefined;
  },
};

async function handOver(
  deps: SlackDeps,
  incident: Incident,
  role: Role,
  userId: string,
  actorId: string,
) {
  if (userId === deps.bot.userId) {
    throw new UserError(
      'bot_cannot_hold_role',
      `Vigil cannot be the ${roleNames[role]}; pick a person.`,
    );
  }
  const updated = assignRole(deps.ctx, { incidentId: incident.id, role, userId, actorId });
  if (!updated) return;
  if (updated.channelId) {
    await deps.client.conversations
      .invite({ channel: updated.channelId, users: userId })
      .catch(() => {});
    await deps.client.chat
      .postEphemeral({
        channel: updated.channelId,
        user: userId,
        text: `You are now the ${roleNames[role]} of ${updated.ref}. ${roleDuties[role]}`,
      })
      .catch(() => {});
    await deps.client.chat.postMessage({
      channel: updated.channelId,
      text: `${mentionUser(userId)} is now the ${roleNames[role]} (handed over by ${mentionUser(actorId)}).`,
    });
  }
  await deps.scheduler.runDue();
}

function roleCommand(name: string, role: Role): CommandRoute {
  return {
    name,
    usage: `/incident ${name} @person`,
    help: `hand the ${roleNames[role]} role to someone`,
    audience: 'in an incident',
    async run(deps, cmd) {
      const userId = parseUserMention(cmd.args);
      if (!userId) {
        throw new UserError(
          'no_user',
          `Name the new ${roleNames[role]}: \`/incident ${name} @dana\`.`,
        );
      }
      const incident = incidentHere(
        deps.ctx,
        cmd.command.channel_id,
        cmd.args,
        `/incident ${name}`,
      );
      await cmd.ackNow();
      await deps.track(handOver(deps, incident, role, userId, cmd.command.user_id));
    },
  };
}

export const commanderCommand = roleCommand('commander', 'commander');
export const commsCommand = roleCommand('comms', 'comms_lead');

export const rolesButton: ActionRoute = {
  actionId: actions.handOver,
  async run(deps, body, respond) {
    const incident = incidentFromButton(deps, buttonValue(body));
    await openModal(deps, body.trigger_id, rolesModal(incident), respond, {
      label: 'Hand over roles',
      actionId: actions.handOver,
      value: String(incident.id),
    });
  },
};

export const rolesSubmission: ViewRoute = {
  callbackId: views.roles,
  fallbackField: blocks.commander,
  async run(deps, body) {
    const incident = incidentFromView(deps, body);
    const values = new ViewValues(body.view.state.values as never);
    const commander = values.user(blocks.commander);
    const comms = values.user(blocks.commsLead);
    for (const [role, userId] of [
      ['commander', commander],
      ['comms_lead', comms],
    ] as const) {
      if (userId === deps.bot.userId) {
        return {
          response_action: 'errors',
          errors: {
            [role === 'commander' ? blocks.commander : blocks.commsLead]:
              'Pick a person, not Vigil.',
          },
        };
      }
    }
    void deps.track(
      (async () => {
        if (commander) await handOver(deps, incident, 'commander', commander, body.user.id);
        if (comms)
          await handOver(
            deps,
            getIncident(deps.ctx.db, incident.id),
            'comms_lead',
            comms,
            body.user.id,
          );
      })(),
    );
    return undefined;
  },
};

export const listCommand: CommandRoute = {
  name: 'list',
  usage: '/incident list',
  help: 'list open incidents',
  audience: 'anyone',
  async run(deps, cmd) {
    const open = listOpenIncidents(deps.ctx.db);
    if (open.length === 0) {
      await cmd.reply('No open incidents.');
      return;
    }
    const lines = open.map((incident) => {
      const where = incident.channelId ? mentionChannel(incident.channelId) : 'announcement thread';
      const since = formatterFor(incident)(incident.declaredAt);
      return `• *${incident.ref}* ${incident.severity} · ${statusWords[incident.status as IncidentStatus]} · ${escapeMrkdwn(incident.title)} · ${where} · IC ${mentionUser(incident.commanderId)} · since ${since}`;
    });
    await cmd.reply(`*Open incidents (${open.length})*\n${lines.join('\n')}`);
  },
};

export function helpCommand(routes: () => Routes): CommandRoute {
  return {
    name: 'help',
    usage: '/incident help',
    help: 'show this list',
    audience: 'anyone',
    async run(_deps, cmd) {
      await cmd.reply(helpText(routes()));
    },
  };
}
