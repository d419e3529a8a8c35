import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareP1, type Harness, startHarness } from '../helpers/harness.js';

const declareWithPersonalData = [
  declareP1[0]!,
  {
    submit: {
      ...(declareP1[1] as { submit: Record<string, unknown> }).submit,
      personal_data: true,
    },
  },
];
const asks = (h: Harness) =>
  h.texts('$incident').filter((t) => t.includes('personal data may be involved'));
const notice = [
  { click: 'Send personal-data notice' },
  {
    submit: {
      what: 'Names of 12 customers were shown in other customers chats between 14:10 and 14:25',
      doing: 'Those transcripts are purged; we are collecting the evidence for you',
      next_update: '+30m',
    },
  },
];

describe('personal-data notice', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('asks the commander at once and every half hour until the notice is sent', async () => {
    await h.steps([...declareWithPersonalData, { advance: '1m' }]);
    expect(asks(h)).toHaveLength(1);
    const dana = `<@${h.userId('dana')}>`;
    const block = JSON.stringify(
      h.sandbox
        .messages(h.latestIncident().channelId!)
        .find((m) => m.text.includes('personal data'))?.blocks,
    );
    expect(block).toContain(dana);
    expect(block).toContain('whether to notify an authority is their decision, not ours');
    await h.advance('1h');
    expect(asks(h)).toHaveLength(3);
    await h.steps(notice);
    await h.advance('2h');
    expect(asks(h)).toHaveLength(3);
    const incident = h.latestIncident();
    expect(incident.personalDataNoticeAt?.toISOString()).toBe('2026-05-26T13:31:00.000Z');
    const client = h.sandbox.messages(h.channelId('acme-support'));
    const sent = JSON.stringify(
      client.find((m) => JSON.stringify(m.blocks).includes('Personal data'))?.blocks,
    );
    expect(sent).toContain('As data controller, you decide whether and whom to notify');
    expect(sent).toContain(
      'your 72-hour clock starts with this notice (Tue 26 May 2026, 15:31 CEST) and ends Fri 29 May 2026, 15:31 CEST',
    );
  });

  it('starts asking when the RCA marks personal data later, and goes on after resolution', async () => {
    await h.steps([
      ...declareP1,
      { command: '/incident resolve', in: '$incident' },
      { submit: { resolved_at: '+0m', summary: 'CRM connector rolled back to version 4.12' } },
    ]);
    expect(asks(h)).toHaveLength(0);
    await h.steps([
      { at: '+10m', command: '/incident rca', in: '$incident' },
      { submit: { personal_data: true } },
    ]);
    expect(h.latestIncident().hasPersonalData).toBe(true);
    expect(asks(h)).toHaveLength(1);
    await h.advance('30m');
    expect(asks(h)).toHaveLength(2);
    await h.steps([
      { click: 'Send personal-data notice' },
      {
        submit: {
          what: 'Names of 12 customers were shown in other customers chats',
          doing: 'Those transcripts are purged; the evidence follows today',
        },
      },
    ]);
    await h.advance('2h');
    expect(asks(h)).toHaveLength(2);
    expect(h.latestIncident().personalDataNoticeAt).not.toBeNull();
  });
});
