import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shortcuts } from '../../src/slack/ids.js';
import { declareP1, type Harness, startHarness } from '../helpers/harness.js';
import { editsOf, pinned, storedMessages } from '../timeline/store.js';

describe('the timeline records the channel', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.steps(declareP1);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('stores each message with author, time, thread, files and whether the author is external', async () => {
    await h.steps([
      { at: '14:34', say: 'CRM answers 504 since 14:25.', in: '$incident', as: 'sam' },
      { at: '14:35', reply: 'Seen from our side too.', to: 'last', in: '$incident', as: 'lee' },
      { say: 'Trace attached.', in: '$incident', as: 'sam', files: ['trace.json'] },
    ]);
    const stored = storedMessages(h);
    expect(stored.map((m) => m.text)).toEqual([
      'CRM answers 504 since 14:25.',
      'Seen from our side too.',
      'Trace attached.',
    ]);
    const [first, reply, withFile] = stored;
    expect(first!.userId).toBe(h.userId('sam'));
    expect(first!.postedAt.toISOString()).toBe('2026-05-26T12:34:00.000Z');
    expect(first!.threadTs).toBeNull();
    expect(first!.isExternal).toBe(false);
    expect(reply!.threadTs).toBe(first!.ts);
    expect(reply!.isExternal).toBe(true);
    const files = withFile!.files as Array<{ name: string; mimetype?: string; permalink?: string }>;
    expect(files).toHaveLength(1);
    expect(files[0]!.name).toBe('trace.json');
    expect(files[0]!.mimetype).toBeTruthy();
    expect(files[0]!.permalink).toMatch(/trace\.json$/);
  });

  it('keeps neither its own posts nor join notices as evidence', async () => {
    await h.steps([{ say: 'Joining to help.', in: '$incident', as: 'kai' }]);
    expect(storedMessages(h).map((m) => m.text)).toEqual(['Joining to help.']);
  });

  it('keeps the history of an edit, ignores a re-send with the same text and marks deletions', async () => {
    await h.steps([
      { say: 'Rolling back the connector.', in: '$incident' },
      { edit: 'Rolling back the connector to 4.12.', in: '$incident' },
      { edit: 'Rolling back the connector to 4.12.', in: '$incident' },
      { say: 'Wrong channel, sorry.', in: '$incident' },
      { delete: 'last', in: '$incident' },
    ]);
    const [edited, deleted] = storedMessages(h);
    expect(edited!.text).toBe('Rolling back the connector to 4.12.');
    expect(editsOf(h, edited!.id).map((e) => e.previousText)).toEqual([
      'Rolling back the connector.',
    ]);
    expect(deleted!.deletedAt).not.toBeNull();
    expect(deleted!.text).toBe('Wrong channel, sorry.');
  });

  it('stores a redelivered message once', async () => {
    await h.steps([
      { say: 'Pool exhausted on crm-proxy.', in: '$incident', as: 'sam' },
      { redeliver: 'last' },
      { redeliver: 'last' },
    ]);
    expect(storedMessages(h)).toHaveLength(1);
  });

  it('pins a message with 📌 at the time it was posted and unpins it when the reaction goes', async () => {
    await h.steps([
      { at: '14:34', say: 'CRM answers 504 since 14:25.', in: '$incident', as: 'sam' },
      { at: '14:36', react: 'pushpin', in: '$incident', as: 'dana' },
      { redeliver: 'last' },
    ]);
    expect(pinned(h)).toHaveLength(1);
    expect(pinned(h)[0]!.occurredAt.toISOString()).toBe('2026-05-26T12:34:00.000Z');
    expect(pinned(h)[0]!.text).toBe('CRM answers 504 since 14:25.');
    const message = storedMessages(h)[0]!;
    await h.sandbox.driver.removeReaction({
      userId: h.userId('dana'),
      channelId: message.channelId,
      ts: message.ts,
      name: 'pushpin',
    });
    await h.session.quiesce();
    expect(pinned(h)).toHaveLength(0);
  });

  it('adds a message through the shortcut once, even when it is also pinned', async () => {
    await h.steps([
      { at: '14:34', say: 'CRM answers 504 since 14:25.', in: '$incident', as: 'sam' },
      { react: 'pushpin', in: '$incident', as: 'dana' },
    ]);
    const message = storedMessages(h)[0]!;
    await h.sandbox.driver.messageShortcut({
      userId: h.userId('dana'),
      channelId: message.channelId,
      messageTs: message.ts,
      callbackId: shortcuts.addToTimeline,
    });
    await h.session.quiesce();
    expect(pinned(h)).toHaveLength(1);
  });

  it('follows edits of a pinned message and drops it from the timeline when deleted', async () => {
    await h.steps([
      { say: 'Rolling back the connector.', in: '$incident', as: 'sam' },
      { react: 'pushpin', in: '$incident', as: 'dana' },
      { edit: 'Rolling back the connector to 4.12.', in: '$incident', as: 'sam' },
    ]);
    expect(pinned(h)[0]!.text).toBe('Rolling back the connector to 4.12.');
    await h.steps([{ delete: 'last', in: '$incident', as: 'sam' }]);
    expect(pinned(h)).toHaveLength(0);
    expect(storedMessages(h)[0]!.deletedAt).not.toBeNull();
  });

  it('ignores a 📌 that arrives for a message already deleted', async () => {
    await h.steps([{ say: 'Token is abc123, oops.', in: '$incident', as: 'sam' }]);
    const message = storedMessages(h)[0]!;
    await h.steps([{ delete: 'last', in: '$incident', as: 'sam' }]);
    await h.sandbox.driver
      .addReaction({
        userId: h.userId('dana'),
        channelId: message.channelId,
        ts: message.ts,
        name: 'pushpin',
      })
      .catch(() => {});
    await h.session.quiesce();
    expect(pinned(h)).toHaveLength(0);
  });

  it('echoes a note in the channel and lists every entry in order with date, time and zone', async () => {
    await h.steps([
      {
        at: '14:40',
        command: '/incident note CRM vendor confirms the API change',
        in: '$incident',
      },
    ]);
    expect(h.texts('$incident').some((t) => t.includes('Timeline note by'))).toBe(true);
    await h.steps([{ command: '/incident timeline', in: '$incident' }]);
    const reply = h.sandbox
      .messages(h.latestIncident().channelId!)
      .filter((m) => m.ephemeralFor)
      .map((m) => m.text)
      .join('\n');
    const lines = reply.split('\n').filter((l) => l.startsWith('•'));
    expect(lines[0]).toContain('Tue 26 May 2026, 14:30 CEST');
    expect(lines[0]).toContain('Declared');
    expect(lines.at(-1)).toContain('14:40 CEST');
    expect(lines.at(-1)).toContain('CRM vendor confirms the API change');
  });
});
