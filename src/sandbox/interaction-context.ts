import { type Core, postAsBot } from './posting.js';
import type { ResponseUrls } from './response-urls.js';
import { formBody } from './signing.js';
import type { DeliveryResult, SandboxChannel, SandboxUser } from './types.js';

export interface Interactor extends Core {
  responseUrls: ResponseUrls;
}

export function issueTrigger(core: Core, userId: string): string {
  const { ws } = core;
  const teamNumber = ws.team.id.replace(/\D/g, '').replace(/^0+/, '') || '1';
  const trigger = ws.ids.trigger(teamNumber);
  ws.triggers.set(trigger, { userId, issuedAtMs: ws.clock.now().getTime(), isUsed: false });
  return trigger;
}

export function payloadUser(u: SandboxUser): Record<string, unknown> {
  return { id: u.id, username: u.handle, name: u.handle, team_id: u.teamId };
}

export function hostTeam(core: Core): Record<string, unknown> {
  return { id: core.ws.team.id, domain: core.ws.team.domain };
}

/** Slack Connect people act from their own org: team is theirs, the app's install is the host. */
export function userTeam(core: Core, u: SandboxUser): Record<string, unknown> {
  const { team } = core.ws;
  return u.external ? { id: team.externalId, domain: team.externalDomain } : hostTeam(core);
}

export function payloadChannel(c: SandboxChannel): Record<string, unknown> {
  return { id: c.id, name: c.isIm ? 'directmessage' : c.name };
}

export function actingUser(core: Core, id: string): SandboxUser {
  const user = core.ws.requireUser(id);
  if (user.deleted) throw new Error(`${user.handle} is deactivated and cannot use Slack`);
  return user;
}

export function sendInteraction(
  core: Core,
  payload: Record<string, unknown>,
): Promise<DeliveryResult> {
  const body = formBody({ payload: JSON.stringify(payload) });
  return core.link.sendForm('interaction', payload, body);
}

/**
 * What Slack shows for a command or shortcut ack that carries a message: ephemeral to the
 * person unless response_type is in_channel.
 */
export function showAckMessage(
  core: Core,
  channel: SandboxChannel,
  userId: string,
  body: unknown,
): void {
  if (body === null || body === undefined || body === '') return;
  if (typeof body === 'string') {
    postAsBot(core, channel, { text: body, ephemeralFor: userId });
    return;
  }
  if (typeof body !== 'object') return;
  const ack = body as Record<string, unknown>;
  const text = typeof ack.text === 'string' ? ack.text : '';
  const blocks = Array.isArray(ack.blocks) ? ack.blocks : undefined;
  if (text === '' && !blocks) return;
  const ephemeralFor = ack.response_type === 'in_channel' ? undefined : userId;
  postAsBot(core, channel, { text, blocks, ephemeralFor });
}
