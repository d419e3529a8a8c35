import { validateMessageBlocks } from './blocks-validation.js';
import { type Core, emitChanged, postAsBot, removeMessage, snapshot } from './posting.js';
import type { RawRequest, RawResponse } from './server.js';
import type { ResponseUrlPost } from './types.js';
import { withGeneratedIds } from './view-model.js';

const maxUses = 5;
const lifetimeMs = 30 * 60 * 1000;

interface Issued {
  userId: string;
  channelId: string;
  messageTs?: string;
  issuedAtMs: number;
  uses: number;
}

/** response_url endpoints handed out with commands, actions and shortcuts. */
export class ResponseUrls {
  private readonly issued = new Map<string, Issued>();

  constructor(
    private readonly core: Core,
    readonly posts: ResponseUrlPost[],
  ) {}

  issue(
    kind: 'commands' | 'actions' | 'app',
    p: { userId: string; channelId: string; messageTs?: string },
  ): string {
    const { ws } = this.core;
    const serial = ws.ids.next('response-url', 7105000000001);
    const id = `${ws.team.id}/${serial}/${ws.ids.responseToken()}`;
    this.issued.set(id, { ...p, issuedAtMs: ws.clock.now().getTime(), uses: 0 });
    return `${ws.baseUrl}/${kind}/${id}`;
  }

  route(): (req: RawRequest) => RawResponse {
    return (req) => this.handle(req);
  }

  private handle(req: RawRequest): RawResponse {
    const id = req.path.split('/').slice(2).join('/');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return this.reply(400, 'invalid_payload');
    }
    this.posts.push({ id, body });
    const issued = this.issued.get(id);
    if (!issued || req.method !== 'POST') return this.reply(404, 'no_service');
    if (this.core.ws.clock.now().getTime() - issued.issuedAtMs > lifetimeMs) {
      return this.reply(404, 'expired_url');
    }
    if (issued.uses >= maxUses) return this.reply(404, 'used_url');
    issued.uses++;
    return this.apply(issued, body);
  }

  private apply(issued: Issued, body: Record<string, unknown>): RawResponse {
    const { ws } = this.core;
    const channel = ws.requireChannel(issued.channelId);
    const original = issued.messageTs
      ? ws.messages(channel.id).find((m) => m.ts === issued.messageTs && !m.deleted)
      : undefined;
    if (body.delete_original === true) {
      if (original) removeMessage(this.core, original);
      return this.reply(200);
    }
    const text = typeof body.text === 'string' ? body.text : '';
    let blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
    if (blocks && validateMessageBlocks(blocks).length > 0)
      return this.reply(400, 'invalid_blocks');
    if (text === '' && !blocks?.length) return this.reply(400, 'no_text');
    if (blocks) blocks = withGeneratedIds(ws, blocks);
    if (body.replace_original === true && original) {
      const before = snapshot(original);
      original.text = text;
      if (blocks) original.blocks = blocks;
      else delete original.blocks;
      if (!original.ephemeralFor) emitChanged(this.core, before, original);
      return this.reply(200);
    }
    const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
    const isInChannel = body.response_type === 'in_channel';
    postAsBot(this.core, channel, {
      text,
      blocks,
      threadTs,
      ephemeralFor: isInChannel ? undefined : issued.userId,
    });
    return this.reply(200);
  }

  private reply(status: number, error?: string): RawResponse {
    const body = error ? { ok: false, error } : { ok: true };
    return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  }
}
