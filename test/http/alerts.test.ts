import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startVigil } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/logger.js';
import { replaySecrets } from '../../src/replay/session.js';
import { loadSettings } from '../../src/settings-load.js';
import { timelineEntries } from '../../src/store/schema.js';
import { payload } from '../detection/fixtures.js';
import { declareP1, type Harness, startHarness, testConfigPath } from '../helpers/harness.js';

interface Answer {
  status: number;
  body: { opened?: string[]; enriched?: string[]; ignored?: unknown[]; error?: string };
}

async function post(
  h: Harness,
  body: unknown,
  options: { path?: string; token?: string | null } = {},
): Promise<Answer> {
  const token = options.token === undefined ? replaySecrets.alertToken : options.token;
  const response = await fetch(`${h.session.app.alertsUrl}${options.path ?? ''}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const answer = { status: response.status, body: (await response.json()) as Answer['body'] };
  await h.session.quiesce();
  return answer;
}

/** The real probe-failure payload as a team sends it: labelled with its deployment, firing now. */
function probeFailure(labels: Record<string, string> = { deployment: 'acme-chat' }) {
  const body = payload('alertmanager/firing-single-route-groupKey.json') as {
    alerts: Array<{ labels: Record<string, string>; startsAt: string }>;
  };
  Object.assign(body.alerts[0]!.labels, labels);
  body.alerts[0]!.startsAt = '2026-05-26T12:25:00.000Z';
  return body;
}

const alertEntries = (h: Harness, kind = 'alert') =>
  h.session.app.store.db
    .select()
    .from(timelineEntries)
    .where(
      and(eq(timelineEntries.incidentId, h.latestIncident().id), eq(timelineEntries.kind, kind)),
    )
    .all();

describe('POST /alerts', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('opens a P2 from a critical alert, led by the first P2 on-call, with the alert on record', async () => {
    const answer = await post(h, probeFailure());

    expect(answer).toEqual({
      status: 202,
      body: { opened: ['INC-2026-0001'], enriched: [], ignored: [] },
    });
    const incident = h.latestIncident();
    expect(incident).toMatchObject({
      severity: 'P2',
      type: 'outage',
      detectedBy: 'monitoring',
      clientKey: 'acme',
      deploymentKey: 'acme-chat',
      title: 'ProbeFailure on acme-chat',
      commanderId: h.userId('dana'),
    });
    expect(incident.channelId).not.toBeNull();
    const [entry] = alertEntries(h);
    expect(entry!.occurredAt).toEqual(new Date('2026-05-26T12:25:00Z'));
    expect(entry!.text).toBe('ProbeFailure: BlackBox Probe Failure: https://server.example.org');
    const line = h.texts('$incident').find((text) => text.includes('Alert fired'));
    expect(line).toContain('*ProbeFailure*');
    expect(line).toContain('(since Tue 26 May 2026, 14:25 CEST)');
  });

  it('shows the alert time from the record in the RCA modal', async () => {
    await post(h, probeFailure());
    await h.step({ command: '/incident rca', in: '$incident', as: 'dana' });

    const record = JSON.stringify(h.sandbox.openViews(h.userId('dana')).at(-1)!.blocks[0]);

    expect(record).toContain('alert Tue 26 May 2026, 14:25 CEST');
  });

  it('opens nothing twice and records nothing twice when the same alert is delivered again', async () => {
    await post(h, probeFailure());
    const again = await post(h, probeFailure());

    expect(again.status).toBe(202);
    expect(again.body).toEqual({
      opened: [],
      enriched: [],
      ignored: [
        { fingerprint: '1a30ba71cca2921f', reason: 'already recorded as firing on INC-2026-0001' },
      ],
    });
    expect(h.latestIncident().ref).toBe('INC-2026-0001');
    expect(alertEntries(h)).toHaveLength(1);
    expect(h.texts('$incident').filter((t) => t.includes('Alert fired'))).toHaveLength(1);
  });

  it('enriches an open incident with a firing alert and then its resolution', async () => {
    await h.steps(declareP1);
    const grafana = payload('grafana/firing-values-v11.json') as {
      alerts: Array<{ labels: Record<string, string>; startsAt: string }>;
    };
    grafana.alerts[0]!.labels.deployment = 'acme-chat';
    grafana.alerts[0]!.startsAt = '2026-05-26T12:28:00Z';

    const fired = await post(h, grafana);

    expect(fired.body).toEqual({ opened: [], enriched: ['INC-2026-0001'], ignored: [] });
    expect(alertEntries(h)[0]!.occurredAt).toEqual(new Date('2026-05-26T12:28:00Z'));

    const resolved = structuredClone(grafana) as typeof grafana & { status: string };
    resolved.status = 'resolved';
    Object.assign(resolved.alerts[0]!, { status: 'resolved', endsAt: '2026-05-26T12:29:30Z' });
    const back = await post(h, resolved, { path: '/grafana' });

    expect(back.body).toEqual({ opened: [], enriched: ['INC-2026-0001'], ignored: [] });
    const [end] = alertEntries(h, 'alert_resolved');
    expect(end!.occurredAt).toEqual(new Date('2026-05-26T12:29:30Z'));
    expect(h.texts('$incident').some((t) => t.includes('Alert resolved: *Memory (copy)*'))).toBe(
      true,
    );
  });

  it('opens no incident for warning alerts and says so', async () => {
    const body = payload('alertmanager/firing-group-2-alerts-no-status-no-fingerprint.json') as {
      commonLabels: Record<string, string>;
    };
    body.commonLabels.deployment = 'acme-chat';

    const answer = await post(h, body);

    expect(answer.status).toBe(202);
    expect(answer.body.opened).toEqual([]);
    expect(answer.body.ignored).toEqual([
      { fingerprint: expect.any(String), reason: 'no incident opened: below critical' },
      { fingerprint: expect.any(String), reason: 'no incident opened: below critical' },
    ]);
    expect(h.session.incident()).toBeUndefined();
  });

  it('opens a latency incident from a metrics sample past critical', async () => {
    const sample = {
      deployment: 'acme-chat',
      metric: 'latency_p95',
      value: '11.4s',
      at: '2026-05-26T12:27:00Z',
    };

    const answer = await post(h, sample, { path: '/metrics' });

    expect(answer.body.opened).toEqual(['INC-2026-0001']);
    expect(h.latestIncident()).toMatchObject({ type: 'latency', severity: 'P2' });
  });

  it('refuses a wrong or missing token and accepts it in the query', async () => {
    const wrong = await post(h, probeFailure(), { token: 'not-the-token-at-all' });
    const missing = await post(h, probeFailure(), { token: null });
    const inQuery = await post(h, probeFailure(), {
      path: `?token=${replaySecrets.alertToken}`,
      token: null,
    });

    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe(
      'wrong or missing token; send Authorization: Bearer <VIGIL_ALERT_TOKEN> or ?token=',
    );
    expect(missing.status).toBe(401);
    expect(inQuery.status).toBe(202);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const answer = await post(h, '{"alerts": [');

    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^the body is not JSON \(.+\); send the webhook's JSON body/);
  });

  it('answers 422 for an unknown format and for senders Vigil does not read', async () => {
    const unknown = await post(h, probeFailure(), { path: '/zabbix' });
    const pagerDuty = await post(h, payload('pagerduty/incident-triggered-v3.json'));

    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatch(/^unknown format "zabbix"; use alertmanager/);
    expect(pagerDuty.status).toBe(422);
    expect(pagerDuty.body.error).toMatch(/^PagerDuty webhooks are not read by Vigil/);
  });

  it('answers 413 for a body over 1 MB', async () => {
    const answer = await post(h, { title: 'x'.repeat(1024 * 1024), deployment: 'acme-chat' });

    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatch(/^the body is over 1048576 bytes/);
  });
});

describe('POST /alerts without VIGIL_ALERT_TOKEN', () => {
  it('answers 503 saying how to turn alert webhooks on', async () => {
    const h = await startHarness();
    const folder = mkdtempSync(join(tmpdir(), 'vigil-alerts-'));
    const loaded = loadConfig(testConfigPath);
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const app = await startVigil({
      botToken: replaySecrets.botToken,
      signingSecret: replaySecrets.signingSecret,
      slackApiUrl: h.sandbox.apiUrl,
      databasePath: join(folder, 'vigil.db'),
      clock: h.clock,
      logger: silentLogger,
      logLevel: 'info',
      resolveSettings: (client) => loadSettings(loaded.config, client),
      port: 0,
      host: '127.0.0.1',
      wakeScheduler: false,
    });
    try {
      const response = await fetch(app.alertsUrl!, {
        method: 'POST',
        headers: { authorization: `Bearer ${replaySecrets.alertToken}` },
        body: JSON.stringify(probeFailure()),
      });

      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        error: 'alert webhooks are off; set VIGIL_ALERT_TOKEN',
      });
    } finally {
      await app.stop();
      await h.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
