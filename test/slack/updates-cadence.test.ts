import { afterEach, describe, expect, it } from 'vitest';
import { declareP1, type Harness, startHarness } from '../helpers/harness.js';
import {
  breaches,
  clientTexts,
  matching,
  pendingKinds,
  sendUpdate,
  sendUpdateAt,
  timelineKinds,
  updates,
  vigilTexts,
} from '../updates/steps.js';

function declare(severity: 'P1' | 'P2', client = 'acme', deployment = 'acme-chat') {
  return [
    { command: `/incident ${severity.toLowerCase()} CRM lookups time out`, in: 'incidents' },
    {
      submit: {
        severity,
        type: 'integration',
        client,
        deployment,
        summary: 'The CRM API answers 504 on contract lookups.',
        detected_by: 'monitoring',
      },
    },
  ];
}

const reminders = (h: Harness) => matching(vigilTexts(h), /is due \*/);
const overdues = (h: Harness) => matching(vigilTexts(h), /has not gone out/);
const escalations = (h: Harness) => matching(vigilTexts(h), /Escalation/);

describe('the update cadence', () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it('survives a restart in the middle of a cadence without losing or repeating a reminder', async () => {
    h = await startHarness();
    await h.steps([
      ...declareP1,
      ...sendUpdate('CRM lookups fail.', 'Rolled back connector 4.13.', '15:00'),
      { advance: '27m' },
    ]);
    expect(reminders(h)).toHaveLength(1);
    await h.steps([{ restart: true }, { advance: '1m' }, { restart: true }, { advance: '20m' }]);
    expect(reminders(h)).toHaveLength(1);
    expect(overdues(h)).toHaveLength(1);
    expect(escalations(h)).toHaveLength(1);
    expect(breaches(h, h.latestIncident().id)).toHaveLength(1);
  });

  it('collapses notices missed while Vigil was down into one overdue-since message', async () => {
    h = await startHarness();
    await h.steps(declareP1);
    await h.session.app.kill();
    h.clock.set(new Date('2026-05-26T15:30:00+02:00'));
    await h.session.startApp();
    const late = [...reminders(h), ...overdues(h), ...escalations(h)];
    expect(late).toHaveLength(1);
    expect(late[0]).toContain('overdue since Tue 26 May 2026, 14:45 CEST');
    expect(breaches(h, h.latestIncident().id)).toHaveLength(1);
  });

  it('says nothing for a reminder planned before a resolve and due after it', async () => {
    h = await startHarness();
    await h.steps([
      ...declareP1,
      ...sendUpdate('CRM lookups fail.', 'Rolled back connector 4.13.', '15:00'),
      { at: '14:54', command: '/incident resolve', in: '$incident' },
      { submit: { summary: 'Connector rolled back; lookups answer in 2 s.' } },
    ]);
    const incident = h.latestIncident();
    expect(pendingKinds(h, incident.id).filter((k) => k.startsWith('update.'))).toEqual([]);
    await h.advance('3h');
    expect(reminders(h)).toHaveLength(0);
    expect(overdues(h)).toHaveLength(0);
    expect(breaches(h, incident.id)).toHaveLength(0);
  });

  it('re-plans reminders on an upgrade to the sooner due time', async () => {
    h = await startHarness();
    await h.steps([
      ...declare('P2'),
      ...sendUpdate('CRM lookups slow for 5% of chats.', 'Raising the CRM pool size.', '16:30'),
      { at: '15:00', command: '/incident severity p1', in: '$incident' },
      { submit: { reason: 'Lookups now fail for every chat, not a few.' } },
    ]);
    const incident = h.latestIncident();
    expect(incident.nextUpdateDueAt?.toISOString()).toBe('2026-05-26T13:30:00.000Z');
    await h.advance('26m');
    expect(reminders(h)).toHaveLength(1);
    expect(reminders(h)[0]).toContain('15:30 CEST');
    await h.advance('20m');
    expect(overdues(h)).toHaveLength(1);
    expect(escalations(h)).toHaveLength(1);
  });

  it('keeps the promised time on a downgrade and stops reminders on a downgrade to P3', async () => {
    h = await startHarness();
    await h.steps([
      ...declareP1,
      ...sendUpdate('CRM lookups fail.', 'Rolled back connector 4.13.', '15:00'),
      { at: '14:45', command: '/incident severity p2', in: '$incident' },
      { submit: { reason: 'Rollback restored most lookups.' } },
    ]);
    expect(h.latestIncident().nextUpdateDueAt?.toISOString()).toBe('2026-05-26T13:00:00.000Z');
    await h.steps([
      { command: '/incident severity p3', in: '$incident' },
      { submit: { reason: 'Only one tenant sees slow lookups now.' } },
      { advance: '2h' },
    ]);
    expect([...reminders(h), ...overdues(h), ...escalations(h)]).toHaveLength(0);
    expect(h.latestIncident().nextUpdateDueAt).toBeNull();
  });

  it('delivers an update whose first post failed even if the cadence is re-planned meanwhile', async () => {
    h = await startHarness();
    await h.steps([
      ...declareP1,
      { fault: { method: 'chat.postMessage', error: 'internal_error', times: 4 } },
      ...sendUpdate('CRM lookups fail.', 'Rolled back connector 4.13.', '15:00'),
      // Its retry is due seconds later; the severity change comes first.
      { command: '/incident severity p2', in: '$incident' },
      { submit: { reason: 'Rollback restored most lookups.' } },
      { advance: '5m' },
    ]);
    const [update] = updates(h, h.latestIncident().id);
    expect(update!.deliveredAt).not.toBeNull();
    expect(matching(clientTexts(h), /CRM lookups fail/)).toHaveLength(1);
  });

  it('posts an overdue notice whose first attempt failed on the retry, once', async () => {
    h = await startHarness();
    await h.steps([
      ...declareP1,
      { at: '14:44', fault: { method: 'chat.postMessage', error: 'internal_error', times: 2 } },
      { advance: '5m' },
    ]);
    expect(overdues(h)).toHaveLength(1);
    expect(breaches(h, h.latestIncident().id)).toHaveLength(1);
  });

  it('tells the technical lead in the client channel when a P2 intervention window closes', async () => {
    h = await startHarness();
    await h.steps([
      ...declare('P2'),
      ...sendUpdate('CRM lookups slow for 5% of chats.', 'Raising the CRM pool size.', '16:00'),
      ...sendUpdateAt('15:50', 'Still 5% slow.', 'Pool raised; testing the CRM index.', '17:45'),
      ...sendUpdateAt(
        '17:40',
        'Slow lookups on 2% now.',
        'Rebuilding the CRM index.',
        '2026-05-27T09:45:00+02:00',
      ),
    ]);
    const incident = h.latestIncident();
    // Declared Tue 14:30 with 4 open hours: 3.5 on Tuesday until 18:00, 0.5 from Wednesday 09:00.
    expect(incident.interventionDueAt?.toISOString()).toBe('2026-05-27T07:30:00.000Z');
    expect(matching(clientTexts(h), /intervention window/)).toHaveLength(0);
    await h.advance('19h');
    const toClient = matching(clientTexts(h), /intervention window/);
    expect(toClient).toHaveLength(1);
    expect(toClient[0]).toContain(`<@${h.userId('lee')}>`);
    expect(matching(vigilTexts(h), /intervention window closed/)).toHaveLength(1);
    expect(timelineKinds(h, incident.id)).toContain('intervention_window_closed');
  });
});

describe('due times on the business calendar', () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  it('counts a P2 first contact across a weekend and the spring-forward change in Rome', async () => {
    h = await startHarness({ start: '2026-03-27T17:30:00+01:00' });
    await h.steps(declare('P2'));
    // 30 open minutes on Friday, 30 more from Monday 09:00, now in summer time.
    expect(h.latestIncident().firstContactDueAt?.toISOString()).toBe('2026-03-30T07:30:00.000Z');
    await h.advance('62h57m');
    expect(reminders(h)).toHaveLength(1);
    expect(reminders(h)[0]).toContain('Mon 30 Mar 2026, 09:30 CEST');
    expect(overdues(h)).toHaveLength(0);
  });

  it('skips the client’s holidays when counting a P2 due time', async () => {
    h = await startHarness({ start: '2026-12-24T17:30:00+01:00' });
    await h.steps(declare('P2'));
    // Thu 24 Dec 17:30 + 1 open hour: Fri 25 and Sat 26 are holidays, Sun closed: Mon 09:30.
    expect(h.latestIncident().firstContactDueAt?.toISOString()).toBe('2026-12-28T08:30:00.000Z');
  });

  it('runs a 24/7 cadence through the New York fall-back hour in elapsed minutes', async () => {
    h = await startHarness({ start: '2026-11-01T01:50:00-04:00' });
    await h.steps(declare('P1', 'northwind', 'northwind-voice'));
    const incident = h.latestIncident();
    expect(incident.firstContactDueAt?.toISOString()).toBe('2026-11-01T06:00:00.000Z');
    await h.advance('8m');
    expect(reminders(h)[0]).toContain('Sun 1 Nov 2026, 01:00 EST');
  });
});
