import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaySecrets } from '../../src/replay/session.js';
import { formBody, postSigned } from '../../src/sandbox/index.js';
import { incidents, jobs } from '../../src/store/schema.js';
import { acmeChatForm, type Harness, isVisible, startHarness } from '../helpers/harness.js';

describe('the same declaration delivered more than once', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  const incidentRows = () => h.session.app.store.db.select().from(incidents).all();
  const incidentChannels = () => h.sandbox.channels().filter((c) => c.name.startsWith('inc-'));
  const announcements = () => h.sandbox.messages(h.channelId('incidents')).filter(isVisible);

  /** Sends an interaction Slack already delivered once, signed again, as a retry would be. */
  async function redeliverLastSubmission() {
    const last = h.sandbox.deliveries.filter((d) => d.kind === 'interaction').at(-1)!;
    return postSigned({
      url: h.session.app.eventsUrl!,
      signingSecret: replaySecrets.signingSecret,
      body: formBody({ payload: JSON.stringify(last.payload) }),
      contentType: 'application/x-www-form-urlencoded',
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
  }

  it('makes one incident and one channel from a double click on Declare', async () => {
    await h.step({ command: '/incident p1 CRM down', in: 'incidents' });
    const dana = h.userId('dana');
    const answers = await Promise.all([
      h.sandbox.driver.submitView({ userId: dana, values: acmeChatForm }),
      h.sandbox.driver.submitView({ userId: dana, values: acmeChatForm }),
    ]);
    await h.session.quiesce();
    const viewIds = h.sandbox.deliveries
      .filter((d) => d.kind === 'interaction')
      .map((d) => (d.payload as { view: { id: string } }).view.id);
    expect(new Set(viewIds).size).toBe(1);
    for (const answer of answers) expect(answer).toMatchObject({ status: 200, body: null });
    expect(incidentRows()).toHaveLength(1);
    expect(incidentChannels()).toHaveLength(1);
    expect(announcements()).toHaveLength(1);
  });

  it('makes nothing new when Slack delivers the submission again, even after a restart', async () => {
    await h.steps([
      { command: '/incident p1 CRM down', in: 'incidents' },
      { submit: acmeChatForm },
    ]);
    const retried = await Promise.all([redeliverLastSubmission(), redeliverLastSubmission()]);
    for (const answer of retried) expect(answer).toMatchObject({ status: 200, body: null });
    await h.step({ restart: true });
    expect(await redeliverLastSubmission()).toMatchObject({ status: 200, body: null });
    await h.session.quiesce();

    expect(incidentRows()).toHaveLength(1);
    expect(incidentChannels()).toHaveLength(1);
    expect(announcements()).toHaveLength(1);
    const setups = h.session.app.store.db
      .select()
      .from(jobs)
      .all()
      .filter((j) => j.kind === 'incident.setup');
    expect(setups).toHaveLength(1);
  });

  it('gives two declarations of the same title at the same moment two channels', async () => {
    const incidentsChannel = h.channelId('incidents');
    const [dana, sam] = [h.userId('dana'), h.userId('sam')];
    await h.step({ command: '/incident p1 CRM down', in: 'incidents', as: 'dana' });
    await h.step({ command: '/incident p1 CRM down', in: 'incidents', as: 'sam' });
    await Promise.all([
      h.sandbox.driver.submitView({ userId: dana, values: acmeChatForm }),
      h.sandbox.driver.submitView({ userId: sam, values: acmeChatForm }),
    ]);
    await h.session.quiesce();

    const rows = incidentRows();
    expect(rows.map((r) => r.ref).sort()).toEqual(['INC-2026-0001', 'INC-2026-0002']);
    expect(rows.map((r) => r.channelName).sort()).toEqual([
      'inc-2026-0001-crm-down',
      'inc-2026-0002-crm-down',
    ]);
    expect(new Set(rows.map((r) => r.channelId)).size).toBe(2);
    expect(incidentChannels()).toHaveLength(2);
    expect(h.sandbox.messages(incidentsChannel).filter(isVisible)).toHaveLength(2);
    for (const row of rows) {
      expect(h.sandbox.messages(row.channelId!).filter((m) => m.pinned)).toHaveLength(1);
    }
  });
});
