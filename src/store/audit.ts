import type { Db } from './db.js';
import { auditLog } from './schema.js';

export interface AuditEntry {
  at: Date;
  actorId: string;
  action: string;
  incidentId?: number;
  details?: Record<string, unknown>;
}

/** Call inside the transaction that makes the change, so the change and its record land together. */
export function writeAudit(tx: Pick<Db, 'insert'>, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      at: entry.at,
      actorId: entry.actorId,
      action: entry.action,
      incidentId: entry.incidentId,
      details: entry.details ?? null,
    })
    .run();
}
