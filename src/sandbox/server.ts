import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Args, SlackApiError, str } from './args.js';
import type { MethodContext, MethodTable } from './methods/registry.js';
import type { Core } from './posting.js';
import type { ApiCall, InjectedFault } from './types.js';

export interface RawRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface RawResponse {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

/** Non-API routes (upload URLs, response URLs, file downloads) keyed by path prefix. */
export type ExtraRoute = (req: RawRequest) => Promise<RawResponse> | RawResponse;

export interface ServerDeps extends Core {
  botToken: string;
  scopes: ReadonlySet<string>;
  methods: MethodTable;
  calls: ApiCall[];
  faults: InjectedFault[];
  routes: Record<string, ExtraRoute>;
}

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8' };

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseArgs(req: RawRequest, query: URLSearchParams): Args | 'invalid_json' {
  const args: Args = Object.fromEntries(query);
  const type = String(req.headers['content-type'] ?? '');
  const text = req.body.toString('utf8');
  if (type.startsWith('application/json')) {
    if (text.trim() === '') return args;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        return 'invalid_json';
      return { ...args, ...(parsed as Args) };
    } catch {
      return 'invalid_json';
    }
  }
  return { ...args, ...Object.fromEntries(new URLSearchParams(text)) };
}

/** The args as a test wants to read them back: JSON-in-form fields decoded, token dropped. */
function readableArgs(args: Args): Args {
  const out: Args = {};
  for (const [key, value] of Object.entries(args)) {
    if (key === 'token') continue;
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {}
    }
    out[key] = value;
  }
  return out;
}

function bearer(req: RawRequest, args: Args): string | undefined {
  const header = String(req.headers.authorization ?? '');
  if (header.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return str(args, 'token');
}

function takeFault(faults: InjectedFault[], method: string): InjectedFault | undefined {
  const index = faults.findIndex((f) => f.method === method);
  if (index < 0) return undefined;
  const fault = faults[index]!;
  const remaining = (fault.times ?? 1) - 1;
  if (remaining <= 0) faults.splice(index, 1);
  else fault.times = remaining;
  return fault;
}

/** Rate-limit tiers are not enforced; only injected faults answer 429. */
export async function handleApi(
  deps: ServerDeps,
  req: RawRequest,
  name: string,
): Promise<RawResponse> {
  const url = new URL(req.path, 'http://sandbox');
  const parsed = parseArgs(req, url.searchParams);
  const args = parsed === 'invalid_json' ? {} : parsed;
  const call: ApiCall = {
    method: name,
    args: readableArgs(args),
    ok: false,
    atMs: deps.ws.clock.now().getTime(),
  };
  deps.calls.push(call);
  const granted = [...deps.scopes].join(',');
  const reply = (
    body: Record<string, unknown>,
    status = 200,
    extra: Record<string, string> = {},
  ) => {
    call.ok = body.ok === true;
    if (!call.ok) call.error = String(body.error);
    const headers = { ...jsonHeaders, 'x-oauth-scopes': granted, ...extra };
    return { status, headers, body: JSON.stringify(body) };
  };

  const fault = takeFault(deps.faults, name);
  if (fault?.delayMs) await sleep(fault.delayMs);
  if (fault?.ratelimited) {
    const retryAfter = String(fault.ratelimited.retryAfterSeconds);
    return reply({ ok: false, error: 'ratelimited' }, 429, { 'retry-after': retryAfter });
  }
  if (fault?.status)
    return reply({ ok: false, error: fault.error ?? 'internal_error' }, fault.status);
  if (fault?.error) return reply({ ok: false, error: fault.error });

  const spec = deps.methods[name];
  if (!spec) return reply({ ok: false, error: 'unknown_method', req_method: name });
  if (parsed === 'invalid_json') return reply({ ok: false, error: 'invalid_json' });
  const token = bearer(req, args);
  if (!token) return reply({ ok: false, error: 'not_authed' });
  if (token !== deps.botToken) return reply({ ok: false, error: 'invalid_auth' });

  const ctx: MethodContext = { ws: deps.ws, link: deps.link, args, scopes: deps.scopes };
  const accepted = typeof spec.scopes === 'function' ? spec.scopes(ctx) : (spec.scopes ?? []);
  const acceptedHeader = { 'x-accepted-oauth-scopes': accepted.join(',') };
  if (accepted.length > 0 && !accepted.some((s) => deps.scopes.has(s))) {
    const body = { ok: false, error: 'missing_scope', needed: accepted[0], provided: granted };
    return reply(body, 200, acceptedHeader);
  }
  for (const [arg, error] of Object.entries(spec.required ?? {})) {
    const value = str(args, arg);
    if (value === undefined || value === '') {
      const messages =
        error === 'invalid_arguments' ? [`[ERROR] missing required field: ${arg}`] : undefined;
      const body = { ok: false, error, ...(messages ? { response_metadata: { messages } } : {}) };
      return reply(body, 200, acceptedHeader);
    }
  }
  try {
    const result = await spec.handle(ctx);
    return reply({ ok: true, ...result }, 200, acceptedHeader);
  } catch (error) {
    if (!(error instanceof SlackApiError)) throw error;
    return reply({ ok: false, error: error.code, ...error.extra }, 200, acceptedHeader);
  }
}

export async function startServer(deps: ServerDeps): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    deps.link.activity.begin();
    void route(deps, req, res).finally(() => deps.link.activity.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

async function route(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let out: RawResponse;
  try {
    const raw: RawRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body: await readBody(req),
    };
    const pathname = new URL(raw.path, 'http://sandbox').pathname;
    const apiMatch = /^\/api\/([\w.]+)$/.exec(pathname);
    const prefix = Object.keys(deps.routes).find((p) => pathname.startsWith(p));
    if (apiMatch) out = await handleApi(deps, raw, apiMatch[1]!);
    else if (prefix) out = await deps.routes[prefix]!(raw);
    else out = { status: 404, body: 'not found' };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    out = {
      status: 500,
      headers: jsonHeaders,
      body: JSON.stringify({ ok: false, error: 'internal_error', detail: message }),
    };
  }
  res.writeHead(out.status, out.headers ?? { 'content-type': 'text/plain' });
  res.end(out.body);
}
