import { and, eq } from 'drizzle-orm';
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../clock.js';
import { newErrorReference } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import { jobs } from '../store/schema.js';
import { dueJobIds, nextDueAt } from './jobs.js';

export type Job = typeof jobs.$inferSelect;
export type JobHandler = (job: Job) => Promise<void>;

const maxAttempts = 6;
const batchSize = 200;

/** Seconds to wait before attempt n+1: 5 s, 20 s, 45 s, 80 s, 125 s. */
function backoffMs(attempts: number): number {
  return 5_000 * attempts * attempts;
}

/**
 * Due work lives in the jobs table. node-cron only wakes the scheduler; each job is claimed by
 * a conditional update, so two wake-ups, or a restart, never run the same job twice.
 */
export class Scheduler {
  private running: Promise<number> | null = null;
  private again = false;
  private task: ScheduledTask | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly handlers: Map<string, JobHandler>,
  ) {}

  /**
   * Jobs left `running` by a process that died go back to the queue. A job that had already
   * posted when the process died posts again: a reminder can then repeat once. Client-facing jobs
   * (delivery, intervention notice) record their progress so that theirs does not.
   */
  recoverInterrupted(): number {
    return this.db
      .update(jobs)
      .set({ status: 'pending', claimedAt: null })
      .where(eq(jobs.status, 'running'))
      .run().changes;
  }

  startWaking(): void {
    this.task = cron.schedule('* * * * * *', () => {
      void this.runDue();
    });
  }

  stopWaking(): void {
    this.task?.stop();
    this.task = null;
  }

  nextDueAt(): Date | null {
    return nextDueAt(this.db);
  }

  /** Runs every job due now; concurrent callers share one pass, and a call during a pass queues one more. */
  runDue(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    let total = 0;
    do {
      this.again = false;
      for (;;) {
        const ids = dueJobIds(this.db, this.clock.now(), batchSize);
        if (ids.length === 0) break;
        for (const id of ids) total += (await this.runOne(id)) ? 1 : 0;
      }
    } while (this.again);
    return total;
  }

  private async runOne(id: number): Promise<boolean> {
    const now = this.clock.now();
    const job = this.db
      .update(jobs)
      .set({ status: 'running', claimedAt: now, attempts: jobs.attempts })
      .where(and(eq(jobs.id, id), eq(jobs.status, 'pending')))
      .returning()
      .get();
    if (!job) return false;
    const handler = this.handlers.get(job.kind);
    const started = performance.now();
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job);
      this.finish(job.id, { status: 'done', finishedAt: this.clock.now() });
      this.logger.debug('job done', {
        jobId: job.id,
        kind: job.kind,
        incidentId: job.incidentId,
        durationMs: Math.round(performance.now() - started),
      });
      return true;
    } catch (error) {
      this.retryLater(job, error);
      return false;
    }
  }

  private retryLater(job: Job, error: unknown): void {
    const attempts = job.attempts + 1;
    const reference = newErrorReference();
    const message = error instanceof Error ? error.message : String(error);
    const isFinal = attempts >= maxAttempts;
    this.finish(job.id, {
      status: isFinal ? 'failed' : 'pending',
      attempts,
      lastError: `${reference}: ${message}`,
      dueAt: new Date(this.clock.now().getTime() + backoffMs(attempts)),
      finishedAt: isFinal ? this.clock.now() : null,
    });
    this.logger.error(isFinal ? 'job failed for good' : 'job failed, will retry', {
      jobId: job.id,
      kind: job.kind,
      incidentId: job.incidentId,
      attempts,
      reference,
      error,
    });
  }

  private finish(id: number, values: Partial<Job>): void {
    this.db.update(jobs).set(values).where(eq(jobs.id, id)).run();
  }
}
