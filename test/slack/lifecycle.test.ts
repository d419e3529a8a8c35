import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lifecycleJobs } from '../../src/incidents/lifecycle.js';
import { pendingJobs } from '../../src/scheduler/jobs.js';
import { actions, mitigations, timelineEntries } from '../../src/store/schema.js';
import { declareP1, type Harness, startHarness } from '../helpers/harness.js';

const firstUpdate = [
  { command: '/incident update', in: '$incident' },
  {
    submit: {
      what: 'CRM lookups time out for 30% of chats',
      doing: 'Routing CRM-dependent requests to human operators',
      next_update: '+30m',
    },
  },
];
const mitigate = (kind: string, description: string) => [
  { command: '/incident mitigate', in: '$incident' },
  { submit: { kind, description } },
];
const resolveNow = [
  { command: '/incident resolve', in: '$incident' },
  { submit: { resolved_at: '+0m', summary: 'CRM connector rolled back to version 4.12' } },
];

function vigilTexts(h: Harness): string[] {
  const channelId = h.latestIncident().channelId!;
  return h.sandbox
    .messages(channelId)
    .filter((m) => m.botId && !m.ephemeralFor)
    .map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`);
}

function jobKinds(h: Harness): string[] {
  const incident = h.latestIncident();
  return pendingJobs(h.session.app.store.db, incident.id).map((j) => j.kind);
}

describe('mitigation', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.steps([...declareP1, ...firstUpdate]);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('offers the three kinds in the playbook order', async () => {
    await h.step({ command: '/incident mitigate', in: '$incident' });
    const view = h.sandbox.openViews(h.userId('dana')).at(-1)!;
    const kind = view.blocks.find((b) => b.block_id === 'kind') as {
      element: { options: Array<{ value: string }> };
    };
    expect(kind.element.options.map((o) => o.value)).toEqual([
      'limit_scope',
      'rollback',
      'config_change',
    ]);
  });

  it('stamps time-to-mitigate and the mitigated status on the first mitigation only', async () => {
    await h.steps([
      { at: '+5m', command: '/incident mitigate', in: '$incident' },
      {
        submit: {
          kind: 'limit_scope',
          description: 'CRM-dependent intents routed to human operators',
        },
      },
    ]);
    const first = h.latestIncident();
    expect(first.status).toBe('mitigated');
    expect(first.mitigatedAt?.toISOString()).toBe('2026-05-26T12:35:00.000Z');
    await h.steps([
      { advance: '10m' },
      ...mitigate('rollback', 'Agent configuration rolled back to v41'),
    ]);
    const second = h.latestIncident();
    expect(second.mitigatedAt?.toISOString()).toBe('2026-05-26T12:35:00.000Z');
    const rows = h.session.app.store.db.select().from(mitigations).all();
    expect(rows.map((r) => r.kind)).toEqual(['limit_scope', 'rollback']);
    const entries = h.session.app.store.db
      .select()
      .from(timelineEntries)
      .where(eq(timelineEntries.kind, 'mitigation'))
      .all();
    expect(entries.map((e) => e.text)).toEqual([
      'Mitigation (limit scope): CRM-dependent intents routed to human operators',
      'Mitigation (rollback): Agent configuration rolled back to v41',
    ]);
  });

  it('refuses a mitigation without a description of what was done', async () => {
    await h.steps(mitigate('config_change', 'fixed'));
    expect(h.session.lastCommand?.refusals.join('\n')).toMatch(/description: Say what was done/);
    expect(h.latestIncident().mitigatedAt).toBeNull();
  });
});

describe('resolving and reopening', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.steps([...declareP1, ...firstUpdate]);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('stops reminders, offers the final update and plans the post-mortem and the review', async () => {
    expect(jobKinds(h)).toContain('update.remind');
    await h.steps([{ at: '+10m', ...resolveNow[0] }, resolveNow[1]!]);
    const incident = h.latestIncident();
    expect(incident.status).toBe('resolved');
    expect(incident.resolutionSummary).toBe('CRM connector rolled back to version 4.12');
    expect(incident.nextUpdateDueAt).toBeNull();
    const pending = pendingJobs(h.session.app.store.db, incident.id);
    expect(pending.filter((j) => j.kind.startsWith('update.'))).toEqual([]);
    const due = (kind: string) => pending.find((j) => j.kind === kind)?.dueAt.toISOString();
    // P1 for Acme: post-mortem within 5 business days (end of Tuesday 2 June in Rome), reminder a
    // day before, review 14 calendar days after resolution.
    expect(due(lifecycleJobs.postmortemDue)).toBe('2026-06-02T16:00:00.000Z');
    expect(due(lifecycleJobs.postmortemRemind)).toBe('2026-06-01T16:00:00.000Z');
    expect(due(lifecycleJobs.followUp)).toBe('2026-06-09T12:40:00.000Z');
    const offer = vigilTexts(h).find((t) => t.includes('is resolved'));
    expect(offer).toMatch(/send the client a final update/);
    expect(offer).toContain('Send update');
    await h.advance('2h');
    const notices = vigilTexts(h).filter((t) => /client update for|has not gone out/.test(t));
    expect(notices).toEqual([]);
  });

  it('sends the final update from the offer without asking for a next update', async () => {
    await h.steps([...resolveNow, { click: 'Send update' }]);
    await h.step({
      submit: {
        what: 'CRM lookups work again for every chat since 14:30',
        doing: 'Watching the CRM connector; the post-mortem follows within five days',
      },
    });
    const client = h.texts('acme-support');
    expect(client.at(-1)).toContain('CRM lookups work again');
  });

  it('reopens with client updates due again and the post-mortem plan withdrawn', async () => {
    await h.steps([
      ...resolveNow,
      { at: '+1h', command: '/incident reopen lookups fail again', in: '$incident' },
    ]);
    const incident = h.latestIncident();
    expect(incident.status).toBe('investigating');
    expect(incident.resolvedAt).toBeNull();
    expect(incident.nextUpdateDueAt?.toISOString()).toBe('2026-05-26T14:00:00.000Z');
    const kinds = jobKinds(h);
    expect(kinds).toContain('update.remind');
    expect(kinds.some((k) => k.startsWith('postmortem.') || k.startsWith('followup.'))).toBe(false);
    expect(
      vigilTexts(h).some((t) => t.includes('reopened INC-2026-0001: lookups fail again')),
    ).toBe(true);
    await h.advance('25m');
    expect(vigilTexts(h).some((t) => t.includes('client update for *INC-2026-0001* is due'))).toBe(
      true,
    );
  });

  it('refuses a resolution time before the incident was declared', async () => {
    await h.steps([
      { command: '/incident resolve', in: '$incident' },
      { submit: { resolved_at: '14:00', summary: 'CRM connector rolled back to version 4.12' } },
    ]);
    expect(h.session.lastCommand?.refusals.join(' ')).toMatch(/before INC-2026-0001 was declared/);
    expect(h.latestIncident().resolvedAt).toBeNull();
  });

  it('refuses to reopen an incident that is not resolved', async () => {
    await h.step({ command: '/incident reopen', in: '$incident' });
    expect(JSON.stringify(h.session.lastCommand?.ackBody)).toMatch(
      /is investigating, neither mitigated nor resolved; there is nothing to reopen/,
    );
  });
});

describe('root-cause analysis', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.steps([
      ...declareP1,
      ...firstUpdate,
      ...mitigate('rollback', 'Agent configuration rolled back to v41'),
      ...resolveNow,
    ]);
  });
  afterEach(async () => {
    await h.stop();
  });

  const modalBlocks = (h: Harness) => h.sandbox.openViews(h.userId('dana')).at(-1)!.blocks;

  it('shows the record instants and asks only for the signal and degradation times', async () => {
    await h.step({ command: '/incident rca', in: '$incident' });
    const blocks = modalBlocks(h);
    const ids = blocks.filter((b) => b.type === 'input').map((b) => b.block_id);
    expect(ids).toEqual([
      'first_signal_at',
      'degraded_at',
      'why1',
      'why2',
      'why3',
      'why4',
      'why5',
      'root_cause',
      'sessions_affected',
      'users_affected_pct',
      'downstream_impact',
      'personal_data',
    ]);
    const record = JSON.stringify(blocks[0]);
    expect(record).toContain('declared Tue 26 May 2026, 14:30 CEST');
    expect(record).toContain('first client contact Tue 26 May 2026, 14:30 CEST');
    expect(record).toContain('mitigated Tue 26 May 2026, 14:30 CEST');
    expect(record).toContain('resolved Tue 26 May 2026, 14:30 CEST');
  });

  it('saves half-done and reopens with what was saved', async () => {
    await h.steps([
      { command: '/incident rca', in: '$incident' },
      {
        submit: {
          degraded_at: '14:25',
          why1: 'The CRM API answered 504',
          why3: 'No alert on the connector',
          sessions_affected: '1240',
        },
      },
      { command: '/incident rca', in: '$incident' },
    ]);
    const element = (id: string) =>
      (modalBlocks(h).find((b) => b.block_id === id) as { element: Record<string, unknown> })
        .element;
    expect(element('degraded_at').initial_date_time).toBe(
      Date.parse('2026-05-26T12:25:00Z') / 1000,
    );
    expect(element('why1').initial_value).toBe('The CRM API answered 504');
    expect(element('why2').initial_value).toBeUndefined();
    expect(element('why3').initial_value).toBe('No alert on the connector');
    expect(element('sessions_affected').initial_value).toBe('1240');
    await h.step({
      submit: { root_cause: 'Connector 4.13 shipped a 2 s timeout', users_affected_pct: '18' },
    });
    await h.step({ command: '/incident rca', in: '$incident' });
    expect(element('why1').initial_value).toBe('The CRM API answered 504');
    expect(element('root_cause').initial_value).toBe('Connector 4.13 shipped a 2 s timeout');
    expect(element('users_affected_pct').initial_value).toBe('18');
  });

  it('refuses a degradation before the first signal and impossible impact figures', async () => {
    await h.steps([
      { command: '/incident rca', in: '$incident' },
      {
        submit: {
          first_signal_at: '14:20',
          degraded_at: '14:10',
          sessions_affected: 'many',
          users_affected_pct: '140',
        },
      },
    ]);
    const refusals = h.session.lastCommand?.refusals.join('\n');
    expect(refusals).toMatch(
      /degraded_at: Degradation cannot begin before the first anomalous signal/,
    );
    expect(refusals).toMatch(/sessions_affected: A whole number/);
    expect(refusals).toMatch(/users_affected_pct: A share from 0 to 100/);
  });
});

describe('corrective actions', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.steps([...declareP1, ...firstUpdate, ...resolveNow]);
  });
  afterEach(async () => {
    await h.stop();
  });

  const rows = (h: Harness) => h.session.app.store.db.select().from(actions).all();

  it('refuses "improve monitoring" with an unmeasurable metric, saying why', async () => {
    await h.steps([
      { command: '/incident action', in: '$incident' },
      { submit: { description: 'improve monitoring', owner: 'sam', due: '+3d', metric: 'better' } },
    ]);
    const refusals = h.session.lastCommand?.refusals.join('\n');
    expect(refusals).toMatch(/description: "improve monitoring" is too vague/);
    expect(refusals).toMatch(/metric: Make it measurable/);
    expect(rows(h)).toEqual([]);
  });

  it('refuses a deadline in the past', async () => {
    await h.steps([
      { command: '/incident action', in: '$incident' },
      {
        submit: {
          description: 'Alert when CRM p95 latency exceeds 2 s for 3 minutes',
          owner: 'sam',
          due: '2026-05-26T10:00:00+02:00',
          metric: 'alert fires within 2 minutes in the replay test',
        },
      },
    ]);
    expect(h.session.lastCommand?.refusals.join('\n')).toMatch(/due: The deadline is in the past/);
    expect(rows(h)).toEqual([]);
  });

  it('reminds the owner before and after the deadline, and the reminder marks it done', async () => {
    await h.steps([
      { command: '/incident action', in: '$incident' },
      {
        submit: {
          description: 'Alert when CRM p95 latency exceeds 2 s for 3 minutes',
          owner: 'sam',
          due: '+5d',
          metric: 'alert fires within 2 minutes in the replay test',
        },
      },
    ]);
    expect(rows(h)).toHaveLength(1);
    const sam = h.userId('sam');
    await h.advance('3d');
    const nearing = vigilTexts(h).filter((t) => t.includes('action is due'));
    expect(nearing).toHaveLength(1);
    expect(nearing[0]).toContain(`<@${sam}>`);
    await h.advance('2d');
    expect(vigilTexts(h).filter((t) => t.includes('past its deadline'))).toHaveLength(1);
    await h.step({ click: 'Mark done', as: 'sam' });
    expect(rows(h)[0]!.status).toBe('done');
    const done = h.session.app.store.db
      .select()
      .from(timelineEntries)
      .where(and(eq(timelineEntries.kind, 'action_done')))
      .all();
    expect(done).toHaveLength(1);
  });
});
