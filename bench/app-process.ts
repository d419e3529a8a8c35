/**
 * The app under test in a process of its own, so the sandbox and the load generator (which
 * stand in for Slack) do not share its event loop. The parent talks to it over stdin/stdout,
 * one JSON line each way.
 *
 *   tsx bench/app-process.ts vigil API_URL DB_PATH [--wake]
 *   tsx bench/app-process.ts bare API_URL [DB_PATH]      (DB_PATH: store message events raw)
 */
import { createInterface } from 'node:readline';
import type { RunningVigil } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { openStore } from '../src/store/db.js';
import { startBareApp, startVigilOnUrl } from './lib.js';

const startedAt = performance.now();
const [kind, apiUrl, databasePath] = process.argv.slice(2);
if (!apiUrl || (kind !== 'vigil' && kind !== 'bare')) {
  throw new Error('usage: app-process.ts vigil|bare API_URL [DB_PATH] [--wake]');
}
const bot = { userId: 'U01BOT00001', botId: 'B0100000001' };

let vigil: RunningVigil | undefined;
let stop: () => Promise<unknown>;
let url: string;
if (kind === 'vigil') {
  if (!databasePath) throw new Error('vigil needs a database path');
  vigil = await startVigilOnUrl(apiUrl, systemClock, databasePath, process.argv.includes('--wake'));
  url = vigil.eventsUrl!;
  stop = () => vigil!.stop();
} else {
  let insert: ((event: { channel: string; ts: string; text?: string }) => void) | undefined;
  if (databasePath) {
    const store = openStore(databasePath);
    const statement = store.sqlite.prepare(
      `insert into messages (incident_id, channel_id, ts, thread_ts, user_id, is_external, text,
        files, posted_at, edited_at, source)
       values (1, ?, ?, null, 'U1', 0, ?, null, ?, null, 'event') on conflict do nothing`,
    );
    insert = (e) => statement.run(e.channel, e.ts, e.text ?? '', Math.round(Number(e.ts) * 1000));
  }
  const bare = await startBareApp(apiUrl, bot, insert);
  url = bare.url;
  stop = bare.stop;
}
const readyMs = performance.now() - startedAt;

const answer = (message: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify(message)}\n`);

/** Everything started after an ack has finished and no job is due. */
async function quiesce(): Promise<number> {
  if (!vigil) return 0;
  let ran = 0;
  for (let round = 0; round < 1_000; round++) {
    await vigil.idle();
    const now = await vigil.scheduler.runDue();
    await vigil.idle();
    ran += now;
    if (now === 0) break;
  }
  return ran;
}

answer({ ready: true, url, readyMs, uptimeMs: process.uptime() * 1000 });
for await (const line of createInterface({ input: process.stdin })) {
  const command = line.trim();
  if (command === 'memory') {
    global.gc?.();
    answer({ rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed });
  } else if (command === 'idle') {
    answer({ idle: true, ran: await quiesce() });
  } else if (command === 'stop') {
    await stop();
    answer({ stopped: true });
    break;
  }
}
process.exit(0);
