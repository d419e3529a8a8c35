import { eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { processedRequests } from './schema.js';

type Tx = Pick<Db, 'insert' | 'select' | 'update'>;

/**
 * Records a request key (event id, view submission, button click) inside the caller's
 * transaction. Returns false when the key was already recorded: the caller must do nothing.
 */
export function claimRequest(tx: Tx, key: string, kind: string, at: Date): boolean {
  const inserted = tx
    .insert(processedRequests)
    .values({ key, kind, at })
    .onConflictDoNothing()
    .returning({ key: processedRequests.key })
    .all();
  return inserted.length === 1;
}

export function requestResult<T>(tx: Tx, key: string): T | undefined {
  const row = tx.select().from(processedRequests).where(eq(processedRequests.key, key)).get();
  return (row?.result ?? undefined) as T | undefined;
}

export function setRequestResult(tx: Tx, key: string, result: Record<string, unknown>): void {
  tx.update(processedRequests).set({ result }).where(eq(processedRequests.key, key)).run();
}
