import {
  actingUser,
  type Interactor,
  issueTrigger,
  payloadUser,
  sendInteraction,
  userTeam,
} from './interaction-context.js';
import { closeStack, replaceView } from './methods/views.js';
import type { DeliveryResult, SandboxUser, SandboxView } from './types.js';
import { buildView, validateView } from './view-model.js';
import { stateEntry } from './view-values.js';

type Obj = Record<string, unknown>;

const maxStack = 3;

interface InputBlock {
  blockId: string;
  label: string;
  element: Obj;
  isOptional: boolean;
}

function inputBlocks(view: SandboxView): InputBlock[] {
  return view.blocks
    .filter((b) => b.type === 'input' && typeof b.element === 'object' && b.element !== null)
    .map((b) => ({
      blockId: String(b.block_id),
      label: String((b.label as Obj | undefined)?.text ?? ''),
      element: b.element as Obj,
      isOptional: b.optional === true,
    }));
}

/** Matches given keys to inputs: block_id first, then the visible label (case-insensitive). */
function givenFor(inputs: InputBlock[], values: Record<string, unknown>, view: SandboxView) {
  const byBlock = new Map<string, unknown>();
  for (const [key, value] of Object.entries(values)) {
    const input =
      inputs.find((i) => i.blockId === key) ??
      inputs.find((i) => i.label.toLowerCase() === key.toLowerCase());
    if (!input) {
      const known = inputs.map((i) => `${i.blockId} ("${i.label}")`).join(', ');
      throw new Error(`modal "${view.title}" has no input "${key}"; its inputs: ${known}`);
    }
    byBlock.set(input.blockId, value);
  }
  return byBlock;
}

/** The checks a Slack client makes before it lets a person press Submit. */
function checkClientSide(input: InputBlock, entry: Obj, isEmpty: boolean): void {
  if (isEmpty && !input.isOptional) {
    throw new Error(`"${input.label}" is required; Slack would not submit the modal without it`);
  }
  const length = typeof entry.value === 'string' ? entry.value.length : 0;
  const { min_length: min, max_length: max } = input.element;
  if (!isEmpty && typeof min === 'number' && length < min) {
    throw new Error(`"${input.label}" needs at least ${min} characters; Slack would not submit it`);
  }
  if (typeof max === 'number' && length > max) {
    throw new Error(`"${input.label}" allows at most ${max} characters; Slack would not submit it`);
  }
}

function topView(ix: Interactor, user: SandboxUser): SandboxView {
  const view = ix.ws.modalStack(user.id).at(-1);
  if (!view) throw new Error(`${user.handle} has no modal open`);
  return view;
}

function ackView(body: Obj): Obj {
  const problems = validateView(body.view, '/view');
  if (problems.length > 0) {
    throw new Error(
      `the app answered response_action ${String(body.response_action)} ` +
        `with an invalid view: ${problems.join('; ')}`,
    );
  }
  return body.view as Obj;
}

function applyAck(ix: Interactor, user: SandboxUser, view: SandboxView, body: unknown): void {
  const stack = ix.ws.modalStacks.get(user.id) ?? [];
  const ack = typeof body === 'object' && body !== null ? (body as Obj) : {};
  switch (ack.response_action) {
    case 'errors':
      return;
    case 'update':
      replaceView(ix.ws, view, ackView(ack));
      return;
    case 'push': {
      const input = ackView(ack);
      if (stack.length >= maxStack)
        throw new Error('the app pushed a fourth view; Slack allows three');
      const pushed = buildView(ix.ws, input, {
        userId: user.id,
        rootViewId: stack[0],
        previousViewId: view.id,
      });
      ix.ws.views.set(pushed.id, pushed);
      stack.push(pushed.id);
      return;
    }
    case 'clear':
      closeStack(ix.ws, user.id);
      return;
    default:
      popView(ix, user.id);
  }
}

function popView(ix: Interactor, userId: string): void {
  const stack = ix.ws.modalStacks.get(userId) ?? [];
  const id = stack.pop();
  if (id) ix.ws.views.delete(id);
  if (stack.length === 0) ix.ws.modalStacks.delete(userId);
}

export async function submitView(
  ix: Interactor,
  p: { userId: string; values: Record<string, unknown> },
): Promise<DeliveryResult> {
  const user = actingUser(ix, p.userId);
  const view = topView(ix, user);
  const inputs = inputBlocks(view);
  const given = givenFor(inputs, p.values, view);
  const values: Record<string, Obj> = {};
  for (const input of inputs) {
    const { entry, isEmpty } = stateEntry(
      ix.ws,
      input.element,
      given.get(input.blockId),
      input.label,
    );
    checkClientSide(input, entry, isEmpty);
    values[input.blockId] = { [String(input.element.action_id)]: entry };
  }
  const payload = {
    type: 'view_submission',
    team: userTeam(ix, user),
    user: payloadUser(user),
    api_app_id: ix.ws.bot.appId,
    token: ix.ws.team.verificationToken,
    trigger_id: issueTrigger(ix, user.id),
    view: { ...view.raw, state: { values } },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  const result = await sendInteraction(ix, payload);
  // A failed or late ack leaves the modal open with an error, as Slack does.
  if (result.status === 200) applyAck(ix, user, view, result.body);
  return result;
}

/** Close (×/Cancel): pops the top view, or all of them with clear_on_close. */
export async function closeView(ix: Interactor, p: { userId: string }): Promise<DeliveryResult> {
  const user = actingUser(ix, p.userId);
  const view = topView(ix, user);
  const isCleared = view.clearOnClose;
  if (isCleared) closeStack(ix.ws, user.id);
  else popView(ix, user.id);
  if (!view.notifyOnClose) return { status: 0, body: null };
  const payload = {
    type: 'view_closed',
    team: userTeam(ix, user),
    user: payloadUser(user),
    api_app_id: ix.ws.bot.appId,
    token: ix.ws.team.verificationToken,
    view: view.raw,
    is_cleared: isCleared,
    is_enterprise_install: false,
    enterprise: null,
  };
  return sendInteraction(ix, payload);
}
