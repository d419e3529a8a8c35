import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postmortems } from '../../src/store/schema.js';
import { declareP1, type Harness, startHarness } from '../helpers/harness.js';

describe('mentions and links typed into notes', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.steps(declareP1);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('echo as mentions in Slack and as names in the post-mortem', async () => {
    const sam = h.userId('sam');
    await h.steps([
      {
        command: `/incident note <@${sam}|sam> says p95 > 10 s & rising, see <!here>`,
        in: '$incident',
      },
      { command: '/incident postmortem', in: '$incident' },
    ]);
    const echo = h.texts('$incident').find((t) => t.includes('Timeline note by'))!;
    expect(echo).toContain(`<@${sam}|sam> says p95 &gt; 10 s &amp; rising, see &lt;!here&gt;`);
    const markdown = h.session.app.store.db.select().from(postmortems).get()!.markdown;
    expect(markdown).toContain('sam says p95 > 10 s & rising, see @here');
    expect(markdown).not.toContain(sam);
  });
});
