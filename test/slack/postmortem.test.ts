import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postmortemDueAt } from '../../src/incidents/lifecycle.js';
import { compilePostmortem } from '../../src/postmortem/compile.js';
import { loadRecord } from '../../src/postmortem/record.js';
import { messages, postmortems } from '../../src/store/schema.js';
import { formatInZone } from '../../src/time/zoned-time.js';
import { declareP1, type Harness, startHarness } from '../helpers/harness.js';

const worked = [
  { command: '/incident update', in: '$incident' },
  {
    submit: {
      what: 'CRM lookups time out for 30% of chats',
      doing: 'Routing CRM-dependent requests to human operators',
      next_update: '+30m',
    },
  },
  {
    at: '+2m',
    say: 'Sam here: the CRM pool is exhausted, bouncing it',
    in: '$incident',
    as: 'sam',
  },
  { at: '+3m', command: '/incident mitigate', in: '$incident' },
  {
    submit: { kind: 'limit_scope', description: 'CRM-dependent intents routed to human operators' },
  },
  { at: '+20m', command: '/incident resolve', in: '$incident' },
  { submit: { resolved_at: '+0m', summary: 'CRM connector rolled back to version 4.12' } },
];
const rca = [
  { command: '/incident rca', in: '$incident' },
  {
    submit: {
      first_signal_at: '14:20',
      degraded_at: '14:25',
      why1: 'Contract lookups timed out',
      why2: 'The CRM connector waited 2 s, the CRM needed 3 s',
      why3: 'Connector 4.13 lowered the timeout',
      why4: 'The release notes did not mention it',
      why5: 'No regression case covers slow CRM answers',
      root_cause: 'Connector 4.13 cut the CRM timeout to 2 s',
      sessions_affected: '1240',
      users_affected_pct: '18',
      downstream_impact: '37 needless escalations to human operators',
    },
  },
  { command: '/incident action', in: '$incident' },
  {
    submit: {
      description: 'Alert when CRM p95 latency exceeds 2 s for 3 minutes on acme-chat',
      owner: 'sam',
      due: '+7d',
      metric: 'alert fires within 2 minutes in the replay test',
    },
  },
];

const stored = (h: Harness) =>
  h.session.app.store.db
    .select()
    .from(postmortems)
    .where(eq(postmortems.incidentId, h.latestIncident().id))
    .get();
const clientMessages = (h: Harness) =>
  h.sandbox.messages(h.channelId('acme-support')).filter((m) => !m.ephemeralFor);
const ephemeralsFor = (h: Harness, who: string) =>
  h.sandbox
    .messages(h.latestIncident().channelId!)
    .filter((m) => m.ephemeralFor === h.userId(who))
    .map((m) => m.text);

describe('compiling the post-mortem', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.steps([...declareP1, ...worked]);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('posts a readable draft with the full document as a Markdown file and a publish button', async () => {
    await h.steps([...rca, { command: '/incident postmortem', in: '$incident' }]);
    const draft = h.sandbox
      .messages(h.latestIncident().channelId!)
      .find((m) => m.text.includes('post-mortem draft 1'))!;
    const blocks = JSON.stringify(draft.blocks);
    expect(blocks).toContain('From Tue 26 May 2026, 14:25 CEST to Tue 26 May 2026, 14:55 CEST');
    expect(blocks).toContain('Publish to client');
    const reply = h.sandbox
      .messages(draft.channelId)
      .find((m) => m.threadTs === draft.ts && m.files);
    const file = reply!.files![0]!;
    expect(file.name).toBe('INC-2026-0001-postmortem-draft-1.md');
    const markdown = file.content!.toString();
    expect(markdown).toBe(stored(h)!.markdown);
    for (const heading of [
      '## Executive summary',
      '## Key instants',
      '## Timeline',
      '## Root cause',
      '### Five whys',
      '## Impact',
      '## Corrective actions',
      '## Follow-up plan',
    ]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain('5. No regression case covers slow CRM answers');
    expect(markdown).toContain('- Sessions affected: 1,240');
    expect(markdown).toMatch(/\| Alert when CRM p95 latency .* \| sam \| Tue 2 Jun 2026 \|/);
  });

  it('shows every key instant exactly as the record holds it', async () => {
    await h.steps([...rca, { command: '/incident postmortem', in: '$incident' }]);
    const incident = h.latestIncident();
    const at = (d: Date) => formatInZone(d, 'Europe/Rome');
    const markdown = stored(h)!.markdown;
    const row = (label: string) =>
      new RegExp(`\\| ${label} \\| ([^|]+) \\|`).exec(markdown)?.[1]?.trim();
    expect(row('First anomalous signal')).toBe(at(new Date('2026-05-26T12:20:00Z')));
    expect(row('Degradation began')).toBe(at(new Date('2026-05-26T12:25:00Z')));
    expect(row('Detected and declared')).toBe(at(incident.declaredAt));
    expect(row('First client contact')).toBe(at(incident.firstContactAt!));
    expect(row('Mitigated')).toBe(at(incident.mitigatedAt!));
    expect(row('Resolved')).toBe(at(incident.resolvedAt!));
  });

  it('shows what an incident without RCA lacks as gaps, inventing nothing', async () => {
    await h.step({ command: '/incident postmortem', in: '$incident' });
    const markdown = stored(h)!.markdown;
    expect(markdown).toContain('Cause: _[to fill: root cause from the RCA]_');
    expect(markdown).toContain('_[to fill: the five whys]_');
    expect(markdown).toContain('| First anomalous signal | _[to fill: not recorded]_ |');
    expect(markdown).toContain('Prevention: _[to fill: corrective actions');
    expect(markdown).not.toMatch(/regression case added|thresholds revised/);
    const posted = h.sandbox.messages(h.latestIncident().channelId!);
    const draft = posted.find((m) => m.text.includes('post-mortem draft 1'));
    expect(JSON.stringify(draft?.blocks)).toContain('Still to fill:* impact');
  });

  it('refuses to publish a draft that still has gaps, and the client gets nothing', async () => {
    await h.steps([
      { command: '/incident postmortem', in: '$incident' },
      { click: 'Publish to client', in: '$incident', as: 'dana' },
    ]);
    const answers = JSON.stringify(h.sandbox.responseUrlPosts.map((p) => p.body));
    expect(answers).toMatch(/still has gaps to fill: .*root cause/);
    expect(stored(h)!.status).toBe('draft');
    const client = h.texts('acme-support').join('\n');
    expect(client).not.toMatch(/post-mortem/i);
  });

  it('compiles the same record into the same document', async () => {
    await h.steps(rca);
    const { ctx } = h.session.app.deps;
    const incident = h.latestIncident();
    const people = { nameOf: (id: string) => `person ${id}` };
    const extra = { isRecordPartial: false, postmortemDueAt: postmortemDueAt(incident) };
    const first = compilePostmortem(loadRecord(ctx, incident.id, extra), people);
    const second = compilePostmortem(loadRecord(ctx, incident.id, extra), people);
    expect(second).toEqual(first);
  });

  it('compiles from the channel history of an incident with 10,000 messages', async () => {
    const incident = h.latestIncident();
    const start = incident.declaredAt.getTime();
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      incidentId: incident.id,
      channelId: incident.channelId!,
      ts: `${Math.floor(start / 1000) + 100 + i}.000${String(i % 1000).padStart(3, '0')}`,
      userId: i % 7 === 0 ? h.userId('lee') : h.userId(i % 2 ? 'sam' : 'kai'),
      isExternal: i % 7 === 0,
      text: `message ${i}`,
      files: i % 2500 === 0 ? [{ name: `trace-${i}.json` }] : null,
      postedAt: new Date(start + 100_000 + i * 1000),
      source: 'event',
    }));
    const db = h.session.app.store.db;
    db.transaction((tx) => {
      for (let i = 0; i < rows.length; i += 500)
        tx.insert(messages)
          .values(rows.slice(i, i + 500))
          .run();
    });
    await h.step({ command: '/incident postmortem', in: '$incident' });
    const markdown = stored(h)!.markdown;
    expect(markdown).toContain('10,001 messages from 3 people (1 external)');
    expect(markdown).toContain('- File: trace-7500.json');
    expect(markdown.length).toBeLessThan(20_000);
  });
});

describe('publishing the post-mortem', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.steps([
      ...declareP1,
      ...worked,
      ...rca,
      { command: '/incident postmortem', in: '$incident' },
    ]);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('refuses someone who is neither commander nor admin', async () => {
    await h.step({ click: 'Publish to client', as: 'sam' });
    expect(ephemeralsFor(h, 'sam').join('\n')).toMatch(
      /Only the incident commander .* or an admin can publish/,
    );
    expect(stored(h)!.status).toBe('draft');
    expect(clientMessages(h).some((m) => m.text.includes('post-mortem'))).toBe(false);
  });

  it('sends the client version and its file once, on time, and refuses a second publication', async () => {
    await h.steps([{ at: '+1d', click: 'Publish to client' }, { click: 'Publish to client' }]);
    const published = stored(h)!;
    expect(published.status).toBe('published');
    expect(published.isOnTime).toBe(true);
    expect(published.publishedAt?.toISOString()).toBe('2026-05-27T12:55:00.000Z');
    const posts = clientMessages(h).filter((m) => m.text.includes('post-mortem'));
    expect(posts).toHaveLength(1);
    const file = clientMessages(h).find((m) => m.threadTs === posts[0]!.ts && m.files)!.files![0]!;
    expect(file.name).toBe('INC-2026-0001-postmortem.md');
    const client = file.content!.toString();
    expect(client).toBe(published.clientMarkdown);
    for (const internal of ['dana', 'sam', 'CRM pool is exhausted', '## Record']) {
      expect(client).not.toContain(internal);
    }
    expect(client).toContain('| Engineering owner |');
    expect(ephemeralsFor(h, 'dana').join('\n')).toMatch(
      /already published; nothing was sent twice/,
    );
    expect(
      h.texts('$incident').some((t) => t.includes('(due Tue 2 Jun 2026, 18:00 CEST: on time)')),
    ).toBe(true);
  });

  it('records a publication after the deadline as late, after reminding the commander', async () => {
    await h.advance('8d');
    const dana = `<@${h.userId('dana')}>`;
    const texts = h.texts('$incident');
    expect(texts.some((t) => t.includes(`${dana} the INC-2026-0001 post-mortem is due`))).toBe(
      true,
    );
    expect(
      texts.some((t) => t.includes(`${dana} the INC-2026-0001 post-mortem is now overdue`)),
    ).toBe(true);
    await h.step({ click: 'Publish to client' });
    expect(stored(h)!.isOnTime).toBe(false);
    expect(h.texts('$incident').some((t) => t.includes('CEST: late)'))).toBe(true);
  });
});

describe('summaries and the follow-up review', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.steps([...declareP1, ...worked, ...rca]);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('gives a manager the executive summary from any channel', async () => {
    await h.step({ command: '/incident summary INC-2026-0001', in: 'general', as: 'kai' });
    const reply = h.sandbox.responseUrlPosts.map((p) => JSON.stringify(p.body)).join('\n');
    expect(reply).toContain('INC-2026-0001');
    expect(reply).toContain('It affected 1,240 sessions, about 18% of users.');
    expect(reply).toContain('What changes: Alert when CRM p95 latency exceeds 2 s');
  });

  it('compiles the post-mortem named from another channel into the incident channel', async () => {
    await h.step({ command: '/incident postmortem INC-2026-0001', in: 'general', as: 'kai' });
    expect(stored(h)?.status).toBe('draft');
    expect(h.texts('$incident').some((t) => t.includes('post-mortem draft 1'))).toBe(true);
    expect(h.texts('general').some((t) => t.includes('post-mortem draft'))).toBe(false);
  });

  it('reviews in the announcement thread once the channel is archived, and closes when done', async () => {
    await h.steps([
      { command: '/incident postmortem', in: '$incident' },
      { click: 'Publish to client' },
    ]);
    const incident = h.latestIncident();
    await h.session.app.deps.client.conversations.archive({ channel: incident.channelId! });
    await h.step({ at: '+14d', advance: '1m' });
    const thread = h.sandbox
      .messages(h.channelId('incidents'))
      .filter((m) => m.threadTs === incident.announceTs && m.ts !== incident.announceTs);
    const review = thread.find((m) => m.text.includes('Follow-up review'));
    expect(JSON.stringify(review?.blocks)).toContain('0 of 1 actions done');
    expect(h.latestIncident().status).toBe('followed_up');
    await h.step({
      click: 'Done: Alert when CRM p95 latency exceeds 2 s for 3 minutes on acme-chat',
      in: 'incidents',
      as: 'sam',
    });
    expect(h.latestIncident().status).toBe('closed');
  });
});
