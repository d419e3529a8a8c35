import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaySecrets } from '../../src/replay/session.js';
import { formBody, postSigned } from '../../src/sandbox/index.js';
import { routes } from '../../src/slack/handlers/index.js';
import { auditLog, incidents, setupSteps } from '../../src/store/schema.js';
import {
  acmeChatForm,
  declareP1,
  declareSteps,
  type Harness,
  isVisible,
  startHarness,
} from '../helpers/harness.js';

describe('declaring an incident', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  const db = () => h.session.app.store.db;
  const dana = () => h.userId('dana');
  const announcements = () => h.sandbox.messages(h.channelId('incidents')).filter(isVisible);

  it('opens the form, with severity and title filled in from /incident p2 TITLE', async () => {
    await h.step({ command: '/incident', in: 'incidents' });
    const empty = h.sandbox.openViews(dana()).at(-1)!;
    expect(empty.callbackId).toBe('vigil.declare');
    expect(empty.blocks.map((b) => b.block_id)).toEqual([
      'title',
      'severity',
      'type',
      'client',
      'deployment',
      'detected_by',
      'summary',
      'personal_data',
    ]);
    expect(JSON.stringify(empty.blocks)).not.toContain('initial_value');

    await h.step({ command: '/incident p2 Voice answers slowly', in: 'incidents' });
    const filled = h.sandbox.openViews(dana()).at(-1)!;
    expect(filled.blocks[0]).toMatchObject({ element: { initial_value: 'Voice answers slowly' } });
    expect(filled.blocks[1]).toMatchObject({ element: { initial_option: { value: 'P2' } } });
    expect(h.sandbox.calls.filter((c) => c.method === 'views.open' && c.ok)).toHaveLength(2);
  });

  it('opens a channel, pins the control message and announces a P1 with a page', async () => {
    await h.steps(declareP1);
    const incident = h.latestIncident();
    expect(incident.ref).toBe('INC-2026-0001');
    expect(incident.status).toBe('investigating');
    expect(incident.channelName).toBe('inc-2026-0001-crm-lookups-time-out');
    expect(incident.commanderId).toBe(dana());
    const channel = h.sandbox.channel(incident.channelId!)!;
    expect(channel.name).toBe(incident.channelName);
    expect(channel.topic.value).toMatch(
      /^P1 · Investigating · IC dana · next client update Tue 26 May 2026, 14:45 CEST$/,
    );
    expect(channel.memberIds).toEqual(
      expect.arrayContaining([dana(), h.userId('sam'), h.sandbox.bot.userId]),
    );
    expect(channel.memberIds).not.toContain(h.userId('kai'));

    const messages = h.sandbox.messages(incident.channelId!);
    const pinned = messages.filter((m) => m.pinned);
    expect(pinned).toHaveLength(1);
    expect(pinned[0]!.ts).toBe(incident.controlTs);
    expect(JSON.stringify(pinned[0]!.blocks)).toContain('Change severity');
    const group = h.session.usergroups.find((g) => g.handle === 'ai-oncall')!;
    expect(messages.some((m) => m.text.includes(`<!subteam^${group.id}>`))).toBe(true);

    expect(announcements()).toHaveLength(1);
    expect(announcements()[0]!.ts).toBe(incident.announceTs);
    expect(JSON.stringify(announcements()[0]!.blocks)).toContain(`<!subteam^${group.id}>`);
    expect(h.texts('incidents').join('\n')).toContain(
      `INC-2026-0001 is declared; work on it in <#${incident.channelId}>.`,
    );
  });

  it('stores the policy of the chosen client with the incident', async () => {
    await h.steps(
      declareSteps('P2', 'Voice latency over 3 s', {
        client: 'northwind',
        deployment: 'northwind-voice',
        type: 'latency',
      }),
    );
    const incident = h.latestIncident();
    expect(incident.policy).toMatchObject({ client: 'northwind', timeZone: 'America/New_York' });
    expect(incident.firstContactDueAt?.toISOString()).toBe('2026-05-26T13:00:00.000Z');
  });

  it('gives a P2 a channel with its on-call people and no page', async () => {
    await h.steps(declareSteps('P2', 'Voice answers slowly'));
    const incident = h.latestIncident();
    expect(incident.channelName).toBe('inc-2026-0001-voice-answers-slowly');
    const channel = h.sandbox.channel(incident.channelId!)!;
    expect(channel.memberIds).toContain(dana());
    expect(channel.memberIds).not.toContain(h.userId('sam'));
    expect(channel.topic.value).toContain('P2 · Investigating · IC dana');
    expect(h.texts(incident.channelName!).join('\n')).not.toContain('paged');
    expect(JSON.stringify(announcements()[0]!.blocks)).not.toContain('subteam');
  });

  it('records a P3 without a channel: one announcement whose thread is the working space', async () => {
    const channelsBefore = h.sandbox.channels().length;
    await h.steps(declareSteps('P3', 'Odd phrasing in greetings'));
    const incident = h.latestIncident();
    expect(incident.channelId).toBeNull();
    expect(incident.status).toBe('investigating');
    expect(h.sandbox.channels()).toHaveLength(channelsBefore);
    expect(announcements()).toHaveLength(1);
    const text = JSON.stringify(announcements()[0]!.blocks);
    expect(text).toContain('Work happens in this thread.');
    expect(text).toContain('Change severity');
    expect(h.texts('incidents').join('\n')).toContain('in the thread of its announcement');
    const steps = db()
      .select({ step: setupSteps.step, status: setupSteps.status })
      .from(setupSteps)
      .all();
    expect(steps).toEqual([{ step: 'announce', status: 'done' }]);
  });

  it('never reuses a channel that already has the name; it stores what Slack returned', async () => {
    const squatter = h.sandbox.addChannel({
      name: 'inc-2026-0001-crm-lookups-time-out',
      memberIds: [h.userId('kai')],
    });
    await h.steps(declareP1);
    const incident = h.latestIncident();
    expect(incident.channelName).toBe('inc-2026-0001-crm-lookups-time-out-2');
    expect(incident.channelId).not.toBe(squatter.id);
    expect(h.sandbox.channel(incident.channelId!)!.name).toBe(incident.channelName);
    expect(h.sandbox.messages(squatter.id)).toHaveLength(0);
  });

  it('finds the incident of a command typed in its channel by the channel id', async () => {
    await h.steps(declareP1);
    const incident = h.latestIncident();
    await h.step({ command: '/incident severity p2', in: '$incident' });
    const view = h.sandbox.openViews(dana()).at(-1)!;
    expect(view.callbackId).toBe('vigil.severity');
    expect(JSON.parse(view.privateMetadata)).toEqual({ incidentId: incident.id });
  });

  it('keeps the form open with field errors for another client’s deployment or an emoji title', async () => {
    await h.step({ command: '/incident p1 CRM down', in: 'incidents' });
    await h.step({ submit: { ...acmeChatForm, deployment: 'northwind-voice' } });
    expect(h.session.lastCommand?.refusals).toEqual([
      'deployment: Acme Energy has no deployment "northwind-voice" (it has: acme-chat, acme-voice).',
    ]);
    await h.step({ submit: { ...acmeChatForm, title: '🔥🔥🔥' } });
    expect(h.session.lastCommand?.refusals.at(-1)).toMatch(
      /^title: The title needs at least one word/,
    );
    expect(h.sandbox.openViews(dana())).toHaveLength(1);
    expect(h.session.incident()).toBeUndefined();

    await h.step({ submit: { ...acmeChatForm, title: 'CRM down' } });
    expect(h.sandbox.openViews(dana())).toHaveLength(0);
    expect(h.latestIncident().ref).toBe('INC-2026-0001');
  });

  it('answers values the form could not have offered with field errors, not a failure', async () => {
    await h.step({ command: '/incident p1 CRM down', in: 'incidents' });
    const view = h.sandbox.openViews(dana()).at(-1)!;
    const select = (value: string) => ({
      value: { type: 'static_select', selected_option: { value } },
    });
    const values = {
      title: { value: { type: 'plain_text_input', value: 'CRM down' } },
      severity: select('P4'),
      type: select('meteor'),
      client: select('globex'),
      deployment: select('acme-chat'),
      detected_by: { value: { type: 'radio_buttons', selected_option: { value: 'monitoring' } } },
    };
    const answer = await postSigned({
      url: h.session.app.eventsUrl!,
      signingSecret: replaySecrets.signingSecret,
      contentType: 'application/x-www-form-urlencoded',
      body: formBody({
        payload: JSON.stringify({
          type: 'view_submission',
          team: { id: h.sandbox.bot.teamId, domain: 'example-co' },
          user: { id: dana(), username: 'dana', name: 'dana', team_id: h.sandbox.bot.teamId },
          api_app_id: h.sandbox.bot.appId,
          view: { ...view.raw, state: { values } },
        }),
      }),
    });
    expect(answer).toEqual({
      status: 200,
      body: {
        response_action: 'errors',
        errors: {
          severity: 'Choose one of P1, P2, P3.',
          type: expect.stringMatching(/^Choose one of latency, response_error/),
        },
      },
    });
    expect(h.session.incident()).toBeUndefined();
  });

  it('audits the declaration and what setup changed, with actor and time', async () => {
    await h.steps(declareP1);
    const incident = h.latestIncident();
    const rows = db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.incidentId, incident.id))
      .orderBy(asc(auditLog.id))
      .all();
    expect(rows.map((r) => [r.action, r.actorId])).toEqual([
      ['incident.declared', dana()],
      ['incident.channel_created', h.sandbox.bot.userId],
      ['incident.status_changed', h.sandbox.bot.userId],
    ]);
    for (const row of rows) expect(row.at.toISOString()).toBe('2026-05-26T12:30:00.000Z');
  });
});

describe('bad input to /incident', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  async function answerTo(text: string, channel = 'incidents'): Promise<string> {
    await h.step({ command: `/incident ${text}`, in: channel });
    const ack = h.session.lastCommand?.ackBody as { text?: string } | null;
    return ack?.text ?? '';
  }

  it('explains an unknown severity, a bad title and a mistyped command', async () => {
    expect(await answerTo('p7 checkout slow')).toBe(
      'Unknown severity "p7". Use p1 (immediate production impact), p2 (degraded but holding) ' +
        'or p3 (no measurable user impact).',
    );
    expect(await answerTo(`p1 ${'x'.repeat(5000)}`)).toMatch(
      /^Keep the title under 150 characters \(it has 5000\)/,
    );
    expect(await answerTo('p1 :fire: :rotating_light:')).toMatch(/needs at least one word/);
    expect(await answerTo('p2 🔥🔥')).toMatch(/needs at least one word/);
    expect(await answerTo('lsit')).toMatch(/`\/incident lsit` is not a command/);
    expect(h.sandbox.calls.filter((c) => c.method === 'views.open')).toHaveLength(0);
  });

  it('accepts a title in another script; the channel name falls back to the type', async () => {
    await h.steps(declareSteps('P1', '系统故障'));
    const incident = h.latestIncident();
    expect(incident.title).toBe('系统故障');
    expect(incident.channelName).toBe('inc-2026-0001-integration');
  });

  it('says where commands that need an incident work when typed elsewhere', async () => {
    for (const command of ['severity p2', 'commander <@U0000000001>', 'comms @sam']) {
      const answer = await answerTo(command, 'general');
      expect(answer, command).toMatch(
        /works in an incident channel, or name the incident|Name the new/,
      );
    }
    expect(await answerTo('severity p2', 'general')).toBe(
      '`/incident severity` works in an incident channel, or name the incident: ' +
        '`/incident severity INC-2026-0001`.',
    );
  });

  it('answers help from the routing table and lists open incidents', async () => {
    const help = await answerTo('help', 'general');
    for (const route of routes.commands)
      expect(help).toContain(`\`${route.usage}\` — ${route.help}`);
    expect(help.indexOf('*Anywhere*')).toBeLessThan(help.indexOf('`/incident list`'));
    expect(help.indexOf('*In an incident channel*')).toBeLessThan(
      help.indexOf('`/incident severity'),
    );
    expect(await answerTo('list', 'general')).toBe('No open incidents.');
    // Slack escapes &, < and > in command text, and so does the sandbox driver.
    await h.steps(declareSteps('P2', 'Voice <b> & slow'));
    await h.steps(declareSteps('P3', 'Greeting typo'));
    const list = await answerTo('list', 'general');
    expect(list).toContain('*Open incidents (2)*');
    expect(list).toContain('*INC-2026-0001* P2 · Investigating · Voice &lt;b&gt; &amp; slow');
    expect(list).toContain(
      '*INC-2026-0002* P3 · Investigating · Greeting typo · announcement thread',
    );
  });
});

describe('user text in what Vigil posts', () => {
  it('never pings anyone for mentions written into a title', async () => {
    const h = await startHarness();
    try {
      const title = '<!channel> CRM down for <@U123> <!here>';
      await h.steps([
        { command: '/incident p1', in: 'incidents' },
        { submit: { ...acmeChatForm, title } },
        { command: '/incident list', in: 'general' },
      ]);
      const incident = h.latestIncident();
      expect(incident.title).toBe(title);
      expect(incident.channelName).toBe('inc-2026-0001-crm-down-for');
      const fromVigil = h.sandbox
        .channels()
        .flatMap((c) => h.sandbox.messages(c.id))
        .filter((m) => m.user === h.sandbox.bot.userId);
      expect(fromVigil.length).toBeGreaterThan(4);
      for (const m of fromVigil) {
        const raw = `${m.text}\n${JSON.stringify(m.blocks ?? [])}`;
        expect(raw).not.toContain('<!channel>');
        expect(raw).not.toContain('<!here>');
        expect(raw).not.toContain('<@U123>');
      }
      const channel = h.sandbox.channel(incident.channelId!)!;
      expect(channel.topic.value).not.toContain('<');
    } finally {
      await h.stop();
    }
  });
});

describe('incident records', () => {
  it('survive a restart and keep their references', async () => {
    const h = await startHarness();
    try {
      await h.steps(declareSteps('P2', 'First'));
      await h.step({ restart: true });
      await h.steps(declareSteps('P2', 'Second'));
      const rows = h.session.app.store.db.select({ ref: incidents.ref }).from(incidents).all();
      expect(rows.map((r) => r.ref)).toEqual(['INC-2026-0001', 'INC-2026-0002']);
    } finally {
      await h.stop();
    }
  });
});
