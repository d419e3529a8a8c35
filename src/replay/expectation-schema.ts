import { z } from 'zod';
import { ScenarioError } from './scenario-error.js';

export type ExpectationTarget =
  | { kind: 'channel'; channel: string }
  | { kind: 'incident'; ref: string }
  | { kind: 'postmortem'; ref: string }
  | { kind: 'reply'; to: 'last_command' };

export interface Expectation {
  /** 0-based, as in result.json. */
  index: number;
  target: ExpectationTarget;
  contains: string[];
  notContains: string[];
  count?: { from?: string; min?: number; max?: number };
  equals?: Record<string, unknown>;
}

const text = z.string().min(1, 'expected text');
const texts = z
  .union([text, z.array(text).min(1)], { error: 'expected text or a list of texts' })
  .transform((v) => (Array.isArray(v) ? v : [v]))
  .optional();
const ref = z.union([z.literal('last'), z.string().regex(/^INC-\d{4}-\d{4,}$/i)], {
  error: 'expected "last" or a ref like INC-2026-0001',
});
const count = z
  .strictObject({
    from: text.optional(),
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
  })
  .refine((c) => c.min !== undefined || c.max !== undefined, 'expected min and/or max');

const shapes = {
  channel: z.strictObject({
    channel: text,
    contains: texts,
    not_contains: texts,
    count: count.optional(),
  }),
  incident: z.strictObject({ incident: ref, equals: z.record(z.string(), z.unknown()) }),
  postmortem: z.strictObject({ postmortem: ref, contains: texts, not_contains: texts }),
  reply_to: z.strictObject({
    reply_to: z.literal('last_command', { error: 'expected last_command' }),
    contains: texts,
    not_contains: texts,
  }),
} as const;
type Kind = keyof typeof shapes;
const kinds = Object.keys(shapes) as Kind[];

function targetOf(kind: Kind, data: Record<string, unknown>): ExpectationTarget {
  if (kind === 'channel') return { kind, channel: String(data.channel) };
  if (kind === 'reply_to') return { kind: 'reply', to: 'last_command' };
  return { kind, ref: String(data[kind]) };
}

function parseOne(raw: unknown, index: number, userIds: ReadonlySet<string>): Expectation {
  const fail = (reason: string): never => {
    throw new ScenarioError(`expectation ${index}: ${reason}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('expected a mapping like {channel: incidents, contains: "INC-"}');
  }
  const named = kinds.filter((k) => k in raw);
  if (named.length !== 1) {
    return fail(`expected exactly one of ${kinds.join(', ')}, got ${Object.keys(raw).join(', ')}`);
  }
  const kind = named[0]!;
  const parsed = shapes[kind].safeParse(raw);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) =>
      issue.code === 'unrecognized_keys'
        ? `"${kind}" does not take ${issue.keys.join(', ')}`
        : `${issue.path.join('.') || kind}: ${issue.message}`,
    );
    return fail(reasons.join('; '));
  }
  const data = parsed.data as Record<string, unknown>;
  const expectation: Expectation = {
    index,
    target: targetOf(kind, data),
    contains: (data.contains as string[] | undefined) ?? [],
    notContains: (data.not_contains as string[] | undefined) ?? [],
    count: data.count as Expectation['count'],
    equals: data.equals as Record<string, unknown> | undefined,
  };
  const from = expectation.count?.from;
  if (from && from !== 'vigil' && !userIds.has(from)) {
    fail(`count.from: expected vigil or a user (${[...userIds].join(', ')}), got "${from}"`);
  }
  const hasCheck =
    expectation.contains.length + expectation.notContains.length > 0 ||
    expectation.count !== undefined ||
    expectation.equals !== undefined;
  if (!hasCheck) fail('says what to look at but not what to check; add contains or not_contains');
  return expectation;
}

export function parseExpectations(raw: unknown[], userIds: ReadonlySet<string>): Expectation[] {
  return raw.map((item, index) => parseOne(item, index, userIds));
}
