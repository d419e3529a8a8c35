import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { replaySecrets } from '../src/replay/session.js';
import { postSigned } from '../src/sandbox/index.js';
import { readBody } from '../src/sandbox/server.js';
import { openStore } from '../src/store/db.js';
import {
  type BenchResult,
  closedLoop,
  declareThroughSlack,
  fmtRate,
  fmtRatio,
  isMain,
  runMain,
  say,
  startChildApp,
  startWorld,
  tempFolder,
  type World,
} from './lib.js';

const concurrency = 32;

/** One real message event as the sandbox would deliver it, caught instead of delivered. */
async function sampleEnvelope(world: World, channelId: string): Promise<Record<string, any>> {
  let caught: string | undefined;
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      caught = body.toString('utf8');
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  world.sandbox.connectApp(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  try {
    await world.sandbox.driver.postMessage({
      userId: world.userId('sam'),
      channelId,
      text: 'sample',
    });
  } finally {
    world.sandbox.connectApp(world.eventsUrl);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  if (!caught) throw new Error('the sandbox delivered no message event');
  return JSON.parse(caught);
}

function messageBodies(template: Record<string, any>, count: number, startSeconds: number) {
  return Array.from({ length: count }, (_, i) => {
    const ts = `${startSeconds + Math.floor(i / 1000)}.${String(i % 1000).padStart(3, '0')}100`;
    const event = {
      ...template.event,
      ts,
      event_ts: ts,
      client_msg_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      text: `CRM lookup ${i} still answers 504 after the retry; trying the fallback region`,
      blocks: undefined,
    };
    return JSON.stringify({ ...template, event, event_id: `Ev0BENCH${i}` });
  });
}

/** A database with Vigil's schema and one incident, written to with one raw statement. */
function rawStore() {
  const temp = tempFolder();
  const store = openStore(join(temp.folder, 'raw.db'));
  store.sqlite
    .prepare(
      `insert into incidents (ref, title, type, severity, status, client_key, deployment_key,
        detected_by, declared_by, commander_id, policy, declared_at, updated_at)
       values ('INC-0001', 't', 'outage', 'P1', 'investigating', 'acme', 'acme-chat',
        'internal', 'U1', 'U1', '{}', 0, 0)`,
    )
    .run();
  const statement = store.sqlite.prepare(
    `insert into messages (incident_id, channel_id, ts, thread_ts, user_id, is_external, text,
      files, posted_at, edited_at, source)
     values (1, ?, ?, null, 'U1', 0, ?, null, ?, null, 'event') on conflict do nothing`,
  );
  const count = store.sqlite.prepare('select count(*) as n from messages');
  return {
    insert: (row: Row) =>
      statement.run(row.channel, row.ts, row.text ?? '', Math.round(Number(row.ts) * 1000)),
    count: () => (count.get() as { n: number }).n,
    path: join(temp.folder, 'raw.db'),
    remove() {
      store.close();
      temp.remove();
    },
  };
}

interface Row {
  channel: string;
  ts: string;
  text?: string;
}

/** The same rows, one autocommitted insert each, as each event is stored on its own. */
function rawInsertRate(rows: Row[]): number {
  const raw = rawStore();
  try {
    const started = performance.now();
    for (const row of rows) raw.insert(row);
    return rows.length / ((performance.now() - started) / 1000);
  } finally {
    raw.remove();
  }
}

/** The same events through a bare Bolt app whose only listener does the raw insert. */
async function bareBoltRate(world: World, bodies: string[]): Promise<number> {
  const raw = rawStore();
  const bare = await startChildApp('bare', world.sandbox.apiUrl, raw.path);
  try {
    const send = (body: string) =>
      postSigned({
        url: bare.url,
        signingSecret: replaySecrets.signingSecret,
        body,
        contentType: 'application/json',
      }).then(() => undefined);
    await closedLoop(bodies.slice(0, 200), concurrency, send);
    const before = raw.count();
    const started = performance.now();
    await closedLoop(bodies, concurrency, send);
    for (let i = 0; i < 1_000 && raw.count() - before < bodies.length - 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return (raw.count() - before) / ((performance.now() - started) / 1000);
  } finally {
    await bare.stop();
    raw.remove();
  }
}

export async function runIngest(smoke = false, count = smoke ? 300 : 30_000): Promise<BenchResult> {
  const world = await startWorld({ inChild: true });
  try {
    const incident = await declareThroughSlack(world, 'Ingest bench incident');
    const channelId = incident.channelId!;
    const template = await sampleEnvelope(world, channelId);
    await world.quiesce();
    const countRows = () =>
      (
        world.sqlite
          .prepare('select count(*) as n from messages where incident_id = ?')
          .get(incident.id) as { n: number }
      ).n;
    const startSeconds = Math.floor(Date.now() / 1000) + 10;
    const warmup = messageBodies(template, 200, startSeconds - 5_000);
    const bodies = messageBodies(template, count, startSeconds);
    let failures = 0;
    const send = async (body: string) => {
      const answer = await postSigned({
        url: world.eventsUrl,
        signingSecret: replaySecrets.signingSecret,
        body,
        contentType: 'application/json',
      });
      if (answer.status !== 200) failures++;
    };
    await closedLoop(warmup, concurrency, send);
    await world.quiesce();
    const before = countRows();
    const started = performance.now();
    const latencies = await closedLoop(bodies, concurrency, send);
    await world.quiesce();
    const elapsedMs = performance.now() - started;
    const stored = countRows() - before;
    const lost = count - stored;
    const rate = count / (elapsedMs / 1000);
    const rawRate = rawInsertRate(
      bodies.map((b) => {
        const event = JSON.parse(b).event;
        return { channel: channelId, ts: event.ts, text: event.text };
      }),
    );
    const boltRate = await bareBoltRate(world, [...warmup.slice(0, 200), ...bodies]);
    const data = { events: count, stored, lost, failures, rate, rawRate, boltRate, ackMs: 0 };
    data.ackMs = latencies.reduce((a, b) => a + b, 0) / latencies.length;
    say(
      `ingest: ${count} message events, ${concurrency} in flight, ${stored} stored, ` +
        `${failures} non-200, ${(elapsedMs / 1000).toFixed(2)} s`,
    );
    return {
      name: 'Ingest',
      data,
      figures: [
        {
          figure: 'ingest message events',
          measured: fmtRate(rate),
          baseline: `${fmtRate(rawRate)} raw inserts`,
          ratio: fmtRatio(rate / rawRate),
          goal: '≥ 5,000 /s',
          met: rate >= 5_000,
        },
        {
          figure: 'ingest vs bare Bolt + raw insert',
          measured: fmtRate(rate),
          baseline: fmtRate(boltRate),
          ratio: fmtRatio(rate / boltRate),
          goal: '—',
          met: null,
        },
        {
          figure: 'ingest events lost',
          measured: String(lost + failures),
          baseline: `${count} sent`,
          ratio: '—',
          goal: '0',
          met: lost === 0 && failures === 0,
        },
      ],
    };
  } finally {
    await world.stop();
  }
}

if (isMain(import.meta.url)) await runMain(runIngest);
