import { and, eq, inArray, like, lte, sql } from 'drizzle-orm';
import type { Db } from '../store/db.js';
import { jobs } from '../store/schema.js';

type Tx = Pick<Db, 'insert' | 'update' | 'select'>;

export interface JobRequest {
  kind: string;
  dueAt: Date;
  incidentId?: number;
  payload?: Record<string, unknown>;
  /** At most one pending job per key: enqueueing the same key again is a no-op. */
  dedupeKey?: string;
}

export function enqueueJob(tx: Tx, job: JobRequest): void {
  tx.insert(jobs)
    .values({
      kind: job.kind,
      dueAt: job.dueAt,
      incidentId: job.incidentId,
      payload: job.payload ?? null,
      dedupeKey:
        job.dedupeKey ?? `${job.kind}:${job.incidentId ?? '-'}:${job.dueAt.getTime()}:${nonce()}`,
    })
    .onConflictDoNothing()
    .run();
}

let counter = 0;
function nonce(): string {
  counter += 1;
  return `${process.pid}.${counter}`;
}

/** Cancels pending jobs of an incident whose kind starts with one of the prefixes. */
export function cancelJobs(tx: Tx, incidentId: number, kindPrefixes: string[], at: Date): void {
  for (const prefix of kindPrefixes) {
    tx.update(jobs)
      .set({ status: 'cancelled', finishedAt: at })
      .where(
        and(
          eq(jobs.incidentId, incidentId),
          eq(jobs.status, 'pending'),
          like(jobs.kind, `${prefix}%`),
        ),
      )
      .run();
  }
}

export function pendingJobs(db: Db, incidentId: number) {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.incidentId, incidentId), inArray(jobs.status, ['pending', 'running'])))
    .orderBy(jobs.dueAt, jobs.id)
    .all();
}

export function dueJobIds(db: Db, now: Date, limit: number): number[] {
  return db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, 'pending'), lte(jobs.dueAt, now)))
    .orderBy(jobs.dueAt, jobs.id)
    .limit(limit)
    .all()
    .map((row) => row.id);
}

export function nextDueAt(db: Db): Date | null {
  const row = db
    .select({ dueAt: sql<number>`min(${jobs.dueAt})` })
    .from(jobs)
    .where(eq(jobs.status, 'pending'))
    .get();
  return row?.dueAt ? new Date(row.dueAt) : null;
}
