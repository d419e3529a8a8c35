import { z } from 'zod';
import { ScenarioError } from './scenario-error.js';
import { type AtSpec, parseAt, parseDurationMs } from './scenario-time.js';

/** Which message of a channel a step points at: the last one, or the N-th last. */
export type MessagePick = { kind: 'last'; nth: number };

export type FileSpec = { name: string; content?: string };

interface StepBase {
  /** 1-based, as people count steps when reading the file. */
  number: number;
  at?: AtSpec;
  as?: string;
}

export type Step = StepBase &
  (
    | { kind: 'command'; command: string; text: string; in?: string }
    | { kind: 'submit'; values: Record<string, unknown> }
    | { kind: 'cancel' }
    | { kind: 'click'; label: string; in?: string }
    | { kind: 'say'; text: string; in?: string; files: FileSpec[] }
    | { kind: 'reply'; text: string; to: MessagePick; in?: string; files: FileSpec[] }
    | { kind: 'edit'; text: string; message: MessagePick; in?: string }
    | { kind: 'delete'; message: MessagePick; in?: string }
    | { kind: 'react'; emoji: string; message: MessagePick; in?: string }
    | { kind: 'alert'; file: string; format?: AlertFormat }
    | { kind: 'advance'; ms: number }
    | { kind: 'restart' }
    | { kind: 'fault'; fault: FaultSpec }
    | { kind: 'redeliver' }
  );

export const alertFormats = ['alertmanager', 'grafana', 'metrics', 'generic'] as const;
export type AlertFormat = (typeof alertFormats)[number];

export interface FaultSpec {
  method: string;
  times: number;
  error?: string;
  status?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
}

const text = z.string({ error: 'expected text' }).min(1, 'expected text');
const channelRef = text;
const pick = z
  .union([z.literal('last'), z.number().int().min(1)], {
    error: 'expected "last" or a number (2 = the one before the last)',
  })
  .default('last')
  .transform((v): MessagePick => ({ kind: 'last', nth: v === 'last' ? 1 : v }));
const fileSpec = z
  .union([text, z.strictObject({ name: text, content: z.string().optional() })])
  .transform((f): FileSpec => (typeof f === 'string' ? { name: f } : f));
const files = z.array(fileSpec).default([]);
const duration = z.string().transform((value, ctx) => {
  const ms = parseDurationMs(value);
  if (ms === undefined) ctx.addIssue({ code: 'custom', message: 'expected a duration like 30m' });
  return ms ?? 0;
});

const FaultShape = z
  .strictObject({
    method: z
      .string()
      .regex(/^[a-z]+(\.[a-zA-Z]+)+$/, 'expected a Web API method like chat.postMessage'),
    error: text.optional(),
    times: z.number().int().min(1).default(1),
    status: z.number().int().min(400).max(599).optional(),
    retry_after: z.number().min(0).optional(),
    delay: duration.optional(),
  })
  .transform(
    (f): FaultSpec => ({
      method: f.method,
      times: f.times,
      error: f.error,
      status: f.status,
      retryAfterSeconds: f.error === 'ratelimited' ? (f.retry_after ?? 1) : f.retry_after,
      delayMs: f.delay,
    }),
  );

/** Per action: the keys it takes besides `at` and `as`, and how to read them. */
const actions = {
  command: z.strictObject({
    command: text.regex(/^\//, 'expected a slash command like "/incident p1 title"'),
    in: channelRef.optional(),
  }),
  submit: z.strictObject({ submit: z.record(z.string(), z.unknown()) }),
  cancel: z.strictObject({ cancel: z.literal(true, { error: 'expected true' }) }),
  click: z.strictObject({ click: text, in: channelRef.optional() }),
  say: z.strictObject({ say: text, in: channelRef.optional(), files }),
  reply: z.strictObject({ reply: text, to: pick, in: channelRef.optional(), files }),
  edit: z.strictObject({ edit: text, message: pick, in: channelRef.optional() }),
  delete: z.strictObject({ delete: pick, in: channelRef.optional() }),
  react: z.strictObject({ react: text, message: pick, in: channelRef.optional() }),
  alert: z.strictObject({ alert: text, format: z.enum(alertFormats).optional() }),
  advance: z.strictObject({ advance: duration }),
  restart: z.strictObject({ restart: z.literal(true, { error: 'expected true' }) }),
  fault: z.strictObject({ fault: FaultShape }),
  redeliver: z.strictObject({ redeliver: z.literal('last', { error: 'expected "last"' }) }),
} as const;

type ActionName = keyof typeof actions;
export const actionNames = Object.keys(actions) as ActionName[];
const modifiers = new Set(['at', 'as', 'in', 'to', 'message', 'format', 'files']);

interface ParsedFields {
  command: string;
  submit: Record<string, unknown>;
  click: string;
  say: string;
  reply: string;
  edit: string;
  delete: MessagePick;
  react: string;
  alert: string;
  advance: number;
  fault: FaultSpec;
  in?: string;
  to: MessagePick;
  message: MessagePick;
  format?: AlertFormat;
  files: FileSpec[];
}

function toStep(name: ActionName, data: Record<string, unknown>, base: StepBase): Step {
  const d = data as unknown as ParsedFields;
  switch (name) {
    case 'command': {
      const [command = '', ...rest] = String(d.command).trim().split(/\s+/);
      return { ...base, kind: 'command', command, text: rest.join(' '), in: d.in };
    }
    case 'submit':
      return { ...base, kind: 'submit', values: d.submit };
    case 'click':
      return { ...base, kind: 'click', label: d.click, in: d.in };
    case 'say':
      return { ...base, kind: 'say', text: d.say, in: d.in, files: d.files };
    case 'reply':
      return { ...base, kind: 'reply', text: d.reply, to: d.to, in: d.in, files: d.files };
    case 'edit':
      return { ...base, kind: 'edit', text: d.edit, message: d.message, in: d.in };
    case 'delete':
      return { ...base, kind: 'delete', message: d.delete, in: d.in };
    case 'react':
      return { ...base, kind: 'react', emoji: d.react, message: d.message, in: d.in };
    case 'alert':
      return { ...base, kind: 'alert', file: d.alert, format: d.format };
    case 'advance':
      return { ...base, kind: 'advance', ms: d.advance };
    case 'fault':
      return { ...base, kind: 'fault', fault: d.fault };
    case 'cancel':
    case 'restart':
    case 'redeliver':
      return { ...base, kind: name };
  }
}

function issueText(name: ActionName, issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const takes = Object.keys(actions[name].shape).filter((k) => k !== name);
    const also = ['at', 'as', ...takes].join(', ');
    const given = issue.keys.map((k) => `"${k}"`).join(', ');
    return `"${name}" does not take ${given}; it takes ${also}`;
  }
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

function parseStep(raw: unknown, number: number, userIds: ReadonlySet<string>): Step {
  const fail = (reason: string): never => {
    throw new ScenarioError(`step ${number}: ${reason}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(
      `expected a mapping like {say: "hello", in: incidents}, got ${JSON.stringify(raw)}`,
    );
  }
  const { at, as, ...rest } = raw as Record<string, unknown>;
  const keys = Object.keys(rest);
  const named = keys.filter((k): k is ActionName => (actionNames as string[]).includes(k));
  if (named.length === 0) {
    const unknown = keys.find((k) => !modifiers.has(k));
    const expected = `expected one of ${actionNames.join(', ')}`;
    return fail(unknown ? `unknown action "${unknown}"; ${expected}` : `no action; ${expected}`);
  }
  if (named.length > 1) fail(`one action per step, got ${named.join(' and ')}`);
  const name = named[0]!;

  const base: StepBase = { number };
  if (at !== undefined) {
    const spec = parseAt(at);
    if (typeof spec === 'string') fail(`at: ${spec}`);
    base.at = spec as AtSpec;
  }
  if (as !== undefined) {
    if (typeof as !== 'string' || !userIds.has(as)) {
      fail(`as: unknown user ${JSON.stringify(as)}; users are ${[...userIds].join(', ')}`);
    }
    base.as = as as string;
  }
  const parsed = actions[name].safeParse(rest);
  if (!parsed.success) fail(parsed.error.issues.map((i) => issueText(name, i)).join('; '));
  return toStep(name, parsed.data as Record<string, unknown>, base);
}

export function parseSteps(raw: unknown[], userIds: ReadonlySet<string>): Step[] {
  return raw.map((step, index) => parseStep(step, index + 1, userIds));
}
