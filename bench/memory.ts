import { join } from 'node:path';
import { openStore } from '../src/store/db.js';
import {
  type BenchResult,
  declareThroughSlack,
  fmtMb,
  fmtMs,
  fmtRatio,
  isMain,
  median,
  runMain,
  say,
  startChildApp,
  startSeededSandbox,
  startWorld,
  tempFolder,
} from './lib.js';
import { cloneIncidents, insertMessages } from './seed.js';

interface Sample {
  rss: number;
  readyMs: number;
  uptimeMs: number;
}

/** Starts the app in a fresh process, lets it settle, and reads its RSS after a full GC. */
async function sampleChild(
  kind: 'vigil' | 'bare',
  apiUrl: string,
  databasePath?: string,
): Promise<Sample> {
  const child = await startChildApp(kind, apiUrl, databasePath);
  try {
    await child.request('idle');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { rss } = await child.request('memory');
    return { rss: rss!, readyMs: child.readyMs, uptimeMs: child.uptimeMs };
  } finally {
    await child.stop();
  }
}

/** 10k incidents (all but 20 closed) sharing 1M messages, built with raw inserts. */
async function buildLoadedDatabase(path: string, incidentCount: number, messageCount: number) {
  // One incident declared for real is the template; its world is not needed afterwards.
  const world = await startWorld();
  let row: Record<string, unknown>;
  try {
    const templateId = (await declareThroughSlack(world, 'Memory bench incident')).id;
    row = world.sqlite.prepare('select * from incidents where id = ?').get(templateId) as never;
  } finally {
    await world.stop();
  }
  const store = openStore(path);
  try {
    const columns = Object.keys(row as object).filter((c) => c !== 'id');
    store.sqlite
      .prepare(
        `insert into incidents (${columns.join(', ')}) ` +
          `values (${columns.map((c) => `@${c}`).join(', ')})`,
      )
      .run({ ...row, channel_id: null, announce_ts: null, control_ts: null });
    const template = (store.sqlite.prepare('select id from incidents').get() as { id: number }).id;
    const closed = cloneIncidents(store.sqlite, template, incidentCount - 20, 'closed', 'closed');
    cloneIncidents(store.sqlite, template, 19, 'open');
    const perIncident = Math.ceil(messageCount / closed.length);
    const start = Date.now() - 90 * 86_400_000;
    closed.forEach((id, i) => {
      insertMessages(store.sqlite, id, `CMEM${i}`, perIncident, start + i * 600_000);
    });
    const counts = store.sqlite
      .prepare('select (select count(*) from incidents) as i, (select count(*) from messages) as m')
      .get() as { i: number; m: number };
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return counts;
  } finally {
    store.close();
  }
}

export async function runMemory(smoke = false): Promise<BenchResult> {
  const incidentCount = smoke ? 100 : 10_000;
  const messageCount = smoke ? 10_000 : 1_000_000;
  const rounds = smoke ? 1 : 3;
  const temp = tempFolder();
  const sandbox = await startSeededSandbox({ now: () => new Date() });
  try {
    const bare: Sample[] = [];
    const idle: Sample[] = [];
    for (let i = 0; i < rounds; i++) {
      bare.push(await sampleChild('bare', sandbox.apiUrl));
      idle.push(await sampleChild('vigil', sandbox.apiUrl, join(temp.folder, `idle-${i}.db`)));
    }
    const loadedPath = join(temp.folder, 'loaded.db');
    const seedStarted = performance.now();
    const counts = await buildLoadedDatabase(loadedPath, incidentCount, messageCount);
    say(
      `memory: built ${counts.i} incidents / ${counts.m} messages in ` +
        `${fmtMs(performance.now() - seedStarted)}`,
    );
    const loaded: Sample[] = [];
    for (let i = 0; i < rounds; i++)
      loaded.push(await sampleChild('vigil', sandbox.apiUrl, loadedPath));
    const m = (samples: Sample[], key: keyof Sample) => median(samples.map((s) => s[key]));
    const data = {
      bareRss: m(bare, 'rss'),
      idleRss: m(idle, 'rss'),
      loadedRss: m(loaded, 'rss'),
      bareReadyMs: m(bare, 'readyMs'),
      idleReadyMs: m(idle, 'readyMs'),
      loadedReadyMs: m(loaded, 'readyMs'),
      loadedUptimeMs: m(loaded, 'uptimeMs'),
      bareUptimeMs: m(bare, 'uptimeMs'),
      incidents: counts.i,
      messages: counts.m,
    };
    return {
      name: 'Memory and start',
      data,
      figures: [
        {
          figure: 'RSS idle',
          measured: fmtMb(data.idleRss),
          baseline: `${fmtMb(data.bareRss)} bare Bolt`,
          ratio: fmtRatio(data.idleRss / data.bareRss),
          goal: '≤ 150 MB',
          met: data.idleRss <= 150 * 1024 * 1024,
        },
        {
          figure: `RSS loaded (${counts.i} inc, ${counts.m} msgs)`,
          measured: fmtMb(data.loadedRss),
          baseline: `${fmtMb(data.bareRss)} bare Bolt`,
          ratio: fmtRatio(data.loadedRss / data.bareRss),
          goal: '≤ 250 MB',
          met: data.loadedRss <= 250 * 1024 * 1024,
        },
        {
          figure: 'startVigil() to ready, loaded db',
          measured: fmtMs(data.loadedReadyMs),
          baseline: `${fmtMs(data.bareReadyMs)} bare Bolt`,
          ratio: fmtRatio(data.loadedReadyMs / data.bareReadyMs),
          goal: '≤ 1 s',
          met: data.loadedReadyMs <= 1_000,
        },
        {
          figure: 'process start to ready, loaded db',
          measured: fmtMs(data.loadedUptimeMs),
          baseline: `${fmtMs(data.bareUptimeMs)} bare Bolt`,
          ratio: fmtRatio(data.loadedUptimeMs / data.bareUptimeMs),
          goal: '—',
          met: null,
        },
      ],
    };
  } finally {
    await sandbox.stop();
    temp.remove();
  }
}

if (isMain(import.meta.url)) await runMain(runMemory);
