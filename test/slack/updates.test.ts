import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actions } from '../../src/store/schema.js';
import { declareP1, type Harness, startHarness } from '../helpers/harness.js';
import {
  breaches,
  clientTexts,
  matching,
  sendUpdate,
  submitErrors,
  timelineKinds,
  updates,
  vigilTexts,
} from '../updates/steps.js';

describe('client updates', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('opens the three-part modal from the command with the next update prefilled by the cadence', async () => {
    await h.steps([...declareP1, { command: '/incident update', in: '$incident' }]);
    const view = h.sandbox.openViews(h.userId('dana')).at(-1)!;
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual(['what', 'doing', 'next_update']);
    const picker = inputs[2]!.element as { initial_date_time?: number };
    // Declared 14:30; an update sent now promises the next within 30 minutes: 15:00.
    expect(picker.initial_date_time).toBe(Date.parse('2026-05-26T15:00:00+02:00') / 1000);
  });

  it('opens the same modal from the control message button', async () => {
    await h.steps([...declareP1, { click: 'Send update', in: '$incident' }]);
    const view = h.sandbox.openViews(h.userId('dana')).at(-1)!;
    expect(view.title).toBe('Client update');
  });

  it('sends a formatted update to the client channel, mirrors it and records it', async () => {
    await h.steps([
      ...declareP1,
      { say: 'Stack trace shows pool exhaustion in crm-proxy-7', in: '$incident', as: 'sam' },
      { at: '14:38', command: '/incident update', in: '$incident' },
      {
        submit: {
          what: 'Contract lookups in the chat assistant time out for about 30% of sessions.',
          doing: 'Routing contract questions to your human operators while we fix the CRM link.',
          next_update: '15:05',
        },
      },
    ]);
    const incident = h.latestIncident();
    const client = clientTexts(h);
    expect(client).toHaveLength(1);
    expect(client[0]).toContain('INC-2026-0001');
    expect(client[0]).toContain('Critical — your service is seriously affected');
    expect(client[0]).toContain('*Status:*');
    expect(client[0]).toContain('time out for about 30% of sessions');
    expect(client[0]).toContain('Routing contract questions');
    expect(client[0]).toContain('Tue 26 May 2026, 15:05 CEST');
    expect(client[0]).not.toContain('crm-proxy-7');
    expect(client[0]).not.toContain('CRM lookups time out');
    expect(matching(vigilTexts(h), /First contact sent to the client/)).toHaveLength(1);
    expect(timelineKinds(h, incident.id)).toContain('first_contact');
    expect(incident.firstContactAt?.toISOString()).toBe('2026-05-26T12:38:00.000Z');
    expect(incident.nextUpdateDueAt?.toISOString()).toBe('2026-05-26T13:05:00.000Z');
  });

  it('refuses stock phrases and empty parts as field errors, whatever their length', async () => {
    await h.steps([...declareP1, { command: '/incident update', in: '$incident' }]);
    const errors = await submitErrors(h, {
      what:
        'Some users may be experiencing degraded service. Our engineers are working hard to ' +
        'restore normal operation as quickly as possible.',
      doing: '  ',
    });
    expect(Object.keys(errors).sort()).toEqual(['doing', 'what']);
    expect(errors.what).toMatch(/Name the symptom/);
    expect(errors.doing).toMatch(/Say what we are doing/);
    const stock = await submitErrors(h, { what: 'Investigating.', doing: 'No news.' });
    expect(Object.keys(stock).sort()).toEqual(['doing', 'what']);
    expect(clientTexts(h)).toHaveLength(0);
  });

  it('accepts a short update that names the symptom and the step', async () => {
    await h.steps([
      ...declareP1,
      ...sendUpdate('CRM lookups fail.', 'Rolled back connector 4.13.'),
    ]);
    expect(clientTexts(h)).toHaveLength(1);
  });

  it('refuses a next update in the past or beyond the contracted cadence', async () => {
    await h.steps([...declareP1, { at: '14:40', command: '/incident update', in: '$incident' }]);
    const parts = { what: 'CRM lookups fail.', doing: 'Rolled back connector 4.13.' };
    const at = (time: string) => `2026-05-26T${time}:00+02:00`;
    const past = await submitErrors(h, { ...parts, next_update: at('14:35') });
    expect(past.next_update).toMatch(/in the past/);
    const late = await submitErrors(h, { ...parts, next_update: at('15:20') });
    expect(late.next_update).toMatch(/no later than Tue 26 May 2026, 15:10 CEST/);
    const ok = await submitErrors(h, { ...parts, next_update: at('15:10') });
    expect(ok).toEqual({});
  });

  it('records first contact against its deadline and opens a threshold action when the client found it', async () => {
    await h.steps([
      { command: '/incident p1 CRM lookups time out', in: 'incidents' },
      {
        submit: {
          severity: 'P1',
          type: 'integration',
          client: 'acme',
          deployment: 'acme-chat',
          summary: 'The CRM API answers 504 on contract lookups.',
          detected_by: 'client',
        },
      },
    ]);
    const incident = h.latestIncident();
    expect(incident.firstContactDueAt?.toISOString()).toBe('2026-05-26T12:45:00.000Z');
    const opened = h.session.app.store.db.select().from(actions).all();
    expect(opened).toHaveLength(1);
    expect(opened[0]!.kind).toBe('revise_thresholds');
    expect(opened[0]!.ownerId).toBe(incident.commanderId);
    expect(opened[0]!.description).toContain('acme-chat');
    expect(timelineKinds(h, incident.id)).toContain('monitoring_missed');
    await h.steps([{ advance: '20m' }, ...sendUpdate('CRM lookups fail.', 'Rolled back 4.13.')]);
    const sent = updates(h, incident.id);
    expect(sent[0]!.isFirstContact).toBe(true);
    expect(sent[0]!.dueAt?.toISOString()).toBe('2026-05-26T12:45:00.000Z');
    expect(sent[0]!.deliveredAt?.toISOString()).toBe('2026-05-26T12:50:00.000Z');
    expect(h.latestIncident().firstContactAt?.toISOString()).toBe('2026-05-26T12:50:00.000Z');
  });
});

describe('reminders and breaches', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('reminds before, tells IC and comms lead when overdue, escalates after grace, and records the breach', async () => {
    await h.steps([...declareP1, { advance: '11m' }]);
    const incident = h.latestIncident();
    expect(matching(vigilTexts(h), /is due/)).toHaveLength(1);
    expect(matching(vigilTexts(h), /\[Send update\]|"text":"Send update"/).length).toBeGreaterThan(
      1,
    );
    await h.advance('5m');
    const overdue = matching(vigilTexts(h), /has not gone out/);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toContain(`<@${incident.commanderId}>`);
    expect(breaches(h, incident.id)).toHaveLength(1);
    await h.advance('10m');
    const escalated = matching(vigilTexts(h), /Escalation/);
    expect(escalated).toHaveLength(1);
    expect(escalated[0]).toContain(`<@${h.userId('dana')}>`);
    expect(clientTexts(h)).toHaveLength(0);
    await h.steps(sendUpdate('CRM lookups fail.', 'Rolled back connector 4.13.'));
    const [breach] = breaches(h, incident.id);
    expect(breach!.kind).toBe('first_contact');
    expect(breach!.lateMinutes).toBe(11);
    expect(timelineKinds(h, incident.id)).toContain('update_missed');
    await h.steps([{ command: '/incident timeline', in: '$incident' }]);
    const listed = h.sandbox
      .messages(incident.channelId!)
      .filter((m) => m.ephemeralFor)
      .map((m) => m.text)
      .join('\n');
    expect(listed).toContain('The first client contact due Tue 26 May 2026, 14:45 CEST was missed');
  });

  it('stops reminding the moment the incident is resolved', async () => {
    await h.steps([
      ...declareP1,
      ...sendUpdate('CRM lookups fail.', 'Rolled back connector 4.13.'),
      { at: '14:50', command: '/incident resolve', in: '$incident' },
      { submit: { summary: 'Connector rolled back; lookups answer in 2 s.' } },
      { advance: '2h' },
    ]);
    expect(matching(vigilTexts(h), /is due|has not gone out|Escalation/)).toHaveLength(0);
  });
});
