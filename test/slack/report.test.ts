import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareSteps, type Harness, startHarness } from '../helpers/harness.js';

function lastAnswer(h: Harness): string {
  return (h.session.lastCommand?.ackBody as { text?: string } | null)?.text ?? '';
}

describe('/incident report', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.steps([
      ...declareSteps('P1', 'CRM lookups time out'),
      { command: '/incident resolve', in: '$incident' },
      { submit: { resolved_at: '+0m', summary: 'CRM connector rolled back to version 4.12' } },
      ...declareSteps('P3', 'Greeting has a typo'),
      ...declareSteps('P2', 'Voice answers slowly', {
        client: 'northwind',
        deployment: 'northwind-voice',
      }),
    ]);
  });
  afterEach(async () => {
    await h.stop();
  });

  it("lists a client's incidents of the month, P3s included, with the SLA record", async () => {
    await h.step({ command: '/incident report 2026-05 acme', in: 'general' });
    const answer = lastAnswer(h);
    expect(answer).toContain('Incident report 2026-05 — acme');
    expect(answer).toContain('2 incidents (P1 1, P2 0, P3 1)');
    expect(answer).toContain('INC-2026-0001 P1 integration');
    expect(answer).toContain('INC-2026-0002 P3');
    expect(answer).not.toContain('Voice answers slowly');
  });

  it('covers every client when none is named, and a month with nothing in it', async () => {
    await h.step({ command: '/incident report 2026-05', in: 'general' });
    expect(lastAnswer(h)).toContain('3 incidents (P1 1, P2 1, P3 1)');
    await h.step({ command: '/incident report 2026-04', in: 'general' });
    expect(lastAnswer(h)).toContain('0 incidents');
  });

  it('says what is wrong with a month or a client it does not know', async () => {
    await h.step({ command: '/incident report 2026-13', in: 'general' });
    expect(lastAnswer(h)).toMatch(/"2026-13" is not a month/);
    await h.step({ command: '/incident report 2026-05 globex', in: 'general' });
    expect(lastAnswer(h)).toContain('There is no client "globex" (known: acme, northwind).');
  });
});
