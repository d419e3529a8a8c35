import { describe, expect, it } from 'vitest';
import { defuseBroadcasts, escapeMrkdwn } from '../../src/slack/mrkdwn.js';

describe('mrkdwn escaping', () => {
  it('escapes user text so no mention or link is formed', () => {
    expect(escapeMrkdwn('<!channel> & <@U123> > 5')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U123&gt; &gt; 5',
    );
  });

  it('keeps user mentions and links in Slack markup but defuses broadcasts and group pings', () => {
    const text = '<!here> ask <@U123> about <https://status.example.com|status> and <!subteam^S1>';
    expect(defuseBroadcasts(text)).toBe(
      '&lt;!here&gt; ask <@U123> about <https://status.example.com|status> and &lt;!subteam^S1&gt;',
    );
  });
});

describe('button labels', () => {
  it('cut a label over 75 characters at a word, with an ellipsis', async () => {
    const { buttonLabel } = await import('../../src/slack/blocks/elements.js');
    const label = buttonLabel(
      "Done: Alert on CRM lookup latency on its own, separate from the assistant's answer latency",
    );
    expect(label).toBe('Done: Alert on CRM lookup latency on its own, separate from the…');
    expect(label.length).toBeLessThanOrEqual(75);
    expect(buttonLabel('Send update')).toBe('Send update');
  });
});
