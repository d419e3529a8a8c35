import { eq } from 'drizzle-orm';
import { systemClock } from '../src/clock.js';
import { replaySecrets } from '../src/replay/session.js';
import type { ApiCall } from '../src/sandbox/index.js';
import { incidents, setupSteps } from '../src/store/schema.js';
import {
  type BenchResult,
  fmtMs,
  fmtRatio,
  isMain,
  median,
  openDeclareModal,
  runMain,
  say,
  startWorld,
  submitDeclareModal,
  type World,
} from './lib.js';

export interface DeclareRun {
  wallMs: number;
  calls: number;
  /** Longest chain of calls where each starts after the previous one ended. */
  depth: number;
}

/**
 * With every call delayed by `delayMs`, a call occupies [start, start + delay]; a call that
 * starts after another has ended depends on it. The longest such chain is the critical path.
 */
export function criticalPath(calls: ApiCall[], delayMs: number): number {
  const sorted = [...calls].sort((a, b) => a.atMs - b.atMs);
  const depth: number[] = [];
  sorted.forEach((call, i) => {
    let best = 0;
    for (let j = 0; j < i; j++) {
      // 5 ms of slack: the loopback round trip and the sandbox's own work also take time.
      if (call.atMs >= sorted[j]!.atMs + delayMs - 5) best = Math.max(best, depth[j]!);
    }
    depth.push(best + 1);
  });
  return Math.max(0, ...depth);
}

async function declareOnce(world: World, title: string, delayMs: number): Promise<DeclareRun> {
  await openDeclareModal(world, title);
  const before = world.sandbox.calls.length;
  const startedAt = Date.now();
  await submitDeclareModal(world);
  await world.quiesce();
  const db = world.db;
  const incident = db.select().from(incidents).where(eq(incidents.title, title)).get();
  if (!incident?.channelId) throw new Error(`${title} has no channel`);
  const steps = db.select().from(setupSteps).where(eq(setupSteps.incidentId, incident.id)).all();
  if (steps.length !== 5 || steps.some((s) => s.status !== 'done' || !s.doneAt)) {
    throw new Error(`${incident.ref} setup did not finish: ${JSON.stringify(steps)}`);
  }
  const readyAt = Math.max(...steps.map((s) => s.doneAt!.getTime()));
  // The refresh that follows setup and the ephemeral to the declarer are not on the path.
  const calls = world.sandbox.calls
    .slice(before)
    .filter((c) => c.atMs <= readyAt && c.method !== 'chat.postEphemeral');
  return {
    wallMs: readyAt - startedAt,
    calls: calls.length,
    depth: delayMs > 0 ? criticalPath(calls, delayMs) : Number.NaN,
  };
}

async function oneRoundTripMs(world: World, samples: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const response = await fetch(`${world.sandbox.apiUrl}auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${replaySecrets.botToken}` },
    });
    await response.text();
    times.push(performance.now() - started);
  }
  return median(times);
}

export async function runDeclare(smoke = false): Promise<BenchResult> {
  const rounds = smoke ? 1 : 7;
  const data: Record<string, number> = {};
  const byDelay = new Map<number, DeclareRun[]>();
  let roundTripMs = 0;
  for (const delayMs of [0, 100]) {
    const world = await startWorld({ clock: systemClock });
    try {
      if (delayMs === 0) roundTripMs = await oneRoundTripMs(world, smoke ? 5 : 50);
      if (delayMs > 0) {
        for (const method of Object.keys(world.sandbox.methods)) {
          world.sandbox.injectFault({ method, delayMs, times: 1_000_000 });
        }
      }
      const runs: DeclareRun[] = [];
      for (let i = 0; i < rounds; i++) {
        runs.push(await declareOnce(world, `Bench declare ${delayMs} ${i}`, delayMs));
      }
      byDelay.set(delayMs, runs);
    } finally {
      await world.stop();
    }
  }
  const zero = byDelay.get(0)!;
  const slow = byDelay.get(100)!;
  data.wallMsAt0 = median(zero.map((r) => r.wallMs));
  data.callsAt0 = median(zero.map((r) => r.calls));
  data.wallMsAt100 = median(slow.map((r) => r.wallMs));
  data.callsAt100 = median(slow.map((r) => r.calls));
  data.depth = median(slow.map((r) => r.depth));
  data.depthFromWall = data.wallMsAt100 / 100;
  data.roundTripMs = roundTripMs;
  const ideal0 = data.depth * roundTripMs;
  const ideal100 = data.depth * (100 + roundTripMs);
  say(
    `declare: ${rounds} declarations per latency; one sandbox round trip ${fmtMs(roundTripMs)}; ` +
      `calls per declaration ${data.callsAt0}; critical path ${data.depth} calls ` +
      `(wall / 100 ms = ${data.depthFromWall.toFixed(2)})`,
  );
  return {
    name: 'Declare to channel ready',
    data,
    figures: [
      {
        figure: 'declare→ready, +0 ms/call (p50)',
        measured: `${fmtMs(data.wallMsAt0)}, ${data.callsAt0} calls`,
        baseline: `${data.depth} × RTT = ${fmtMs(ideal0)}`,
        ratio: fmtRatio(data.wallMsAt0 / ideal0),
        goal: '—',
        met: null,
      },
      {
        figure: 'declare→ready, +100 ms/call (p50)',
        measured: `${fmtMs(data.wallMsAt100)}, ${data.callsAt100} calls`,
        baseline: `${data.depth} × (100 ms + RTT) = ${fmtMs(ideal100)}`,
        ratio: fmtRatio(data.wallMsAt100 / ideal100),
        goal: '—',
        met: null,
      },
      {
        figure: 'sequential Slack round trips',
        measured: `${data.depth} (wall/delay ${data.depthFromWall.toFixed(1)})`,
        baseline: `${data.callsAt100} calls in all`,
        ratio: fmtRatio(data.depth / data.callsAt100),
        goal: '≤ 5',
        met: data.depth <= 5 && data.depthFromWall <= 5.5,
      },
    ],
  };
}

if (isMain(import.meta.url)) await runMain(runDeclare);
