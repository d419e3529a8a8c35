export type Args = Record<string, unknown>;

/** An `ok:false` answer; `extra` lands beside `error` (needed/provided, response_metadata …). */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export function fail(code: string, messages?: string[]): never {
  throw new SlackApiError(code, messages ? { response_metadata: { messages } } : {});
}

export function str(args: Args, key: string): string | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function bool(args: Args, key: string): boolean {
  const value = args[key];
  return value === true || value === 'true' || value === '1' || value === 1;
}

export function int(args: Args, key: string): number | undefined {
  const raw = str(args, key);
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? Math.trunc(n) : Number.NaN;
}

export type JsonArg =
  | { present: false }
  | { present: true; ok: true; value: unknown }
  | {
      present: true;
      ok: false;
    };

/** Non-scalar args arrive JSON-encoded in form bodies and as values in JSON bodies. */
export function jsonArg(args: Args, key: string): JsonArg {
  const value = args[key];
  if (value === undefined || value === null || value === '') return { present: false };
  if (typeof value !== 'string') return { present: true, ok: true, value };
  try {
    return { present: true, ok: true, value: JSON.parse(value) };
  } catch {
    return { present: true, ok: false };
  }
}

/** `users=U1,U2` (form) or `["U1","U2"]` (JSON) → ids. */
export function idList(args: Args, key: string): string[] {
  const value = args[key];
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  const raw = str(args, key);
  if (!raw) return [];
  if (raw.startsWith('[')) {
    try {
      return (JSON.parse(raw) as unknown[]).map(String).filter(Boolean);
    } catch {
      return [];
    }
  }
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const cursorPrefix = 'next:';

export function encodeCursor(offset: number): string {
  return Buffer.from(`${cursorPrefix}${offset}`).toString('base64');
}

/** Offset encoded in a cursor; 0 for no cursor; throws invalid_cursor for garbage. */
export function decodeCursor(args: Args): number {
  const cursor = str(args, 'cursor');
  if (!cursor) return 0;
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  const offset = Number(decoded.slice(cursorPrefix.length));
  if (!decoded.startsWith(cursorPrefix) || !Number.isInteger(offset) || offset < 0) {
    fail('invalid_cursor');
  }
  return offset;
}

export function page<T>(
  items: T[],
  offset: number,
  limit: number,
): { items: T[]; nextCursor: string } {
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? encodeCursor(offset + limit) : '';
  return { items: slice, nextCursor: next };
}
