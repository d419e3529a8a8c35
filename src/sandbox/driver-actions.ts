import {
  actingUser,
  hostTeam,
  type Interactor,
  issueTrigger,
  payloadChannel,
  payloadUser,
  sendInteraction,
} from './interaction-context.js';
import { apiMessage } from './shapes.js';
import type { DeliveryResult, SandboxMessage, SandboxUser, SandboxView } from './types.js';
import { stateEntry } from './view-values.js';

type Obj = Record<string, unknown>;

interface Found {
  block: Obj;
  element: Obj;
}

function interactiveElements(blocks: unknown[] | undefined): Found[] {
  const found: Found[] = [];
  for (const raw of blocks ?? []) {
    const block = raw as Obj;
    if (block.type === 'actions' && Array.isArray(block.elements)) {
      for (const e of block.elements) found.push({ block, element: e as Obj });
    }
    if (typeof block.accessory === 'object' && block.accessory !== null) {
      found.push({ block, element: block.accessory as Obj });
    }
    if (block.type === 'input' && typeof block.element === 'object' && block.element !== null) {
      found.push({ block, element: block.element as Obj });
    }
  }
  return found;
}

const labelOf = (e: Obj) => String((e.text as Obj | undefined)?.text ?? '');

function findButton(blocks: unknown[] | undefined, label: string): Found | undefined {
  const buttons = interactiveElements(blocks).filter((f) => f.element.type === 'button');
  return (
    buttons.find((f) => labelOf(f.element) === label) ??
    buttons.find((f) => labelOf(f.element).toLowerCase() === label.toLowerCase())
  );
}

function buttonLabels(blocks: unknown[] | undefined): string[] {
  return interactiveElements(blocks)
    .filter((f) => f.element.type === 'button')
    .map((f) => labelOf(f.element));
}

function visibleTo(m: SandboxMessage, userId: string): boolean {
  return !m.deleted && (!m.ephemeralFor || m.ephemeralFor === userId);
}

/** The `actions[0]` Slack sends for an element, with the person's choice applied. */
function actionFor(ix: Interactor, found: Found, value: string | undefined): Obj {
  const { element, block } = found;
  const base = {
    action_id: element.action_id,
    block_id: block.block_id,
    action_ts: ix.ws.ids.actionTs(),
  };
  const type = String(element.type);
  if (type === 'button') {
    const extra = {
      ...(element.value !== undefined ? { value: element.value } : {}),
      ...(element.style ? { style: element.style } : {}),
    };
    return { ...base, text: element.text, ...extra, type };
  }
  if (type === 'overflow') {
    const option = (element.options as Obj[]).find(
      (o) => o.value === value || labelOf(o) === value,
    );
    if (!option)
      throw new Error(
        `"${String(value)}" is not an option of overflow ${String(element.action_id)}`,
      );
    return { ...base, type, selected_option: { text: option.text, value: option.value } };
  }
  const { entry } = stateEntry(ix.ws, element, value, String(element.action_id));
  return { ...base, ...entry, type };
}

function messagePayload(
  ix: Interactor,
  user: SandboxUser,
  m: SandboxMessage,
  found: Found,
  value?: string,
) {
  const channel = ix.ws.requireChannel(m.channelId);
  const responseUrl = ix.responseUrls.issue('actions', {
    userId: user.id,
    channelId: channel.id,
    messageTs: m.ts,
  });
  const container: Obj = {
    type: 'message',
    message_ts: m.ts,
    channel_id: channel.id,
    is_ephemeral: Boolean(m.ephemeralFor),
  };
  if (m.threadTs && m.threadTs !== m.ts) container.thread_ts = m.threadTs;
  return {
    type: 'block_actions',
    user: payloadUser(user),
    api_app_id: ix.ws.bot.appId,
    token: ix.ws.team.verificationToken,
    container,
    trigger_id: issueTrigger(ix, user.id),
    team: hostTeam(ix),
    enterprise: null,
    is_enterprise_install: false,
    channel: payloadChannel(channel),
    ...(m.ephemeralFor ? {} : { message: apiMessage(ix.ws, m) }),
    state: { values: {} },
    response_url: responseUrl,
    actions: [actionFor(ix, found, value)],
  };
}

export function viewStateValues(ix: Interactor, view: SandboxView): Record<string, Obj> {
  const values: Record<string, Obj> = {};
  for (const block of view.blocks) {
    if (block.type !== 'input' || typeof block.element !== 'object' || block.element === null)
      continue;
    const element = block.element as Obj;
    const { entry } = stateEntry(ix.ws, element, undefined, String(block.block_id));
    values[String(block.block_id)] = { [String(element.action_id)]: entry };
  }
  return values;
}

function viewPayload(ix: Interactor, user: SandboxUser, view: SandboxView, found: Found) {
  return {
    type: 'block_actions',
    user: payloadUser(user),
    api_app_id: ix.ws.bot.appId,
    token: ix.ws.team.verificationToken,
    container: { type: 'view', view_id: view.id },
    trigger_id: issueTrigger(ix, user.id),
    team: hostTeam(ix),
    enterprise: null,
    is_enterprise_install: false,
    view: { ...view.raw, state: { values: viewStateValues(ix, view) } },
    actions: [actionFor(ix, found, undefined)],
  };
}

export async function clickButton(
  ix: Interactor,
  p: { userId: string; label: string; channelId?: string; inView?: boolean },
): Promise<DeliveryResult> {
  const user = actingUser(ix, p.userId);
  if (p.channelId && !p.inView) {
    const channel = ix.ws.requireChannel(p.channelId);
    const candidates = ix.ws
      .messages(channel.id)
      .filter((m) => visibleTo(m, user.id))
      .reverse();
    for (const m of candidates) {
      const found = findButton(m.blocks, p.label);
      if (found) return sendInteraction(ix, messagePayload(ix, user, m, found));
    }
    const labels = candidates.flatMap((m) => buttonLabels(m.blocks));
    throw new Error(
      `no button "${p.label}" in #${channel.name}; buttons there: ${labels.join(', ') || 'none'}`,
    );
  }
  const view = ix.ws.modalStack(user.id).at(-1);
  if (!view) throw new Error(`${user.handle} has no modal open`);
  const found = findButton(view.blocks, p.label);
  if (!found) {
    throw new Error(
      `no button "${p.label}" in modal "${view.title}"; ` +
        `buttons: ${buttonLabels(view.blocks).join(', ')}`,
    );
  }
  return sendInteraction(ix, viewPayload(ix, user, view, found));
}

export async function blockAction(
  ix: Interactor,
  p: {
    userId: string;
    channelId: string;
    messageTs: string;
    actionId: string;
    value?: string;
    blockId?: string;
  },
): Promise<DeliveryResult> {
  const user = actingUser(ix, p.userId);
  const channel = ix.ws.requireChannel(p.channelId);
  const message = ix.ws
    .messages(channel.id)
    .find((m) => m.ts === p.messageTs && visibleTo(m, user.id));
  if (!message)
    throw new Error(`no message ${p.messageTs} visible to ${user.handle} in #${channel.name}`);
  const found = interactiveElements(message.blocks).find(
    (f) => f.element.action_id === p.actionId && (!p.blockId || f.block.block_id === p.blockId),
  );
  if (!found)
    throw new Error(`message ${p.messageTs} has no element with action_id "${p.actionId}"`);
  return sendInteraction(ix, messagePayload(ix, user, message, found, p.value));
}

export async function messageShortcut(
  ix: Interactor,
  p: { userId: string; channelId: string; messageTs: string; callbackId: string },
): Promise<DeliveryResult> {
  const user = actingUser(ix, p.userId);
  const channel = ix.ws.requireChannel(p.channelId);
  const message = ix.ws.findMessage(channel.id, p.messageTs);
  if (!message) throw new Error(`no message ${p.messageTs} in #${channel.name}`);
  const responseUrl = ix.responseUrls.issue('app', { userId: user.id, channelId: channel.id });
  const payload = {
    type: 'message_action',
    token: ix.ws.team.verificationToken,
    action_ts: ix.ws.ids.actionTs(),
    team: hostTeam(ix),
    user: payloadUser(user),
    channel: payloadChannel(channel),
    is_enterprise_install: false,
    enterprise: null,
    callback_id: p.callbackId,
    trigger_id: issueTrigger(ix, user.id),
    response_url: responseUrl,
    message_ts: message.ts,
    message: apiMessage(ix.ws, message),
  };
  return sendInteraction(ix, payload);
}
