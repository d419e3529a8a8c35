import { systemClock } from '../src/clock.js';
import { updateJobs } from '../src/updates/cadence.js';
import {
  type BenchResult,
  declareThroughSlack,
  type Figure,
  fmtMs,
  fmtRatio,
  isMain,
  median,
  percentile,
  runMain,
  say,
  startWorld,
  type World,
} from './lib.js';
import { cloneIncidents } from './seed.js';

/**
 * Due jobs per tick: 10k open incidents with a 30-minute update cadence make about 5.6
 * reminders a second, and as many overdue checks; so ten jobs fall due in a busy second.
 */
const duePerTick = 10;
const hourMs = 3_600_000;

interface Seeder {
  /** Open incidents with three pending jobs each, none due within the hour. */
  grow(to: number): void;
  /** Incidents with a real channel and a reminder due at `dueAt`, ready to run. */
  dueReminders(count: number, dueAt: (i: number) => Date): Map<string, number>;
}

function seeder(world: World, templateId: number): Seeder {
  const sqlite = world.sqlite;
  let open = 0;
  let batch = 0;
  let key = 0;
  const insertJob = sqlite.prepare(
    `insert into jobs (kind, incident_id, due_at, payload, status, dedupe_key, attempts)
     values (?, ?, ?, ?, 'pending', ?, 0)`,
  );
  const setNextUpdate = sqlite.prepare(
    'update incidents set next_update_due_at = ?, channel_id = ?, channel_name = ? where id = ?',
  );
  return {
    grow(to) {
      if (to <= open) return;
      const ids = cloneIncidents(sqlite, templateId, to - open, `open${batch++}`);
      const later = Date.now() + hourMs;
      sqlite.transaction(() => {
        for (const id of ids) {
          const payload = JSON.stringify({ dueAt: new Date(later + 10 * 60_000).toISOString() });
          for (const kind of [updateJobs.remind, updateJobs.overdue, updateJobs.escalate]) {
            insertJob.run(kind, id, later + (key % 600) * 1_000, payload, `bench:${key++}`);
          }
        }
      })();
      open = to;
    },
    dueReminders(count, dueAt) {
      const ids = cloneIncidents(sqlite, templateId, count, `due${batch++}`);
      const channels = new Map<string, number>();
      sqlite.transaction(() => {
        ids.forEach((id, i) => {
          const due = dueAt(i).getTime();
          const updateDueAt = due + 10 * 60_000;
          const channel = world.sandbox.addChannel({
            name: `bench-due-${id}`,
            memberIds: [],
            botIsMember: true,
          });
          setNextUpdate.run(updateDueAt, channel.id, channel.name, id);
          const payload = JSON.stringify({ dueAt: new Date(updateDueAt).toISOString() });
          insertJob.run(updateJobs.remind, id, due, payload, `bench:${key++}`);
          channels.set(channel.id, due);
        });
      })();
      return channels;
    },
  };
}

async function tickTimes(world: World, seed: Seeder, ticks: number) {
  const withDue: number[] = [];
  const idle: number[] = [];
  for (let i = 0; i < ticks; i++) {
    const before = world.sandbox.calls.length;
    seed.dueReminders(duePerTick, () => new Date(Date.now() - 1));
    let started = performance.now();
    const ran = await world.app!.scheduler.runDue();
    withDue.push(performance.now() - started);
    const posted = world.sandbox.calls.slice(before).filter((c) => c.method === 'chat.postMessage');
    if (ran !== duePerTick || posted.length !== duePerTick) {
      throw new Error(`a tick ran ${ran} jobs and posted ${posted.length} reminders`);
    }
    started = performance.now();
    await world.app!.scheduler.runDue();
    idle.push(performance.now() - started);
  }
  return { withDue: median(withDue), withDueP99: percentile(withDue, 99), idle: median(idle) };
}

/** One reminder's chat.postMessage, sent directly: the Slack share of a job. */
async function reminderRoundTripMs(world: World, samples: number): Promise<number> {
  const last = world.sandbox.calls.filter((c) => c.method === 'chat.postMessage').at(-1);
  if (!last) throw new Error('no reminder was posted');
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await world.app!.deps.client.chat.postMessage(last.args as never);
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Reminders due over the next few seconds, run by the real node-cron wake-up. */
async function lateness(world: World, seed: Seeder, count: number, spreadMs: number) {
  const start = Date.now() + 500;
  const due = seed.dueReminders(count, (i) => new Date(start + Math.round((i * spreadMs) / count)));
  const before = world.sandbox.calls.length;
  world.app!.scheduler.startWaking();
  try {
    const deadline = Date.now() + spreadMs + 10_000;
    const posted = () =>
      world.sandbox.calls
        .slice(before)
        .filter((c) => c.method === 'chat.postMessage' && due.has(String(c.args.channel)));
    while (posted().length < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const late = posted().map((c) => c.atMs - due.get(String(c.args.channel))!);
    return { p50: percentile(late, 50), p99: percentile(late, 99), sent: late.length };
  } finally {
    world.app!.scheduler.stopWaking();
  }
}

export async function runScheduler(smoke = false): Promise<BenchResult> {
  const scales = smoke ? [0, 50, 200] : [0, 1_000, 10_000];
  const ticks = smoke ? 3 : 20;
  const world = await startWorld({ clock: systemClock });
  try {
    const template = await declareThroughSlack(world, 'Scheduler bench incident');
    const seed = seeder(world, template.id);
    const data: Record<string, number> = {};
    const figures: Figure[] = [];
    await tickTimes(world, seed, 2);
    for (const scale of scales) {
      seed.grow(scale);
      const t = await tickTimes(world, seed, ticks);
      data[`tickMs${scale}`] = t.withDue;
      data[`tickP99Ms${scale}`] = t.withDueP99;
      data[`idleTickMs${scale}`] = t.idle;
    }
    const roundTripMs = await reminderRoundTripMs(world, smoke ? 5 : 40);
    data.reminderRoundTripMs = roundTripMs;
    const slackShare = duePerTick * roundTripMs;
    const base = scales[0]!;
    figures.push({
      figure: `tick, 0 open, ${duePerTick} due (p50)`,
      measured: fmtMs(data[`tickMs${base}`]!),
      baseline: `${duePerTick} × ${fmtMs(roundTripMs)} post`,
      ratio: fmtRatio(data[`tickMs${base}`]! / slackShare),
      goal: '—',
      met: null,
    });
    for (const scale of scales.slice(1)) {
      const isGoal = scale === scales.at(-1);
      figures.push(
        {
          figure: `tick, ${scale.toLocaleString('en')} open, ${duePerTick} due (p50)`,
          measured: fmtMs(data[`tickMs${scale}`]!),
          baseline: `${duePerTick} × ${fmtMs(roundTripMs)} post`,
          ratio: fmtRatio(data[`tickMs${scale}`]! / slackShare),
          goal: isGoal ? '≤ 50 ms' : '—',
          met: isGoal ? data[`tickMs${scale}`]! <= 50 : null,
        },
        {
          figure: `tick, ${scale.toLocaleString('en')} open, none due (p50)`,
          measured: fmtMs(data[`idleTickMs${scale}`]!),
          baseline: `${fmtMs(data[`idleTickMs${base}`]!)} with 0 open`,
          ratio: fmtRatio(data[`idleTickMs${scale}`]! / data[`idleTickMs${base}`]!),
          goal: '—',
          met: null,
        },
      );
    }
    const count = smoke ? 5 : 60;
    const late = await lateness(world, seed, count, smoke ? 1_500 : 6_000);
    data.latenessP50Ms = late.p50;
    data.latenessP99Ms = late.p99;
    data.remindersSent = late.sent;
    say(
      `scheduler: ${ticks} ticks per scale; ${late.sent}/${count} reminders sent by the ` +
        `node-cron wake-up with ${scales.at(-1)} open incidents`,
    );
    figures.push({
      figure: 'reminder lateness p99 (real clock)',
      measured: fmtMs(late.p99),
      baseline: `p50 ${fmtMs(late.p50)}`,
      ratio: '—',
      goal: '≤ 1 s',
      met: late.p99 <= 1_000 && late.sent === count,
    });
    return { name: 'Scheduler', figures, data };
  } finally {
    await world.stop();
  }
}

if (isMain(import.meta.url)) await runMain(runScheduler);
