import { fail, jsonArg, str } from '../args.js';
import type { Workspace } from '../state.js';
import type { SandboxView } from '../types.js';
import { buildView, maxViewBytes, validateView } from '../view-model.js';
import type { MethodContext, MethodTable } from './registry.js';

type Obj = Record<string, unknown>;

/** A trigger_id lives three seconds (by the sandbox clock) and can be exchanged once. */
export const triggerLifetimeMs = 3000;
const triggerPattern = /^\d+\.\d+\.[0-9a-f]+$/;
const maxStack = 3;

export function readViewArg(ctx: MethodContext, expectType?: 'modal' | 'home'): Obj {
  const arg = jsonArg(ctx.args, 'view');
  if (!arg.present) fail('invalid_arguments', ['[ERROR] missing required field: view']);
  if (!arg.ok) fail('invalid_arguments', ['[ERROR] failed to parse json [json-pointer:/view]']);
  if (JSON.stringify(arg.value).length > maxViewBytes) fail('view_too_large');
  const problems = validateView(arg.value);
  const view = arg.value as Obj;
  if (problems.length === 0 && expectType && view.type !== expectType) {
    problems.push(`must be ${expectType} [json-pointer:/view/type]`);
  }
  if (problems.length > 0)
    fail(
      'invalid_arguments',
      problems.map((p) => `[ERROR] ${p}`),
    );
  return view;
}

function checkExternalId(ws: Workspace, view: Obj, ownId?: string): void {
  const externalId = view.external_id;
  if (typeof externalId !== 'string' || externalId === '') return;
  const clash = [...ws.views.values()].some((v) => v.externalId === externalId && v.id !== ownId);
  if (clash) fail('duplicate_external_id');
}

function exchangeTrigger(ctx: MethodContext): string {
  const trigger = str(ctx.args, 'trigger_id') ?? str(ctx.args, 'interactivity_pointer') ?? '';
  if (!triggerPattern.test(trigger)) fail('invalid_trigger_id');
  const issued = ctx.ws.triggers.get(trigger);
  if (!issued) fail('invalid_trigger_id');
  if (issued.isUsed) fail('exchanged_trigger_id');
  if (ctx.ws.clock.now().getTime() - issued.issuedAtMs > triggerLifetimeMs)
    fail('expired_trigger_id');
  issued.isUsed = true;
  return issued.userId;
}

function requireTriggerArg(ctx: MethodContext): void {
  if (!str(ctx.args, 'trigger_id') && !str(ctx.args, 'interactivity_pointer')) {
    fail('invalid_arguments', ['[ERROR] missing required field: trigger_id']);
  }
}

export function closeStack(ws: Workspace, userId: string): void {
  for (const id of ws.modalStacks.get(userId) ?? []) ws.views.delete(id);
  ws.modalStacks.delete(userId);
}

function open(ctx: MethodContext) {
  const input = readViewArg(ctx, 'modal');
  requireTriggerArg(ctx);
  checkExternalId(ctx.ws, input);
  const userId = exchangeTrigger(ctx);
  closeStack(ctx.ws, userId);
  const view = buildView(ctx.ws, input, { userId });
  ctx.ws.views.set(view.id, view);
  ctx.ws.modalStacks.set(userId, [view.id]);
  return { view: view.raw };
}

function push(ctx: MethodContext) {
  const input = readViewArg(ctx, 'modal');
  requireTriggerArg(ctx);
  checkExternalId(ctx.ws, input);
  const userId = exchangeTrigger(ctx);
  const stack = ctx.ws.modalStacks.get(userId) ?? [];
  if (stack.length === 0) fail('not_found');
  if (stack.length >= maxStack) fail('push_limit_reached');
  const top = stack.at(-1)!;
  const view = buildView(ctx.ws, input, { userId, rootViewId: stack[0], previousViewId: top });
  ctx.ws.views.set(view.id, view);
  stack.push(view.id);
  return { view: view.raw };
}

/** Replaces a view in place: same id, root and position in the stack, new hash. */
export function replaceView(ws: Workspace, current: SandboxView, input: Obj): SandboxView {
  const view = buildView(ws, input, {
    userId: current.userId,
    id: current.id,
    rootViewId: current.rootViewId,
    previousViewId: current.previousViewId,
  });
  ws.views.set(view.id, view);
  return view;
}

function update(ctx: MethodContext) {
  const input = readViewArg(ctx);
  const viewId = str(ctx.args, 'view_id');
  const externalId = str(ctx.args, 'external_id');
  if (!viewId && !externalId) {
    fail('invalid_arguments', ['[ERROR] either view_id or external_id is required']);
  }
  const current = viewId
    ? ctx.ws.views.get(viewId)
    : [...ctx.ws.views.values()].find((v) => v.externalId === externalId);
  if (!current) fail('not_found');
  const hash = str(ctx.args, 'hash');
  if (hash && hash !== current.hash) fail('hash_conflict');
  checkExternalId(ctx.ws, input, current.id);
  return { view: replaceView(ctx.ws, current, input).raw };
}

function publish(ctx: MethodContext, isHomeEnabled: boolean) {
  const input = readViewArg(ctx, 'home');
  const userId = str(ctx.args, 'user_id') ?? '';
  const user = ctx.ws.users.get(userId);
  if (!user || user.isBot)
    fail('invalid_arguments', ['[ERROR] invalid user_id [json-pointer:/user_id]']);
  if (!isHomeEnabled) fail('not_enabled');
  const currentId = ctx.ws.homeViews.get(userId);
  const current = currentId ? ctx.ws.views.get(currentId) : undefined;
  const hash = str(ctx.args, 'hash');
  if (hash && current && hash !== current.hash) fail('hash_conflict');
  checkExternalId(ctx.ws, input, current?.id);
  const view = current ? replaceView(ctx.ws, current, input) : buildView(ctx.ws, input, { userId });
  ctx.ws.views.set(view.id, view);
  ctx.ws.homeViews.set(userId, view.id);
  return { view: view.raw };
}

export function viewMethods(isHomeEnabled: boolean): MethodTable {
  return {
    'views.open': { handle: open },
    'views.push': { handle: push },
    'views.update': { handle: update },
    'views.publish': {
      required: { user_id: 'invalid_arguments' },
      handle: (ctx) => publish(ctx, isHomeEnabled),
    },
  };
}
