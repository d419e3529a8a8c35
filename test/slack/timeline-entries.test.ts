import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addNote } from '../../src/timeline/entries.js';
import { declareP1, type Harness, startHarness } from '../helpers/harness.js';
import { entries, pinned, storedMessages } from '../timeline/store.js';
import { sendUpdate } from '../updates/steps.js';

describe('timeline entries', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('writes an entry for everything Vigil does or sees', async () => {
    await h.steps([
      ...declareP1,
      { advance: '16m' },
      ...sendUpdate('CRM lookups fail.', 'Rolled back connector 4.13.'),
      { command: '/incident severity p2', in: '$incident' },
      { submit: { reason: 'Rollback restored most lookups.' } },
      { command: '/incident commander @kai', in: '$incident' },
      { command: '/incident mitigate', in: '$incident' },
      { submit: { kind: 'rollback', description: 'Connector rolled back to 4.12.' } },
      { command: '/incident resolve', in: '$incident' },
      { submit: { summary: 'Connector rolled back; lookups answer in 2 s.' } },
      { command: '/incident reopen Lookups fail again for one tenant', in: '$incident' },
    ]);
    const kinds = entries(h).map((e) => e.kind);
    for (const kind of [
      'declared',
      'update_missed',
      'first_contact',
      'severity_changed',
      'role_changed',
      'mitigation',
      'resolved',
      'reopened',
    ]) {
      expect(kinds).toContain(kind);
    }
    const change = entries(h).find((e) => e.kind === 'severity_changed')!;
    expect(change.text).toContain('Rollback restored most lookups.');
  });

  it('records a P3’s thread and pins a reply in it', async () => {
    await h.steps([
      { command: '/incident p3 Slow answers for one tenant', in: 'incidents' },
      {
        submit: {
          severity: 'P3',
          type: 'latency',
          client: 'acme',
          deployment: 'acme-chat',
          summary: 'Answers take 6 s for one tenant.',
          detected_by: 'internal',
        },
      },
      {
        reply: 'Only tenant 42 is slow; cache miss rate 90%.',
        to: 'last',
        in: 'incidents',
        as: 'sam',
      },
      { say: 'Lunch anyone?', in: 'incidents', as: 'kai' },
    ]);
    const stored = storedMessages(h);
    expect(stored.map((m) => m.text)).toEqual(['Only tenant 42 is slow; cache miss rate 90%.']);
    const reply = stored[0]!;
    expect(reply.threadTs).toBe(h.latestIncident().announceTs);
    await h.sandbox.driver.addReaction({
      userId: h.userId('dana'),
      channelId: reply.channelId,
      ts: reply.ts,
      name: 'pushpin',
    });
    await h.session.quiesce();
    expect(pinned(h).map((e) => e.text)).toEqual(['Only tenant 42 is slow; cache miss rate 90%.']);
  });

  it('splits a long timeline into several replies and attaches a very long one as a file', async () => {
    await h.steps(declareP1);
    const incident = h.latestIncident();
    const ctx = h.session.app.deps.ctx;
    for (let n = 1; n <= 60; n++)
      addNote(ctx, incident, `Checked replica ${n} of the CRM pool.`, 'x');
    for (let n = 1; n <= 2; n++)
      addNote(ctx, incident, `Vendor log ${n}: ${'y'.repeat(2_500)}`, 'x');
    await h.steps([{ command: '/incident timeline', in: '$incident' }]);
    const replies = h.sandbox
      .messages(incident.channelId!)
      .filter((m) => m.ephemeralFor)
      .map((m) => m.text);
    const listed = replies
      .join('\n')
      .split('\n')
      .filter((l) => l.startsWith('•'));
    expect(replies.length).toBeGreaterThan(1);
    expect(listed.length).toBeGreaterThanOrEqual(63);
    expect(replies.every((text) => text.length <= 4_000)).toBe(true);
    for (let n = 1; n <= 300; n++)
      addNote(ctx, incident, `More detail ${n}. ${'x'.repeat(200)}`, 'x');
    await h.steps([{ command: '/incident timeline', in: '$incident' }]);
    const uploads = h.sandbox.calls.filter((c) => c.method === 'files.completeUploadExternal');
    expect(uploads.filter((c) => c.ok)).toHaveLength(1);
  });

  it('keeps up with a busy channel and stores every message once', async () => {
    await h.steps(declareP1);
    const channelId = h.latestIncident().channelId!;
    await h.steps([{ say: 'Starting the flood of traces.', in: '$incident', as: 'sam' }]);
    const posts = [];
    for (let n = 1; n <= 150; n++) {
      posts.push(
        h.sandbox.driver.postMessage({ userId: h.userId('sam'), channelId, text: `trace ${n}` }),
      );
    }
    await Promise.all(posts);
    await h.session.quiesce();
    expect(storedMessages(h)).toHaveLength(151);
    const events = h.sandbox.deliveries.filter((d) => d.kind === 'event');
    expect(events.every((d) => d.status === 200)).toBe(true);
  });

  it('takes a redelivered event for an archived channel without duplicates or errors', async () => {
    await h.steps([...declareP1, { say: 'Last word before closing.', in: '$incident', as: 'sam' }]);
    const channelId = h.latestIncident().channelId!;
    await h.session.app.deps.client.conversations.archive({ channel: channelId });
    await h.steps([{ redeliver: 'last' }]);
    expect(storedMessages(h).filter((m) => m.text === 'Last word before closing.')).toHaveLength(1);
    const events = h.sandbox.deliveries.filter((d) => d.kind === 'event');
    expect(events.every((d) => d.status === 200)).toBe(true);
  });
});
