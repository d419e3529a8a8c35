import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { enqueueJob } from '../../src/scheduler/jobs.js';
import { type Job, Scheduler } from '../../src/scheduler/scheduler.js';
import { openStore, type Store } from '../../src/store/db.js';
import { jobs } from '../../src/store/schema.js';

describe('the durable scheduler', () => {
  let folder: string;
  let store: Store;
  const clock = new VirtualClock(new Date('2026-05-26T12:30:00Z'));
  const ran: string[] = [];
  const handlers = () =>
    new Map([
      [
        'test.say',
        async (job: Job) => {
          await new Promise((done) => setTimeout(done, 5));
          ran.push((job.payload as { text: string }).text);
        },
      ],
    ]);

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'vigil-scheduler-'));
    store = openStore(join(folder, 'vigil.db'));
    ran.length = 0;
  });
  afterEach(() => {
    store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const enqueue = (text: string, dueAt: string, dedupeKey?: string) =>
    enqueueJob(store.db, {
      kind: 'test.say',
      dueAt: new Date(dueAt),
      payload: { text },
      dedupeKey,
    });

  it('runs each due job once even when two schedulers wake together', async () => {
    for (let n = 1; n <= 20; n++) enqueue(`job ${n}`, '2026-05-26T12:29:00Z');
    const first = new Scheduler(store.db, clock, silentLogger, handlers());
    const second = new Scheduler(store.db, clock, silentLogger, handlers());
    await Promise.all([first.runDue(), second.runDue(), first.runDue()]);
    expect(ran).toHaveLength(20);
    expect(new Set(ran).size).toBe(20);
  });

  it('leaves a job alone until it is due and keeps one pending job per key', async () => {
    enqueue('later', '2026-05-26T13:00:00Z', 'k');
    enqueue('later again', '2026-05-26T13:00:00Z', 'k');
    const scheduler = new Scheduler(store.db, clock, silentLogger, handlers());
    expect(await scheduler.runDue()).toBe(0);
    clock.set(new Date('2026-05-26T13:00:00Z'));
    expect(await scheduler.runDue()).toBe(1);
    expect(ran).toEqual(['later']);
  });

  it('puts a job a crashed process left running back in the queue, to run once', async () => {
    enqueue('interrupted', '2026-05-26T12:00:00Z');
    store.db.update(jobs).set({ status: 'running' }).run();
    const restarted = new Scheduler(store.db, clock, silentLogger, handlers());
    expect(await restarted.runDue()).toBe(0);
    expect(restarted.recoverInterrupted()).toBe(1);
    await restarted.runDue();
    await restarted.runDue();
    expect(ran).toEqual(['interrupted']);
    const [row] = store.db.select().from(jobs).where(eq(jobs.kind, 'test.say')).all();
    expect(row!.status).toBe('done');
  });
});
