import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, LogLevel } from '@slack/bolt';
import Database from 'better-sqlite3';
import { desc } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { type RunningVigil, startVigil } from '../src/app.js';
import { type Clock, VirtualClock } from '../src/clock.js';
import { loadConfig } from '../src/config/load.js';
import type { Config } from '../src/config/schema.js';
import { silentLogger } from '../src/logger.js';
import { modalValues } from '../src/replay/modal-values.js';
import { parseScenario } from '../src/replay/scenario.js';
import { seedWorkspace } from '../src/replay/seed.js';
import { type ReplaySession, replaySecrets } from '../src/replay/session.js';
import { SlackSandbox } from '../src/sandbox/index.js';
import { loadSettings } from '../src/settings-load.js';
import type { Db } from '../src/store/db.js';
import * as schema from '../src/store/schema.js';
import { incidents } from '../src/store/schema.js';
// The same people, channels and contracts as the app tests, so figures and tests share a world.
import { defaultWorkspace, testConfigPath } from '../test/helpers/harness.js';

export function benchConfig(): Config {
  const loaded = loadConfig(testConfigPath);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.config;
}

export function tempFolder(): { folder: string; remove(): void } {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** A sandbox seeded with the test workspace, on the given clock. */
export async function startSeededSandbox(clock: Clock): Promise<SlackSandbox> {
  const text = `name: bench\nstart: 2026-05-26T14:30:00+02:00\n${defaultWorkspace}\nsteps: []\n`;
  const scenario = parseScenario(text, join(process.cwd(), 'bench.yaml'));
  const sandbox = await SlackSandbox.start({
    clock,
    signingSecret: replaySecrets.signingSecret,
    botToken: replaySecrets.botToken,
  });
  // seedWorkspace only records the usergroups it creates on the session.
  seedWorkspace(sandbox, scenario, { usergroups: [] } as unknown as ReplaySession);
  return sandbox;
}

export function startVigilOnUrl(
  apiUrl: string,
  clock: Clock,
  databasePath: string,
  wakeScheduler = false,
): Promise<RunningVigil> {
  const config = benchConfig();
  return startVigil({
    ...replaySecrets,
    slackApiUrl: apiUrl,
    databasePath,
    clock,
    logger: silentLogger,
    logLevel: 'error',
    resolveSettings: (client) => loadSettings(config, client),
    port: 0,
    host: '127.0.0.1',
    wakeScheduler,
    retryConfig: { retries: 0 },
  });
}

export interface ChildApp {
  url: string;
  /** From the child's first line of code to its app listening. */
  readyMs: number;
  /** From the child process starting (node and tsx boot included) to its app listening. */
  uptimeMs: number;
  request(command: 'memory' | 'idle' | 'stop'): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** Starts bench/app-process.ts: the app under test without the sandbox in its event loop. */
export function startChildApp(
  kind: 'vigil' | 'bare',
  apiUrl: string,
  databasePath?: string,
  flags: string[] = [],
): Promise<ChildApp> {
  // The app under test runs as `npm start` runs it, compiled, once `npm run build` has made dist/;
  // without it (as in the test suite) it runs from source through tsx.
  const compiled = resolve('dist/bench/app-process.js');
  const runner = existsSync(compiled)
    ? [compiled]
    : ['--import', 'tsx', fileURLToPath(new URL('./app-process.ts', import.meta.url))];
  // BENCH_CPU_PROF=DIR writes a CPU profile of the app under test into DIR.
  const profile = process.env.BENCH_CPU_PROF;
  const profiling = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const args = [...profiling, '--expose-gc', ...runner, kind, apiUrl];
  const child = spawn(
    process.execPath,
    [...args, ...(databasePath ? [databasePath] : []), ...flags],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const waiting: Array<(message: Record<string, number>) => void> = [];
  let onReady: ((message: Record<string, unknown>) => void) | undefined;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const message = JSON.parse(line) as Record<string, unknown>;
    if (message.ready) onReady?.(message);
    else waiting.shift()?.(message as Record<string, number>);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const request = (command: string) =>
    new Promise<Record<string, number>>((resolve) => {
      waiting.push(resolve);
      child.stdin!.write(`${command}\n`);
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} app exited with ${code}`)));
    onReady = (message) =>
      resolve({
        url: String(message.url),
        readyMs: Number(message.readyMs),
        uptimeMs: Number(message.uptimeMs),
        request,
        async stop() {
          if (child.exitCode === null) {
            await Promise.race([request('stop'), exited]);
            await exited;
          }
        },
      });
  });
}

export interface World {
  sandbox: SlackSandbox;
  clock: Clock;
  databasePath: string;
  eventsUrl: string;
  /** Reads the app's database (read-only when the app runs in a child process). */
  db: Db;
  sqlite: Database.Database;
  /** Set when the app runs in this process. */
  app?: RunningVigil;
  userId(handle: string): string;
  channelId(name: string): string;
  /** Waits until the sandbox, the app and every job due now are done. */
  quiesce(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The sandbox and Vigil, in this process or (`inChild`) with Vigil in a process of its own.
 * The sandbox clock is virtual unless given: its trigger ids then never expire.
 */
export async function startWorld(
  options: { clock?: Clock; wakeScheduler?: boolean; inChild?: boolean } = {},
): Promise<World> {
  const clock = options.clock ?? new VirtualClock(new Date());
  const sandbox = await startSeededSandbox(clock);
  const temp = tempFolder();
  const databasePath = join(temp.folder, 'vigil.db');
  let app: RunningVigil | undefined;
  let child: ChildApp | undefined;
  let eventsUrl: string;
  let sqlite: Database.Database;
  let db: Db;
  if (options.inChild) {
    const flags = options.wakeScheduler ? ['--wake'] : [];
    child = await startChildApp('vigil', sandbox.apiUrl, databasePath, flags);
    eventsUrl = child.url;
    sqlite = new Database(databasePath, { readonly: true });
    db = drizzle(sqlite, { schema });
  } else {
    app = await startVigilOnUrl(
      sandbox.apiUrl,
      clock,
      databasePath,
      options.wakeScheduler ?? false,
    );
    eventsUrl = app.eventsUrl!;
    sqlite = app.store.sqlite;
    db = app.store.db;
  }
  sandbox.connectApp(eventsUrl);
  const world: World = {
    sandbox,
    clock,
    databasePath,
    eventsUrl,
    db,
    sqlite,
    app,
    userId: (handle) => sandbox.user(handle)!.id,
    channelId: (name) => sandbox.channel(name)!.id,
    async quiesce() {
      for (let round = 0; round < 1_000; round++) {
        await sandbox.settled({ quietMs: 5 });
        if (child) {
          const { ran } = await child.request('idle');
          if (ran === 0) return;
        } else {
          await app!.idle();
          if ((await app!.scheduler.runDue()) === 0) return;
        }
      }
    },
    async stop() {
      if (child) {
        sqlite.close();
        await child.stop();
      } else {
        await app!.stop().catch(() => {});
      }
      await sandbox.stop();
      temp.remove();
    },
  };
  await world.quiesce();
  return world;
}

export const declareValues = {
  severity: 'P1',
  type: 'integration',
  client: 'acme',
  deployment: 'acme-chat',
  summary: 'The CRM API answers 504 on contract lookups.',
  detected_by: 'monitoring',
};

/** Types `/incident p1 TITLE` in #incidents, so the declare modal is open for dana. */
export async function openDeclareModal(world: World, title: string): Promise<void> {
  const answer = await world.sandbox.driver.command({
    userId: world.userId('dana'),
    channelId: world.channelId('incidents'),
    text: `p1 ${title}`,
  });
  if (answer.status !== 200) throw new Error(`/incident answered HTTP ${answer.status}`);
  await world.quiesce();
}

export async function submitDeclareModal(world: World): Promise<void> {
  const userId = world.userId('dana');
  const view = world.sandbox.openViews(userId).at(-1);
  if (!view) throw new Error('the declare modal did not open');
  const values = modalValues(view, declareValues, world.clock.now(), 0);
  const answer = await world.sandbox.driver.submitView({ userId, values });
  if (answer.status !== 200) throw new Error(`the declare form answered HTTP ${answer.status}`);
}

/** Declares a P1 through the real command and modal, and waits for its channel. */
export async function declareThroughSlack(world: World, title: string) {
  await openDeclareModal(world, title);
  await submitDeclareModal(world);
  await world.quiesce();
  const incident = world.db.select().from(incidents).orderBy(desc(incidents.id)).limit(1).get();
  if (!incident?.channelId) throw new Error('the declared incident has no channel');
  return incident;
}

/** The least an app can do: verify the signature, parse, ack. Same receiver, same process. */
export async function startBareApp(
  apiUrl: string,
  bot: { userId: string; botId: string },
  onMessage?: (event: { channel: string; ts: string; text?: string }) => void,
) {
  const app = new App({
    token: replaySecrets.botToken,
    signingSecret: replaySecrets.signingSecret,
    botId: bot.botId,
    botUserId: bot.userId,
    clientOptions: { slackApiUrl: apiUrl },
    logLevel: LogLevel.ERROR,
  });
  app.command('/incident', async ({ ack }) => {
    await ack();
  });
  app.action({ type: 'block_actions' }, async ({ ack }) => {
    await ack();
  });
  if (onMessage) {
    app.event('message', async ({ event }) => {
      onMessage(event as { channel: string; ts: string; text?: string });
    });
  }
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/slack/events`, stop: () => app.stop() };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** One row of the summary table. `met` is null when the figure has no goal of its own. */
export interface Figure {
  figure: string;
  measured: string;
  baseline: string;
  ratio: string;
  goal: string;
  met: boolean | null;
}

export interface BenchResult {
  name: string;
  figures: Figure[];
  /** Raw numbers, for the smoke test and for reading back. */
  data: Record<string, number>;
}

export const fmtMs = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
export const fmtRatio = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '—');
export const fmtMb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const fmtRate = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en')} /s`;

export function renderTable(figures: Figure[]): string {
  const header = ['figure', 'measured', 'baseline', 'ratio', 'goal', 'met?'];
  const rows = figures.map((f) => [
    f.figure,
    f.measured,
    f.baseline,
    f.ratio,
    f.goal,
    f.met === null ? '—' : f.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

export function isSmoke(argv = process.argv): boolean {
  return argv.includes('--smoke');
}

/** True when the module is the script node was asked to run. */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(resolve(entry)).href === moduleUrl;
}

export async function runMain(run: (smoke: boolean) => Promise<BenchResult>): Promise<void> {
  const result = await run(isSmoke());
  say(`\n${result.name}\n${renderTable(result.figures)}`);
}

/** Runs `work` with at most `concurrency` in flight; returns each item's latency in ms. */
export async function closedLoop<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      const started = performance.now();
      await work(item);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return latencies;
}
