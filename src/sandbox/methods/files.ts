import { fail, idList, int, jsonArg, str } from '../args.js';
import { postAsBot } from '../posting.js';
import type { RawRequest, RawResponse } from '../server.js';
import { fileTypeOf } from '../shapes.js';
import type { Workspace } from '../state.js';
import type { SandboxChannel, SandboxFile } from '../types.js';
import { checkBlocks, resolveThreadTs } from './message-content.js';
import type { MethodContext, MethodTable } from './registry.js';

const maxAltTextLength = 1000;
const snippetTypes = new Set([
  'auto',
  'text',
  'csv',
  'diff',
  'go',
  'html',
  'java',
  'javascript',
  'json',
  'markdown',
  'python',
  'ruby',
  'rust',
  'shell',
  'sql',
  'typescript',
  'xml',
  'yaml',
]);

export function newFile(
  ws: Workspace,
  name: string,
  length: number,
  userId: string,
  mimetype?: string,
): SandboxFile {
  const type = fileTypeOf(name, mimetype);
  return {
    id: ws.ids.file(),
    name,
    title: name,
    mimetype: type.mimetype,
    filetype: type.filetype,
    length,
    user: userId,
    createdAt: ws.nowSeconds(),
    sharedIn: [],
  };
}

function getUploadUrl(ctx: MethodContext) {
  const length = int(ctx.args, 'length');
  if (!length || Number.isNaN(length) || length < 1) fail('missing_argument');
  // @slack/web-api sends alt_text although the method documents alt_txt.
  const altText = str(ctx.args, 'alt_txt') ?? str(ctx.args, 'alt_text');
  if (altText && altText.length > maxAltTextLength) fail('alt_txt_too_large');
  const snippetType = str(ctx.args, 'snippet_type');
  if (snippetType && !snippetTypes.has(snippetType)) fail('unknown_snippet_type');
  const file = newFile(ctx.ws, str(ctx.args, 'filename') ?? '', length, ctx.ws.bot.userId);
  if (altText) file.altText = altText;
  ctx.ws.files.set(file.id, file);
  return { upload_url: `${ctx.ws.baseUrl}/upload/v1/${file.id}`, file_id: file.id };
}

function shareTarget(ctx: MethodContext): SandboxChannel[] {
  const ids = [str(ctx.args, 'channel_id'), ...idList(ctx.args, 'channels')].filter(
    (id): id is string => !!id,
  );
  if (ids.length > 100) fail('channels_limit_exceeded');
  return [...new Set(ids)].map((id) => {
    const channel = ctx.ws.channelsById.get(id);
    if (!channel || !ctx.ws.isVisibleToBot(channel)) fail('channel_not_found');
    if (channel.isArchived) fail('posting_to_channel_denied');
    if (!ctx.ws.isBotMember(channel)) fail('not_in_channel');
    return channel;
  });
}

function completeUpload(ctx: MethodContext) {
  const arg = jsonArg(ctx.args, 'files');
  if (!arg.present || !arg.ok || !Array.isArray(arg.value) || arg.value.length === 0) {
    fail('invalid_arguments', ['[ERROR] missing required field: files']);
  }
  const files = (arg.value as Array<Record<string, unknown>>).map((entry) => {
    const file = ctx.ws.files.get(String(entry.id ?? ''));
    if (!file || file.content === undefined) fail('file_not_found');
    if (typeof entry.title === 'string' && entry.title !== '') file.title = entry.title;
    return file;
  });
  const channels = shareTarget(ctx);
  const comment = str(ctx.args, 'initial_comment');
  const blocksArg = jsonArg(ctx.args, 'blocks');
  if (blocksArg.present && !blocksArg.ok) fail('invalid_blocks');
  const blocks =
    !comment && blocksArg.present && blocksArg.ok ? checkBlocks(blocksArg.value) : undefined;
  for (const channel of channels) {
    for (const file of files) file.sharedIn.push(channel.id);
    const threadTs = resolveThreadTs(ctx.ws, channel.id, str(ctx.args, 'thread_ts'));
    postAsBot(ctx, channel, {
      text: comment ?? '',
      blocks,
      files,
      threadTs,
      subtype: 'file_share',
    });
  }
  return { files: files.map((f) => ({ id: f.id, title: f.title })) };
}

async function fileBody(req: RawRequest): Promise<Buffer> {
  const type = String(req.headers['content-type'] ?? '');
  if (!type.startsWith('multipart/form-data')) return req.body;
  const form = await new Response(new Uint8Array(req.body), {
    headers: { 'content-type': type },
  }).formData();
  const part = form.get('body') ?? [...form.values()].find((v) => typeof v !== 'string');
  if (part === null || part === undefined) return Buffer.alloc(0);
  if (typeof part === 'string') return Buffer.from(part);
  return Buffer.from(await part.arrayBuffer());
}

function isAuthorised(req: RawRequest, botToken: string): boolean {
  return String(req.headers.authorization ?? '') === `Bearer ${botToken}`;
}

/** POST {upload_url}: stores the bytes; Slack answers "OK - <bytes>". */
export function uploadRoute(ws: Workspace, botToken: string) {
  return async (req: RawRequest): Promise<RawResponse> => {
    if (req.method !== 'POST') return { status: 405, body: 'method not allowed' };
    if (!isAuthorised(req, botToken)) return { status: 401, body: 'invalid_auth' };
    const id = req.path.split('?')[0]!.split('/').pop() ?? '';
    const file = ws.files.get(id);
    if (!file) return { status: 404, body: 'file_not_found' };
    file.content = await fileBody(req);
    file.length = file.content.length;
    return { status: 200, body: `OK - ${file.content.length}` };
  };
}

/** GET url_private: the stored bytes, for a request carrying the bot token. */
export function downloadRoute(ws: Workspace, botToken: string) {
  return (req: RawRequest): RawResponse => {
    if (!isAuthorised(req, botToken)) return { status: 401, body: 'invalid_auth' };
    const match = /\/files-pri\/T\w+-(F\w+)\//.exec(req.path);
    const file = match ? ws.files.get(match[1]!) : undefined;
    if (!file?.content) return { status: 404, body: 'file_not_found' };
    return { status: 200, headers: { 'content-type': file.mimetype }, body: file.content };
  };
}

export const fileMethods: MethodTable = {
  'files.getUploadURLExternal': {
    scopes: ['files:write'],
    required: { filename: 'missing_argument', length: 'missing_argument' },
    handle: getUploadUrl,
  },
  'files.completeUploadExternal': {
    scopes: ['files:write'],
    required: { files: 'invalid_arguments' },
    handle: completeUpload,
  },
};
