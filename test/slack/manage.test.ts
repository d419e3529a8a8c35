import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, timelineEntries } from '../../src/store/schema.js';
import {
  declareP1,
  declareSteps,
  type Harness,
  isVisible,
  startHarness,
} from '../helpers/harness.js';

describe('changing severity', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  const db = () => h.session.app.store.db;
  const dana = () => h.userId('dana');
  const announcements = () =>
    h.sandbox
      .messages(h.channelId('incidents'))
      .filter((m) => isVisible(m) && (!m.threadTs || m.threadTs === m.ts));
  const entries = (kind: string) =>
    db()
      .select()
      .from(timelineEntries)
      .where(and(eq(timelineEntries.kind, kind)))
      .orderBy(asc(timelineEntries.id))
      .all();
  const audits = (action: string) =>
    db().select().from(auditLog).where(eq(auditLog.action, action)).all();
  const group = () => h.session.usergroups.find((g) => g.handle === 'ai-oncall')!;

  it('raises a P2 to P1 from the control message: asks why, pages P1 on-call, re-plans', async () => {
    await h.steps(declareSteps('P2', 'Voice answers slowly'));
    const before = h.latestIncident();
    expect(before.nextUpdateDueAt?.toISOString()).toBe('2026-05-26T13:30:00.000Z');
    const announceTs = before.announceTs;

    await h.step({ at: '14:35', click: 'Change severity' });
    expect(h.sandbox.openViews(dana()).at(-1)?.callbackId).toBe('vigil.severity');
    await h.step({ submit: { severity: 'P1', reason: 'Errors now on 40% of sessions' } });

    const after = h.latestIncident();
    expect(after.severity).toBe('P1');
    expect(after.nextUpdateDueAt?.toISOString()).toBe('2026-05-26T12:50:00.000Z');
    expect(after.interventionDueAt).toBeNull();
    expect(entries('severity_changed')).toEqual([
      expect.objectContaining({
        actorId: dana(),
        text: 'Severity P2 → P1: Errors now on 40% of sessions',
        data: { from: 'P2', to: 'P1', reason: 'Errors now on 40% of sessions' },
      }),
    ]);
    expect(audits('incident.severity_changed')).toEqual([
      expect.objectContaining({ actorId: dana(), at: new Date('2026-05-26T12:35:00Z') }),
    ]);

    const channel = h.sandbox.channel(after.channelId!)!;
    const texts = h.texts(after.channelName!).join('\n');
    expect(texts).toContain(
      `<@${dana()}> changed the severity of *INC-2026-0001* from P2 to *P1*: ` +
        'Errors now on 40% of sessions',
    );
    expect(texts).toContain(`<!subteam^${group().id}> <@${dana()}> — you are paged`);
    expect(channel.memberIds).toContain(h.userId('sam'));
    expect(channel.topic.value).toBe(
      'P1 · Investigating · IC dana · next client update Tue 26 May 2026, 14:50 CEST',
    );
    const control = h.sandbox.messages(after.channelId!).find((m) => m.ts === after.controlTs)!;
    expect(control.edited).toBeDefined();
    expect(control.text).toMatch(/^INC-2026-0001 · P1 · Investigating/);

    expect(announcements()).toHaveLength(1);
    expect(announcements()[0]!.ts).toBe(announceTs);
    expect(announcements()[0]!.edited).toBeDefined();
    expect(JSON.stringify(announcements()[0]!.blocks)).toContain('P1 · Investigating');
    expect(JSON.stringify(announcements()[0]!.blocks)).toContain(`<!subteam^${group().id}>`);
  });

  it('lowers a P1 to P2 with /incident severity p2 and plans the P2 intervention window', async () => {
    await h.steps(declareSteps('P1', 'CRM down'));
    await h.step({ at: '14:40', command: '/incident severity p2', in: '$incident' });
    const view = h.sandbox.openViews(dana()).at(-1)!;
    expect(JSON.stringify(view.blocks)).toContain('*INC-2026-0001* is *P1* now.');
    expect(view.blocks[1]).toMatchObject({ element: { initial_option: { value: 'P2' } } });
    await h.step({ submit: { reason: 'Rollback brought most sessions back' } });

    const after = h.latestIncident();
    expect(after.severity).toBe('P2');
    expect(after.nextUpdateDueAt?.toISOString()).toBe('2026-05-26T12:45:00.000Z');
    expect(after.interventionDueAt?.toISOString()).toBe('2026-05-27T07:40:00.000Z');
    expect(entries('severity_changed')).toHaveLength(1);
    expect(JSON.stringify(announcements()[0]!.blocks)).not.toContain('subteam');
    const pages = h.texts(after.channelName!).filter((t) => t.includes('you are paged'));
    expect(pages).toHaveLength(1);
    expect(h.sandbox.channel(after.channelId!)!.topic.value).toMatch(/^P2 · Investigating/);
  });

  it('refuses the same severity and a reason too short on the form’s own fields', async () => {
    await h.steps(declareSteps('P1', 'CRM down'));
    await h.step({ command: '/incident severity', in: '$incident' });
    await h.step({ submit: { severity: 'P1', reason: 'Still bad' } });
    await h.step({ submit: { severity: 'P2', reason: 'ok' } });
    expect(h.session.lastCommand?.refusals).toEqual([
      'severity: INC-2026-0001 is already P1.',
      'reason: Say why the severity changes; it goes on the timeline.',
    ]);
    expect(h.latestIncident().severity).toBe('P1');
    expect(entries('severity_changed')).toHaveLength(0);
  });

  it('opens the channel of a P3 raised to P2 by reference; the announcement is edited in place', async () => {
    await h.steps(declareSteps('P3', 'Greeting typo'));
    const p3 = h.latestIncident();
    await h.step({ command: '/incident severity p2 INC-2026-0001', in: 'incidents' });
    await h.step({ submit: { reason: 'Typo now in the tariff answer' } });

    const after = h.latestIncident();
    expect(after.severity).toBe('P2');
    expect(after.channelName).toBe('inc-2026-0001-greeting-typo');
    const channel = h.sandbox.channel(after.channelId!)!;
    expect(channel.memberIds).toContain(dana());
    expect(channel.topic.value).toMatch(/^P2 · Investigating · IC dana/);
    expect(h.sandbox.messages(after.channelId!).filter((m) => m.pinned)).toHaveLength(1);

    expect(announcements()).toHaveLength(1);
    expect(announcements()[0]!.ts).toBe(p3.announceTs);
    const blocks = JSON.stringify(announcements()[0]!.blocks);
    expect(blocks).toContain(`Join <#${after.channelId}> to help.`);
    expect(blocks).not.toContain('Change severity');
    const thread = h.sandbox
      .messages(h.channelId('incidents'))
      .filter((m) => m.threadTs === p3.announceTs && m.ts !== p3.announceTs);
    expect(thread.map((m) => m.text)).toEqual([
      expect.stringContaining('from P3 to *P2*: Typo now in the tariff answer'),
    ]);
  });

  it('raises a P3 to P1 from the button on its announcement and pages on-call', async () => {
    await h.steps(declareSteps('P3', 'Greeting typo'));
    await h.step({ click: 'Change severity', in: 'incidents' });
    await h.step({ submit: { severity: 'P1', reason: 'The assistant stopped answering' } });
    const after = h.latestIncident();
    expect(after.channelId).not.toBeNull();
    expect(h.sandbox.channel(after.channelId!)!.memberIds).toContain(h.userId('sam'));
    expect(h.texts(after.channelName!).join('\n')).toContain('you are paged for *INC-2026-0001*');
  });
});

describe('handing over roles', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  const db = () => h.session.app.store.db;
  const notesFor = (who: string, channelId: string) =>
    h.sandbox.messages(channelId).filter((m) => m.ephemeralFor === h.userId(who));

  it('hands commander and comms over from the channel, with a private note each', async () => {
    await h.steps(declareSteps('P1', 'CRM down'));
    const incident = h.latestIncident();
    await h.step({ command: '/incident commander @sam', in: '$incident' });
    await h.step({ command: '/incident comms @kai', in: '$incident' });

    const after = h.latestIncident();
    expect(after).toMatchObject({ commanderId: h.userId('sam'), commsLeadId: h.userId('kai') });
    const channel = h.sandbox.channel(incident.channelId!)!;
    expect(channel.memberIds).toContain(h.userId('kai'));
    expect(notesFor('sam', channel.id).map((m) => m.text)).toEqual([
      expect.stringMatching(/^You are now the incident commander of INC-2026-0001\. You now lead/),
    ]);
    expect(notesFor('kai', channel.id).map((m) => m.text)).toEqual([
      expect.stringMatching(/^You are now the communications lead of INC-2026-0001\. You now own/),
    ]);
    expect(h.texts(channel.name).join('\n')).toContain(
      `<@${h.userId('sam')}> is now the incident commander of *INC-2026-0001* ` +
        `(handed over by <@${h.userId('dana')}>).`,
    );
    expect(channel.topic.value).toMatch(/· IC sam ·/);
    const announcement = h.sandbox
      .messages(h.channelId('incidents'))
      .find((m) => m.ts === after.announceTs)!;
    expect(JSON.stringify(announcement.blocks)).toContain(`Commander <@${h.userId('sam')}>`);

    const changes = db()
      .select()
      .from(timelineEntries)
      .where(eq(timelineEntries.kind, 'role_changed'))
      .all();
    expect(changes.map((c) => [c.actorId, (c.data as { role: string }).role])).toEqual([
      [h.userId('dana'), 'commander'],
      [h.userId('dana'), 'comms_lead'],
    ]);
    const audit = db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'incident.role_changed'))
      .all();
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.actorId === h.userId('dana'))).toBe(true);
  });

  it('hands both roles over from the control message form', async () => {
    await h.steps(declareSteps('P2', 'Voice slow'));
    await h.step({ click: 'Hand over roles' });
    await h.step({ submit: { commander: 'sam', comms_lead: 'kai' } });
    const after = h.latestIncident();
    expect(after).toMatchObject({ commanderId: h.userId('sam'), commsLeadId: h.userId('kai') });
    expect(notesFor('sam', after.channelId!)).toHaveLength(1);
    expect(notesFor('kai', after.channelId!)).toHaveLength(1);
  });

  it('answers a missing person, the current holder and Vigil itself with what to do', async () => {
    await h.steps(declareSteps('P1', 'CRM down'));
    await h.step({ command: '/incident commander sam', in: '$incident' });
    expect(h.session.lastCommand?.ackBody).toMatchObject({
      text: 'Name the new incident commander: `/incident commander @dana`.',
    });
    await h.step({ command: '/incident commander @dana', in: '$incident' });
    expect(h.session.lastCommand?.ackBody).toMatchObject({
      text: `<@${h.userId('dana')}> is already the incident commander of INC-2026-0001.`,
    });
    await h.step({ click: 'Hand over roles' });
    const bot = h.sandbox.bot.userId;
    const refused = await h.sandbox.driver.submitView({
      userId: h.userId('dana'),
      values: { commander: bot },
    });
    expect(refused.body).toEqual({
      response_action: 'errors',
      errors: { commander: 'Vigil cannot be the incident commander; pick someone on the team.' },
    });
    expect(h.latestIncident().commanderId).toBe(h.userId('dana'));
  });

  it('tells a P3’s new role holder privately, by direct message when not in the channel', async () => {
    await h.steps(declareSteps('P3', 'Greeting typo'));
    const incident = h.latestIncident();
    const incidents = h.sandbox.channel('incidents')!;
    incidents.memberIds.splice(incidents.memberIds.indexOf(h.userId('kai')), 1);
    await h.step({ command: '/incident commander @sam INC-2026-0001', in: 'general' });
    await h.step({ command: '/incident comms @kai INC-2026-0001', in: 'general' });

    const samNote = notesFor('sam', incidents.id);
    expect(samNote).toHaveLength(1);
    expect(samNote[0]!.threadTs).toBe(incident.announceTs);
    const dm = h.sandbox.channels().find((c) => c.isIm && c.memberIds.includes(h.userId('kai')))!;
    expect(h.sandbox.messages(dm.id).map((m) => m.text)).toEqual([
      expect.stringMatching(/^You are now the communications lead of INC-2026-0001/),
    ]);
    const thread = h.sandbox
      .messages(incidents.id)
      .filter((m) => m.threadTs === incident.announceTs && isVisible(m) && m.ts !== m.threadTs);
    expect(thread).toHaveLength(2);
  });
});

describe('who can hold a role', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.steps(declareP1);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('refuses a client-side guest as commander and keeps the commander', async () => {
    const lee = h.userId('lee');
    await h.step({ command: `/incident commander <@${lee}|lee>`, in: '$incident' });
    expect(JSON.stringify(h.session.lastCommand?.ackBody)).toMatch(
      /guest from another organisation/,
    );
    expect(h.latestIncident().commanderId).toBe(h.userId('dana'));
  });
});
