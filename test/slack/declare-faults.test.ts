import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobs, setupSteps } from '../../src/store/schema.js';
import { acmeChatForm, type Harness, isVisible, startHarness } from '../helpers/harness.js';

async function waitFor(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('opening the declare form under pressure', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  const dana = () => h.userId('dana');
  const offers = () =>
    h.sandbox
      .messages(h.channelId('incidents'))
      .filter((m) => m.ephemeralFor === dana() && !m.deleted && m.text.includes('Open it again'));

  it('offers a button when the trigger expired, and the button opens the form as it was', async () => {
    await h.step({ fault: { method: 'views.open', error: 'expired_trigger_id' } });
    await h.step({ command: '/incident p1 CRM lookups time out', in: 'incidents' });
    expect(h.sandbox.openViews(dana())).toHaveLength(0);
    expect(offers()).toHaveLength(1);
    expect(offers()[0]!.text).toContain('Slack closed the form before it could open');

    await h.step({ click: 'Open the declare form', in: 'incidents' });
    const view = h.sandbox.openViews(dana()).at(-1)!;
    expect(view.callbackId).toBe('vigil.declare');
    expect(view.blocks[0]).toMatchObject({ element: { initial_value: 'CRM lookups time out' } });
    expect(view.blocks[1]).toMatchObject({ element: { initial_option: { value: 'P1' } } });
    expect(offers()).toHaveLength(0);

    await h.step({ submit: acmeChatForm });
    const incident = h.latestIncident();
    expect(incident).toMatchObject({ ref: 'INC-2026-0001', severity: 'P1' });
    expect(h.texts('incidents').join('\n')).toContain('INC-2026-0001 is declared');
  });

  it('offers the button at once when Slack rate-limits views.open', async () => {
    h.sandbox.injectFault({ method: 'views.open', ratelimited: { retryAfterSeconds: 2 } });
    const started = performance.now();
    await h.step({ command: '/incident p2 Voice slow', in: 'incidents' });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(offers()[0]!.text).toContain('Slack was too busy to open the form just now.');
  });

  it('opens the form at once while other work waits out a rate limit', async () => {
    await h.step({ command: '/incident p1 CRM down', in: 'incidents' });
    h.sandbox.injectFault({
      method: 'conversations.setTopic',
      ratelimited: { retryAfterSeconds: 2 },
    });
    await h.sandbox.driver.submitView({ userId: dana(), values: acmeChatForm });
    const isLimited = () =>
      h.sandbox.calls.some((c) => c.method === 'conversations.setTopic' && !c.ok);
    await waitFor(isLimited, 'the rate-limited setTopic');

    const started = performance.now();
    const sam = h.userId('sam');
    const answer = await h.sandbox.driver.command({
      userId: sam,
      channelId: h.channelId('incidents'),
      text: 'p2 Voice answers slowly',
    });
    expect(answer.status).toBe(200);
    await waitFor(() => h.sandbox.openViews(sam).length === 1, 'the second form');
    expect(performance.now() - started).toBeLessThan(1000);
    // The shared client is still paused: nothing but views.open got through meanwhile.
    expect(h.sandbox.calls.filter((c) => c.method === 'conversations.setTopic')).toHaveLength(1);

    await h.session.quiesce();
    expect(h.sandbox.channel(h.latestIncident().channelId!)!.topic.value).toMatch(/^P1 ·/);
  });

  it('opens the form while the database is locked by another writer', async () => {
    const blocker = new Database(h.databasePath);
    blocker.prepare('BEGIN IMMEDIATE').run();
    try {
      const started = performance.now();
      await h.sandbox.driver.command({
        userId: dana(),
        channelId: h.channelId('incidents'),
        text: 'p1 CRM down',
      });
      await waitFor(() => h.sandbox.openViews(dana()).length === 1, 'the form');
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      blocker.prepare('ROLLBACK').run();
      blocker.close();
    }
    await h.session.quiesce();
    const opened = h.sandbox.calls.findIndex((c) => c.method === 'views.open');
    expect(h.sandbox.calls.slice(opened).map((c) => c.method)).toEqual(['views.open']);
  });
});

describe('channel setup after failures and restarts', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  const db = () => h.session.app.store.db;
  const steps = () =>
    db()
      .select({ step: setupSteps.step, status: setupSteps.status, attempts: setupSteps.attempts })
      .from(setupSteps)
      .orderBy(setupSteps.step)
      .all();
  const controlMessages = (channelId: string) =>
    h.sandbox
      .messages(channelId)
      .filter((m) => isVisible(m) && JSON.stringify(m.blocks ?? []).includes('vigil.control.'));
  const announcements = () => h.sandbox.messages(h.channelId('incidents')).filter(isVisible);

  async function declareWithoutWaiting(severity: string, title: string) {
    await h.step({ command: `/incident ${severity} ${title}`, in: 'incidents' });
    await h.sandbox.driver.submitView({ userId: h.userId('dana'), values: acmeChatForm });
  }

  function expectCompleteSetup() {
    const incident = h.latestIncident();
    expect(steps().every((s) => s.status === 'done')).toBe(true);
    const controls = controlMessages(incident.channelId!);
    expect(controls).toHaveLength(1);
    expect(controls[0]).toMatchObject({ ts: incident.controlTs, pinned: true });
    expect(announcements()).toHaveLength(1);
    expect(announcements()[0]!.ts).toBe(incident.announceTs);
    expect(h.sandbox.channel(incident.channelId!)!.topic.value).toMatch(/· Investigating ·/);
    const named = h.sandbox.channels().filter((c) => c.name.startsWith('inc-2026-0001'));
    expect(named.map((c) => c.id)).toEqual([incident.channelId]);
  }

  it('retries only the step that failed, after the scheduler’s back-off', async () => {
    await h.step({ fault: { method: 'pins.add', error: 'internal_error' } });
    await h.steps([
      { command: '/incident p1 CRM down', in: 'incidents' },
      { submit: acmeChatForm },
    ]);
    expect(steps().find((s) => s.step === 'control')).toMatchObject({
      status: 'pending',
      attempts: 1,
    });
    expect(
      steps()
        .filter((s) => s.status === 'done')
        .map((s) => s.step),
    ).toEqual(['announce', 'channel', 'invite:P1', 'topic']);

    await h.advance('10s');
    expectCompleteSetup();
    expect(steps().find((s) => s.step === 'control')).toMatchObject({ attempts: 2 });
    const setup = db().select().from(jobs).where(eq(jobs.kind, 'incident.setup')).get()!;
    expect(setup).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('announces and pages a P1 while its channel cannot be made, then points at it', async () => {
    await h.step({
      fault: { method: 'conversations.create', error: 'restricted_action', times: 2 },
    });
    await h.steps([
      { command: '/incident p1 CRM down', in: 'incidents' },
      { submit: acmeChatForm },
    ]);
    expect(h.latestIncident().channelId).toBeNull();
    expect(announcements()).toHaveLength(1);
    expect(JSON.stringify(announcements()[0]!.blocks)).toContain('<!subteam^');

    await h.advance('10s');
    expect(h.latestIncident().channelId).toBeNull();
    await h.advance('30s');
    expectCompleteSetup();
    expect(JSON.stringify(announcements()[0]!.blocks)).toContain(
      `Join <#${h.latestIncident().channelId}> to help.`,
    );
    expect(announcements()[0]!.edited).toBeDefined();
  });

  it('finishes pending steps after a restart', async () => {
    await h.step({ fault: { method: 'conversations.setTopic', error: 'internal_error' } });
    await h.steps([
      { command: '/incident p2 Voice slow', in: 'incidents' },
      { submit: acmeChatForm },
      { restart: true },
    ]);
    expect(steps().find((s) => s.step === 'topic')?.status).toBe('pending');
    await h.advance('10s');
    expectCompleteSetup();
  });

  it('adopts the control message and announcement Slack posted just before a crash', async () => {
    await declareWithoutWaiting('p2', 'Voice slow');
    h.sandbox.injectFault({ method: 'chat.postMessage', delayMs: 300, times: 2 });
    const posts = () => h.sandbox.calls.filter((c) => c.method === 'chat.postMessage').length;
    await waitFor(() => posts() === 2, 'both posts to reach Slack');
    await h.session.app.kill();
    await h.sandbox.settled();
    expect(announcements()).toHaveLength(1);

    await h.session.startApp();
    expectCompleteSetup();
    expect(steps().find((s) => s.step === 'control')).toMatchObject({ attempts: 2 });
  });

  it('adopts the channel Slack made just before a crash instead of making a second one', async () => {
    await declareWithoutWaiting('p2', 'Voice slow');
    h.sandbox.injectFault({ method: 'conversations.create', delayMs: 300 });
    const creates = () => h.sandbox.calls.filter((c) => c.method === 'conversations.create');
    await waitFor(() => creates().length === 1, 'the create call');
    await h.session.app.kill();
    await h.sandbox.settled();
    expect(h.sandbox.channel('inc-2026-0001-voice-slow')).toBeDefined();

    await h.session.startApp();
    expectCompleteSetup();
    expect(h.latestIncident().channelName).toBe('inc-2026-0001-voice-slow');
    expect(creates()).toHaveLength(1);
  });
});

describe('people who cannot be invited', () => {
  it('are reported in the channel and do not stop the rest of the setup', async () => {
    const h = await startHarness({
      workspace: `
workspace:
  users:
    - {id: dana, name: Dana Ops}
    - {id: sam, name: Sam Engineer}
    - {id: gone, name: Gone Person, deleted: true}
    - {id: lee, name: Lee Client, external: true}
    - {id: nora, name: Nora Client, external: true}
  usergroups:
    - {handle: ai-oncall, name: AI on-call, members: [sam, gone, lee]}
  channels:
    - {name: incidents}
    - {name: general}
    - {name: acme-support, shared: true, members: [lee]}
    - {name: northwind-support, shared: true, members: [nora]}
`,
    });
    try {
      // dana is on call for P1 by name and leaves after start; the group gains someone unknown.
      h.sandbox.user('dana')!.deleted = true;
      h.session.usergroups.find((g) => g.handle === 'ai-oncall')!.userIds.push('U0NOBODY1');
      await h.steps([
        { command: '/incident p1 CRM down', in: 'incidents', as: 'sam' },
        { submit: acmeChatForm, as: 'sam' },
      ]);
      const incident = h.latestIncident();
      const channel = h.sandbox.channel(incident.channelId!)!;
      expect(channel.memberIds).toContain(h.userId('sam'));
      for (const who of ['dana', 'lee', 'gone']) {
        expect(channel.memberIds).not.toContain(h.userId(who));
      }
      const report = h.texts(incident.channelName!).find((t) => t.includes('Could not add'));
      const cannot = 'Slack does not allow inviting this person (deactivated or from another org)';
      expect(report).toContain(`<@${h.userId('dana')}>: ${cannot}`);
      expect(report).toContain(`<@${h.userId('lee')}>: ${cannot}`);
      expect(report).toContain('<@U0NOBODY1>: no such user in this workspace');
      // Slack leaves deactivated people out of a group's members, so nobody tries to add them.
      expect(report).not.toContain(h.userId('gone'));
      expect(channel.topic.value).toMatch(/^P1 · Investigating/);
      expect(h.sandbox.messages(incident.channelId!).filter((m) => m.pinned)).toHaveLength(1);
      const steps = h.session.app.store.db.select().from(setupSteps).all();
      expect(steps.every((s) => s.status === 'done')).toBe(true);
    } finally {
      await h.stop();
    }
  });
});
