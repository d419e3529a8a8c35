import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backfillIncident } from '../../src/slack/backfill.js';
import { declareP1, type Harness, startHarness } from '../helpers/harness.js';
import { editsOf, storedMessages } from '../timeline/store.js';

describe('backfill from the channel history', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.steps([
      ...declareP1,
      { at: '14:33', say: 'Rolling back the connector.', in: '$incident', as: 'sam' },
    ]);
  });
  afterEach(async () => {
    await h.stop();
  });

  let firstTs = '';

  /** Vigil is down from now until `until`; `whileDown` is what people do meanwhile. */
  async function downtime(until: string, whileDown: (channelId: string) => Promise<void>) {
    const channelId = h.latestIncident().channelId!;
    firstTs = storedMessages(h)[0]!.ts;
    await h.session.app.kill();
    await whileDown(channelId);
    await h.sandbox.settled();
    h.clock.set(new Date(until));
    await h.session.startApp();
  }

  it('fills the gap left while Vigil was down, thread replies and edits included', async () => {
    const sam = h.userId('sam');
    await downtime('2026-05-26T14:50:00+02:00', async (channelId) => {
      await h.sandbox.driver.editMessage({
        userId: sam,
        channelId,
        ts: firstTs,
        text: 'Rolling back the connector to 4.12.',
      });
      const posted = await h.sandbox.driver.postMessage({
        userId: sam,
        channelId,
        text: 'Rollback done.',
      });
      await h.sandbox.driver.joinChannel({ userId: h.userId('lee'), channelId });
      await h.sandbox.driver.postMessage({
        userId: h.userId('lee'),
        channelId,
        text: 'Confirmed on our side.',
        threadTs: posted.ts,
      });
    });
    const stored = storedMessages(h);
    expect(stored.map((m) => m.text)).toEqual([
      'Rolling back the connector to 4.12.',
      'Rollback done.',
      'Confirmed on our side.',
    ]);
    expect(stored[2]!.threadTs).toBe(stored[1]!.ts);
    expect(stored[2]!.isExternal).toBe(true);
    expect(editsOf(h, stored[0]!.id).map((e) => e.previousText)).toEqual([
      'Rolling back the connector.',
    ]);
    const again = await backfillIncident(h.session.app.deps, h.latestIncident());
    expect(again).toEqual({ isComplete: true, added: 0 });
    await h.steps([{ redeliver: 'last' }]);
    expect(storedMessages(h)).toHaveLength(3);
  });

  it('stores an edit of a message it never saw as the message it now is', async () => {
    let ts = '';
    await downtime('2026-05-26T14:40:00+02:00', async (channelId) => {
      const posted = await h.sandbox.driver.postMessage({
        userId: h.userId('sam'),
        channelId,
        text: 'Pool size is 10.',
      });
      ts = posted.ts;
      h.sandbox.injectFault({ method: 'conversations.history', error: 'internal_error', times: 8 });
    });
    expect(storedMessages(h).map((m) => m.text)).toEqual(['Rolling back the connector.']);
    await h.steps([{ edit: 'Pool size is 10; raising it to 40.', in: '$incident', as: 'sam' }]);
    const stored = storedMessages(h).find((m) => m.ts === ts)!;
    expect(stored.text).toBe('Pool size is 10; raising it to 40.');
    expect(stored.editedAt).not.toBeNull();
  });

  it('resumes paging from its cursor after a 429 in the middle of the history', async () => {
    await downtime('2026-05-26T15:30:00+02:00', async (channelId) => {
      for (let n = 1; n <= 230; n++) {
        await h.sandbox.driver.postMessage({
          userId: h.userId('sam'),
          channelId,
          text: `log ${n}`,
        });
      }
      // The first page is answered; the second is refused with a 429.
      h.sandbox.injectFault({ method: 'conversations.history', delayMs: 1 });
      h.sandbox.injectFault({
        method: 'conversations.history',
        ratelimited: { retryAfterSeconds: 1 },
      });
    });
    expect(storedMessages(h)).toHaveLength(231);
    const pages = h.sandbox.calls.filter((c) => c.method === 'conversations.history');
    const refused = pages.findIndex((c) => c.error === 'ratelimited');
    expect(refused).toBeGreaterThan(0);
    expect(pages[refused]!.args.cursor).toBeTruthy();
    expect(pages[refused + 1]!.args.cursor).toBe(pages[refused]!.args.cursor);
    expect(pages[refused + 1]!.ok).toBe(true);
  });

  it('says the record may be partial when the history cannot be read', async () => {
    h.sandbox.injectFault({ method: 'conversations.history', error: 'internal_error', times: 50 });
    const result = await backfillIncident(h.session.app.deps, h.latestIncident());
    expect(result.isComplete).toBe(false);
    await h.steps([{ command: '/incident postmortem', in: '$incident' }]);
    const draft = h.sandbox
      .messages(h.latestIncident().channelId!)
      .filter((m) => m.text.includes('post-mortem draft'));
    expect(draft).toHaveLength(1);
    expect(JSON.stringify(draft[0]!.blocks)).toContain('the record may be partial');
  });
});
