import { BlockValidator } from './blocks-validation.js';
import type { Workspace } from './state.js';
import type { SandboxView } from './types.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Views over 250 kB are refused with view_too_large rather than invalid_arguments. */
export const maxViewBytes = 250 * 1024;

export function validateView(view: unknown, path = '/view'): string[] {
  const v = new BlockValidator();
  if (!isObj(view)) return [`must provide an object [json-pointer:${path}]`];
  const isModal = view.type === 'modal';
  if (!isModal && view.type !== 'home') {
    v.errors.push(`must be one of: modal, home [json-pointer:${path}/type]`);
  }
  if (isModal || view.title !== undefined) v.text(view.title, `${path}/title`, 24, true);
  if (view.submit !== undefined) v.text(view.submit, `${path}/submit`, 24, true);
  if (view.close !== undefined) v.text(view.close, `${path}/close`, 24, true);
  const blocks = view.blocks;
  const hasInput = Array.isArray(blocks) && blocks.some((b) => isObj(b) && b.type === 'input');
  if (isModal && hasInput && view.submit === undefined) {
    v.errors.push(`missing required field: submit [json-pointer:${path}]`);
  }
  if (blocks === undefined) v.errors.push(`missing required field: blocks [json-pointer:${path}]`);
  else v.blocks(blocks, `${path}/blocks`, 100);
  for (const [key, max] of [
    ['private_metadata', 3000],
    ['callback_id', 255],
    ['external_id', 255],
  ] as const) {
    if (view[key] !== undefined) v.string(view[key], `${path}/${key}`, max, 0);
  }
  return v.errors;
}

/** Slack fills in block_id and action_id where the app left them out. */
export function withGeneratedIds(ws: Workspace, blocks: unknown[]): Array<Obj> {
  return blocks.map((raw) => {
    const block = structuredClone(raw) as Obj;
    if (typeof block.block_id !== 'string') block.block_id = ws.ids.blockId();
    const elements = [
      ...(Array.isArray(block.elements) && block.type === 'actions' ? block.elements : []),
      ...(isObj(block.accessory) ? [block.accessory] : []),
      ...(isObj(block.element) ? [block.element] : []),
    ];
    for (const e of elements) {
      if (isObj(e) && e.type !== 'image' && typeof e.action_id !== 'string') {
        e.action_id = ws.ids.blockId();
      }
    }
    return block;
  });
}

const plain = (v: unknown): Obj | undefined =>
  isObj(v) ? { type: 'plain_text', text: v.text, emoji: v.emoji ?? true } : undefined;

export interface ViewPlacement {
  userId: string;
  id?: string;
  rootViewId?: string;
  previousViewId?: string | null;
}

/** Builds the stored view and the object the Web API returns for it. */
export function buildView(ws: Workspace, input: Obj, place: ViewPlacement): SandboxView {
  const id = place.id ?? ws.ids.view();
  const blocks = withGeneratedIds(ws, (input.blocks as unknown[]) ?? []);
  const hash = ws.ids.viewHash();
  const type = input.type === 'home' ? 'home' : 'modal';
  const raw: Obj = {
    id,
    team_id: ws.team.id,
    type,
    blocks,
    private_metadata: String(input.private_metadata ?? ''),
    callback_id: String(input.callback_id ?? ''),
    state: { values: {} },
    hash,
    title: plain(input.title) ?? null,
    clear_on_close: input.clear_on_close === true,
    notify_on_close: input.notify_on_close === true,
    close: plain(input.close) ?? null,
    submit: plain(input.submit) ?? null,
    previous_view_id: place.previousViewId ?? null,
    root_view_id: place.rootViewId ?? id,
    app_id: ws.bot.appId,
    external_id: String(input.external_id ?? ''),
    app_installed_team_id: ws.team.id,
    bot_id: ws.bot.botId,
  };
  return {
    id,
    userId: place.userId,
    type,
    hash,
    externalId: raw.external_id as string,
    callbackId: raw.callback_id as string,
    privateMetadata: raw.private_metadata as string,
    title: isObj(input.title) ? String(input.title.text) : '',
    rootViewId: raw.root_view_id as string,
    previousViewId: place.previousViewId ?? null,
    notifyOnClose: raw.notify_on_close as boolean,
    clearOnClose: raw.clear_on_close as boolean,
    blocks,
    raw,
  };
}
