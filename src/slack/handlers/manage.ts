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
import { ChangeSeverityInput, changeSeverity, normalizeReason } from '../../incidents/severity.js';
import { type IncidentStatus, statusWords } from '../../incidents/types.js';
import { rolesModal, severityModal } from '../blocks/incident-views.js';
import { parseRef, parseSeverityWord, parseUserMention } from '../command-text.js';
import type { SlackDeps } from '../deps.js';
import { actions, blocks, views } from '../ids.js';
import { escapeMrkdwn, mentionChannel, mentionUser } from '../mrkdwn.js';
import { parseForm } from '../present.js';
import type { ActionRoute, CommandRoute, Routes, ViewRoute } from '../routes.js';
import { helpText } from '../routes.js';
import { formatterFor } from '../time-format.js';
import { workspaceOf } from '../update-jobs.js';
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
    const input = parseForm(ChangeSeverityInput, {
      incidentId: incident.id,
      severity: values.option(blocks.severity),
      reason: values.text(blocks.reason),
      actorId: body.user.id,
    });
    const updated = changeSeverity(deps.ctx, input);
    const reason = normalizeReason(input.reason);
    void deps.track(afterSeverityChange(deps, incident, updated, reason, body.user.id));
    return undefined;
  },
};

/** Says who moved the severity and why where the incident works, then sets up and refreshes. */
async function afterSeverityChange(
  deps: SlackDeps,
  before: Incident,
  after: Incident,
  reason: string,
  actorId: string,
): Promise<void> {
  const where = workspaceOf(before);
  if (where) {
    await deps.client.chat
      .postMessage({
        ...where,
        text:
          `${mentionUser(actorId)} changed the severity of *${after.ref}* ` +
          `from ${before.severity} to *${after.severity}*: ${escapeMrkdwn(reason)}`,
      })
      .catch((error) => deps.ctx.logger.warn('severity note not posted', { error }));
  }
  await deps.scheduler.runDue();
}

/**
 * Roles go to people on our side: not Vigil, not another bot, not a deactivated account, and not
 * a Slack Connect guest from the client's organisation. Answered on the form's field or as the
 * command's reply.
 */
async function checkHolder(deps: SlackDeps, role: Role, userId: string): Promise<void> {
  const field = role === 'commander' ? blocks.commander : blocks.commsLead;
  const refuse = (why: string) => {
    throw new UserError('cannot_hold_role', `${why}; pick someone on the team.`, field);
  };
  if (userId === deps.bot.userId) refuse(`Vigil cannot be the ${roleNames[role]}`);
  const found = await deps.client.users.info({ user: userId }).catch(() => null);
  const user = found?.user;
  if (!user) refuse(`${mentionUser(userId)} is not a user of this workspace`);
  else if (user.deleted) refuse(`${mentionUser(userId)}'s account is deactivated`);
  else if (user.is_bot) refuse(`${mentionUser(userId)} is a bot`);
  else if (user.team_id && user.team_id !== deps.bot.teamId) {
    refuse(`${mentionUser(userId)} is a guest from another organisation, not one of us`);
  }
}

/** Pulls the new holder in, says so where the incident works, and tells them what the role does. */
async function announceHandOver(
  deps: SlackDeps,
  incident: Incident,
  role: Role,
  userId: string,
  actorId: string,
): Promise<void> {
  const where = workspaceOf(incident);
  if (incident.channelId) {
    await deps.client.conversations
      .invite({ channel: incident.channelId, users: userId })
      .catch(() => {});
  }
  if (where) {
    await deps.client.chat.postMessage({
      ...where,
      text:
        `${mentionUser(userId)} is now the ${roleNames[role]} of *${incident.ref}* ` +
        `(handed over by ${mentionUser(actorId)}).`,
    });
  }
  await tellHolder(deps, incident, role, userId);
}

/** A private note: ephemeral where the incident works, or a direct message when not there. */
async function tellHolder(deps: SlackDeps, incident: Incident, role: Role, userId: string) {
  const text = `You are now the ${roleNames[role]} of ${incident.ref}. ${roleDuties[role]}`;
  const where = workspaceOf(incident);
  try {
    if (!where) throw new Error('the incident has no channel or thread yet');
    await deps.client.chat.postEphemeral({ ...where, user: userId, text });
  } catch {
    await deps.client.chat
      .postMessage({ channel: userId, text })
      .catch((error) => deps.ctx.logger.warn('role note not delivered', { userId, error }));
  }
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
      const actorId = cmd.command.user_id;
      await checkHolder(deps, role, userId);
      const updated = assignRole(deps.ctx, { incidentId: incident.id, role, userId, actorId });
      if (!updated) {
        await cmd.reply(
          `${mentionUser(userId)} is already the ${roleNames[role]} of ${incident.ref}.`,
        );
        return;
      }
      await cmd.ackNow();
      await announceHandOver(deps, updated, role, userId, actorId);
      await deps.scheduler.runDue();
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
    const wanted: Array<[Role, string | undefined]> = [
      ['commander', values.user(blocks.commander)],
      ['comms_lead', values.user(blocks.commsLead)],
    ];
    for (const [role, userId] of wanted) if (userId) await checkHolder(deps, role, userId);
    const actorId = body.user.id;
    const handedOver: Array<[Role, string]> = [];
    for (const [role, userId] of wanted) {
      if (!userId) continue;
      const updated = assignRole(deps.ctx, { incidentId: incident.id, role, userId, actorId });
      if (updated) handedOver.push([role, userId]);
    }
    void deps.track(
      (async () => {
        for (const [role, userId] of handedOver) {
          const latest = getIncident(deps.ctx.db, incident.id);
          await announceHandOver(deps, latest, role, userId, actorId);
        }
        await deps.scheduler.runDue();
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
