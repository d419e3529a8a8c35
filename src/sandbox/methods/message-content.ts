import { fail, jsonArg, SlackApiError, str } from '../args.js';
import { validateMessageBlocks } from '../blocks-validation.js';
import type { Workspace } from '../state.js';
import { withGeneratedIds } from '../view-model.js';
import type { MethodContext } from './registry.js';

export const maxTextLength = 40_000;
const maxAttachments = 100;

export interface ParsedContent {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  isTruncated: boolean;
  hasContent: boolean;
}

/** Validates blocks the way Slack reports it: invalid_blocks + [ERROR] … [json-pointer:…]. */
export function checkBlocks(blocks: unknown): unknown[] {
  if (!Array.isArray(blocks)) fail('invalid_blocks_format');
  const problems = validateMessageBlocks(blocks);
  if (problems.length > 0) {
    throw new SlackApiError('invalid_blocks', {
      errors: problems,
      response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
    });
  }
  return blocks;
}

/** text / blocks / attachments / markdown_text as chat.postMessage and friends read them. */
export function readContent(ctx: MethodContext): ParsedContent {
  const { args, ws } = ctx;
  const markdown = str(args, 'markdown_text');
  let text = str(args, 'text') ?? '';
  const blocksArg = jsonArg(args, 'blocks');
  const attachmentsArg = jsonArg(args, 'attachments');
  if (markdown && (text !== '' || blocksArg.present)) fail('markdown_text_conflict');
  let blocks: unknown[] | undefined;
  if (blocksArg.present) {
    if (!blocksArg.ok) fail('invalid_blocks_format');
    blocks = withGeneratedIds(ws, checkBlocks(blocksArg.value));
  }
  let attachments: unknown[] | undefined;
  if (attachmentsArg.present) {
    if (!attachmentsArg.ok || !Array.isArray(attachmentsArg.value)) fail('invalid_attachments');
    if (attachmentsArg.value.length > maxAttachments) fail('too_many_attachments');
    attachments = attachmentsArg.value;
  }
  if (markdown) {
    text = markdown;
    blocks = [{ type: 'markdown', text: markdown, block_id: ws.ids.blockId() }];
  }
  const hasContent = text !== '' || (blocks?.length ?? 0) > 0 || (attachments?.length ?? 0) > 0;
  const isTruncated = text.length > maxTextLength;
  if (isTruncated) text = text.slice(0, maxTextLength);
  return { text, blocks, attachments, isTruncated, hasContent };
}

export function truncationWarning(content: ParsedContent): Record<string, unknown> {
  if (!content.isTruncated) return {};
  return {
    warning: 'message_truncated',
    response_metadata: {
      messages: [
        '[WARN] Your message was truncated but still posted. ' +
          'The `text` field accepts up to 40,000 characters.',
      ],
      warnings: ['message_truncated'],
    },
  };
}

/** Replies go under the thread's parent even when the app passes a reply's ts. */
export function resolveThreadTs(
  ws: Workspace,
  channelId: string,
  threadTs?: string,
): string | undefined {
  if (!threadTs) return undefined;
  const target = ws.messages(channelId).find((m) => m.ts === threadTs && !m.ephemeralFor);
  if (!target) return undefined;
  return target.threadTs ?? target.ts;
}

export function permalink(ws: Workspace, channelId: string, ts: string, threadTs?: string): string {
  const base = `https://${ws.team.domain}.slack.com/archives/${channelId}/p${ts.replace('.', '')}`;
  if (!threadTs || threadTs === ts) return base;
  return `${base}?thread_ts=${threadTs}&cid=${channelId}`;
}
