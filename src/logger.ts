import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { systemClock } from './clock.js';

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;

const levelRank: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const secretPattern = /\b(xox[abpre]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+)/g;

/** Field names whose values are message bodies or secrets: never printed above debug. */
const sensitiveFields = new Set([
  'text',
  'body',
  'token',
  'secret',
  'signingSecret',
  'what',
  'doing',
]);

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

export interface LoggerOptions {
  level: Level;
  name?: string;
  write?: (line: string) => void;
  now?: () => Date;
}

export function redact(value: string): string {
  return value.replace(secretPattern, (match) => `${match.slice(0, 5)}…[redacted]`);
}

function serialise(fields: Fields, level: Level): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (sensitiveFields.has(key) && level !== 'debug') {
      out[key] = '[redacted]';
    } else if (value instanceof Error) {
      out[key] = { name: value.name, message: redact(value.message), stack: value.stack };
    } else if (typeof value === 'string') {
      out[key] = redact(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function createLogger(options: LoggerOptions, bound: Fields = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => systemClock.now());
  const threshold = levelRank[options.level];

  const emit = (level: Level, message: string, fields: Fields = {}) => {
    if (levelRank[level] < threshold) return;
    const record = {
      time: now().toISOString(),
      level,
      ...(options.name ? { logger: options.name } : {}),
      msg: redact(message),
      ...serialise({ ...bound, ...fields }, level),
    };
    write(JSON.stringify(record));
  };

  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

const boltLevels: Record<Level, LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** Bolt logs free text; it goes through our logger as one constant message with the text in a field. */
export function toBoltLogger(logger: Logger, level: Level): BoltLogger {
  let current = boltLevels[level];
  let name = 'bolt';
  const join = (parts: unknown[]) =>
    parts.map((p) =>
      typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p),
    );
  return {
    debug: (...msg) => logger.debug('bolt log', { component: name, detail: join(msg).join(' ') }),
    info: (...msg) => logger.info('bolt log', { component: name, detail: join(msg).join(' ') }),
    warn: (...msg) => logger.warn('bolt log', { component: name, detail: join(msg).join(' ') }),
    error: (...msg) => logger.error('bolt log', { component: name, detail: join(msg).join(' ') }),
    setLevel: (next) => {
      current = next;
    },
    getLevel: () => current,
    setName: (next) => {
      name = next;
    },
  };
}
