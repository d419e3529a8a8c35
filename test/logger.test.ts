import { describe, expect, it } from 'vitest';
import { createLogger, toBoltLogger } from '../src/logger.js';

function capture(level: 'debug' | 'info' = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (l) => lines.push(l), now: () => new Date(0) });
  return { logger, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger', () => {
  it('writes one JSON object per line with a constant message and fields', () => {
    const { logger, records } = capture();
    logger.child({ incidentId: 7 }).info('incident declared', { ref: 'INC-2026-0007' });
    expect(records()).toEqual([
      {
        time: '1970-01-01T00:00:00.000Z',
        level: 'info',
        msg: 'incident declared',
        incidentId: 7,
        ref: 'INC-2026-0007',
      },
    ]);
  });

  it('never prints tokens, and hides message bodies above debug', () => {
    const { logger, records } = capture();
    logger.info('call failed', {
      detail: 'Bearer xoxb-1234-5678-secret refused',
      text: 'customer said hi',
    });
    const [record] = records();
    expect(JSON.stringify(record)).not.toContain('secret');
    expect(record!.text).toBe('[redacted]');
  });

  it('drops records below its level', () => {
    const { logger, records } = capture('info');
    logger.debug('noise');
    expect(records()).toEqual([]);
  });

  it('routes Bolt logs through the same writer', () => {
    const { logger, records } = capture();
    toBoltLogger(logger, 'info').warn('token xoxb-9-9-zzz expired', new Error('boom'));
    expect(records()[0]).toMatchObject({ level: 'warn', msg: 'bolt log', component: 'bolt' });
    expect(JSON.stringify(records())).not.toContain('zzz');
  });
});
