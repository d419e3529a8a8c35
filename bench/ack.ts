import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { replaySecrets } from '../src/replay/session.js';
import { postSigned } from '../src/sandbox/index.js';
import { readBody } from '../src/sandbox/server.js';
import {
  type BenchResult,
  closedLoop,
  declareThroughSlack,
  type Figure,
  fmtMs,
  fmtRatio,
  isMain,
  percentile,
  runMain,
  say,
  startChildApp,
  startWorld,
  type World,
} from './lib.js';

const concurrency = 20;

/** Lets the sandbox build real requests (live trigger ids, response URLs) without sending them. */
async function captureRequests(world: World, count: number, make: () => Promise<unknown>) {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      bodies.push(body.toString('utf8'));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  world.sandbox.connectApp(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  try {
    for (let i = 0; i < count; i++) await make();
  } finally {
    world.sandbox.connectApp(world.eventsUrl);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  return bodies;
}

interface Series {
  bare: number[];
  vigil: number[];
  failures: { bare: number; vigil: number };
}

export async function runAck(smoke = false): Promise<BenchResult> {
  const rounds = smoke ? 1 : 6;
  const perRound = smoke ? concurrency : 100;
  const world = await startWorld({ inChild: true });
  const bare = await startChildApp('bare', world.sandbox.apiUrl);
  try {
    const incident = await declareThroughSlack(world, 'Ack bench incident');
    const dana = world.userId('dana');
    const total = perRound * (rounds + 1);
    const commands = await captureRequests(world, total, () =>
      world.sandbox.driver.command({
        userId: dana,
        channelId: world.channelId('incidents'),
        text: 'p2 Checkout answers slowly',
      }),
    );
    const clicks = await captureRequests(world, total, () =>
      world.sandbox.driver.clickButton({
        userId: dana,
        label: 'Mitigate',
        channelId: incident.channelId!,
      }),
    );
    const kinds = { '/incident': commands, 'control button': clicks };
    const series: Record<string, Series> = {};
    for (const [kind, bodies] of Object.entries(kinds)) {
      const s: Series = { bare: [], vigil: [], failures: { bare: 0, vigil: 0 } };
      series[kind] = s;
      const send = (target: 'bare' | 'vigil') => async (body: string) => {
        const answer = await postSigned({
          url: target === 'bare' ? bare.url : world.eventsUrl,
          signingSecret: replaySecrets.signingSecret,
          body,
          contentType: 'application/x-www-form-urlencoded',
        });
        if (answer.status !== 200) s.failures[target]++;
      };
      // Round 0 warms both apps up and is not counted; the order alternates against drift.
      for (let round = 0; round <= rounds; round++) {
        const batch = bodies.slice(round * perRound, (round + 1) * perRound);
        const order = round % 2 === 0 ? (['bare', 'vigil'] as const) : (['vigil', 'bare'] as const);
        for (const target of order) {
          const latencies = await closedLoop(batch, concurrency, send(target));
          if (round > 0) s[target].push(...latencies);
          // Vigil's work after the ack (opening modals) must not spill into the next batch.
          await world.quiesce();
        }
      }
    }
    const figures: Figure[] = [];
    const data: Record<string, number> = {};
    for (const [kind, s] of Object.entries(series)) {
      const key = kind === '/incident' ? 'command' : 'button';
      data[`${key}VigilP50`] = percentile(s.vigil, 50);
      data[`${key}VigilP99`] = percentile(s.vigil, 99);
      data[`${key}BareP50`] = percentile(s.bare, 50);
      data[`${key}BareP99`] = percentile(s.bare, 99);
      data[`${key}Failures`] = s.failures.vigil;
      data[`${key}BareFailures`] = s.failures.bare;
      data[`${key}Samples`] = s.vigil.length;
      const ratio99 = data[`${key}VigilP99`]! / data[`${key}BareP99`]!;
      const ratio50 = data[`${key}VigilP50`]! / data[`${key}BareP50`]!;
      say(
        `ack ${kind}: ${s.vigil.length} requests per app, ${concurrency} in flight, ` +
          `non-200: Vigil ${s.failures.vigil}, bare ${s.failures.bare}`,
      );
      figures.push(
        {
          figure: `ack ${kind} p50`,
          measured: fmtMs(data[`${key}VigilP50`]!),
          baseline: fmtMs(data[`${key}BareP50`]!),
          ratio: fmtRatio(ratio50),
          goal: '—',
          met: null,
        },
        {
          figure: `ack ${kind} p99`,
          measured: fmtMs(data[`${key}VigilP99`]!),
          baseline: fmtMs(data[`${key}BareP99`]!),
          ratio: fmtRatio(ratio99),
          goal: '≤ 1.2× bare',
          met: ratio99 <= 1.2 && s.failures.vigil === 0,
        },
      );
    }
    return { name: 'Acknowledgement overhead', figures, data };
  } finally {
    await bare.stop();
    await world.stop();
  }
}

if (isMain(import.meta.url)) await runMain(runAck);
