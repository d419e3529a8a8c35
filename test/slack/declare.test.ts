import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareP1, type Harness, startHarness } from '../helpers/harness.js';

describe('declaring an incident', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('opens a channel, pins the control message and announces a P1 with a page', async () => {
    await h.steps(declareP1);
    const incident = h.latestIncident();
    expect(incident.ref).toBe('INC-2026-0001');
    expect(incident.status).toBe('investigating');
    expect(incident.channelName).toBe('inc-2026-0001-crm-lookups-time-out');
    const channel = h.sandbox.channel(incident.channelId!)!;
    expect(channel.topic.value).toMatch(
      /^P1 · Investigating · IC dana · next client update Tue 26 May 2026, 14:45 CEST$/,
    );
    const messages = h.sandbox.messages(incident.channelId!);
    expect(messages.some((m) => m.pinned && m.text?.includes('INC-2026-0001'))).toBe(true);
    const announcements = h.sandbox
      .messages(h.channelId('incidents'))
      .filter((m) => !m.ephemeralFor);
    expect(announcements).toHaveLength(1);
    expect(JSON.stringify(announcements[0]!.blocks)).toContain('<!subteam^');
  });
});
