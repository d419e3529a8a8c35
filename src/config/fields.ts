import { z } from 'zod';
import { type Duration, describeValue, type Parsed, parseDuration } from './durations.js';

/** A zod field backed by a parser that explains itself, so every message reads the same way. */
export function parsedField<T>(parse: (input: unknown) => Parsed<T>) {
  return z.unknown().transform((input, ctx): T => {
    const parsed = parse(input);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  });
}

export function parseText(input: unknown): Parsed<string> {
  if (typeof input === 'string' && input.trim() !== '') return { ok: true, value: input.trim() };
  return { ok: false, error: `expected text, got ${describeValue(input)}` };
}

const keyPattern = /^[a-z0-9][a-z0-9-]{0,31}$/;

export function parseKey(input: unknown): Parsed<string> {
  if (typeof input === 'string' && keyPattern.test(input)) return { ok: true, value: input };
  return {
    ok: false,
    error:
      'expected a short lowercase key like acme-chat (a-z, 0-9 and -, at most 32), ' +
      `got ${describeValue(input)}`,
  };
}

/** Latency and `sustained` windows are measured by a stopwatch, not by a calendar. */
export function parseElapsedDuration(input: unknown): Parsed<Duration> {
  const parsed = parseDuration(input);
  if (!parsed.ok) return { ok: false, error: parsed.error.replace('like 30m', 'like 6s') };
  if (['s', 'm', 'h'].includes(parsed.value.unit)) return parsed;
  return {
    ok: false,
    error: `expected a duration in s, m or h like 6s, got ${describeValue(input)}`,
  };
}

export function parseRate(input: unknown): Parsed<number> {
  if (typeof input === 'number' && input >= 0 && input <= 1) return { ok: true, value: input };
  return {
    ok: false,
    error: `expected a rate between 0 and 1 like 0.85, got ${describeValue(input)}`,
  };
}

export function parseOneOf<T extends string>(choices: readonly T[]) {
  const listed = `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
  return (input: unknown): Parsed<T> =>
    choices.includes(input as T)
      ? { ok: true, value: input as T }
      : { ok: false, error: `expected ${listed}, got ${describeValue(input)}` };
}

/** Objects that refuse unknown keys, naming the keys they do accept. */
export function strictMapping<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key; expected one of ${known}`
        : `expected a mapping with ${known}, got ${describeValue(issue.input)}`,
  });
}

/** Objects that keep keys they do not know, for sections other tools may annotate. */
export function openMapping<Shape extends z.ZodRawShape>(shape: Shape) {
  const required = Object.keys(shape).join(', ');
  return z.looseObject(shape, {
    error: (issue) => `expected a mapping with ${required}, got ${describeValue(issue.input)}`,
  });
}

export function listOf<Item extends z.ZodType>(item: Item, example: string) {
  return z.array(item, {
    error: (issue) => `expected a list like ${example}, got ${describeValue(issue.input)}`,
  });
}
