import { describe, expect, it } from 'vitest';
import { FieldErrors } from '../../src/errors.js';
import { checkAction } from '../../src/rca/actions.js';

const now = new Date('2026-05-26T12:00:00Z');
const good = {
  incidentId: 1,
  description: 'Alert when CRM p95 latency exceeds 2 s for 3 minutes on acme-chat',
  ownerId: 'U1',
  dueAt: new Date('2026-06-02T12:00:00Z'),
  metric: 'alert fires within 2 minutes in the replay test',
  actorId: 'U2',
};

function refusal(input: Partial<typeof good> & Record<string, unknown>): Record<string, string> {
  try {
    checkAction({ ...good, ...input }, now);
  } catch (error) {
    if (error instanceof FieldErrors) return error.errors;
    throw error;
  }
  return {};
}

describe('checking a corrective action', () => {
  it('accepts a concrete change with owner, deadline and metric', () => {
    expect(refusal({})).toEqual({});
  });

  it('refuses an action without an owner or a deadline, saying what is missing', () => {
    const errors = refusal({ ownerId: undefined, dueAt: undefined });
    expect(errors.owner).toBe('Every action needs one owner.');
    expect(errors.due).toBe('Every action needs a deadline.');
  });

  it('refuses "improve monitoring" and a metric nobody can check', () => {
    const errors = refusal({ description: 'improve monitoring', metric: 'better' });
    expect(errors.description).toMatch(/too vague to check later/);
    expect(errors.metric).toMatch(/Make it measurable/);
  });
});
