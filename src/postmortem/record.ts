import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { DomainContext } from '../incidents/context.js';
import { listMitigations } from '../incidents/lifecycle.js';
import { getIncident, type Incident } from '../incidents/queries.js';
import { type Action, listActions } from '../rca/actions.js';
import { getRca, type Rca } from '../rca/rca.js';
import { clientUpdates, messages, updateBreaches } from '../store/schema.js';
import { listTimeline, type TimelineEntry } from '../timeline/entries.js';

export interface MessageStats {
  total: number;
  people: number;
  external: number;
  files: Array<{ name: string; permalink?: string }>;
  firstAt: Date | null;
  lastAt: Date | null;
}

/** Everything a post-mortem is compiled from, read once. */
export interface IncidentRecord {
  incident: Incident;
  timeline: TimelineEntry[];
  mitigations: ReturnType<typeof listMitigations>;
  rca: Rca | undefined;
  actions: Action[];
  updates: Array<typeof clientUpdates.$inferSelect>;
  breaches: Array<typeof updateBreaches.$inferSelect>;
  messages: MessageStats;
  isRecordPartial: boolean;
  postmortemDueAt: Date | null;
}

/** Messages are only counted here, in SQL: a 100k-message incident does not load them all. */
function messageStats(ctx: DomainContext, incidentId: number): MessageStats {
  const counts = ctx.db
    .select({
      total: sql<number>`count(*)`,
      people: sql<number>`count(distinct ${messages.userId})`,
      external: sql<number>`count(distinct case when ${messages.isExternal} then ${messages.userId} end)`,
      firstAt: sql<number | null>`min(${messages.postedAt})`,
      lastAt: sql<number | null>`max(${messages.postedAt})`,
    })
    .from(messages)
    .where(eq(messages.incidentId, incidentId))
    .get();
  const files = ctx.db
    .select({ files: messages.files })
    .from(messages)
    .where(
      and(
        eq(messages.incidentId, incidentId),
        isNotNull(messages.files),
        isNull(messages.deletedAt),
      ),
    )
    .orderBy(asc(messages.postedAt))
    .all()
    .flatMap((row) => (row.files ?? []) as MessageStats['files']);
  return {
    total: counts?.total ?? 0,
    people: counts?.people ?? 0,
    external: counts?.external ?? 0,
    files,
    firstAt: counts?.firstAt ? new Date(counts.firstAt) : null,
    lastAt: counts?.lastAt ? new Date(counts.lastAt) : null,
  };
}

export function loadRecord(
  ctx: DomainContext,
  incidentId: number,
  extra: { isRecordPartial: boolean; postmortemDueAt: Date | null },
): IncidentRecord {
  return {
    incident: getIncident(ctx.db, incidentId),
    timeline: listTimeline(ctx, incidentId),
    mitigations: listMitigations(ctx, incidentId),
    rca: getRca(ctx, incidentId),
    actions: listActions(ctx, incidentId),
    updates: ctx.db
      .select()
      .from(clientUpdates)
      .where(eq(clientUpdates.incidentId, incidentId))
      .orderBy(asc(clientUpdates.sequence))
      .all(),
    breaches: ctx.db
      .select()
      .from(updateBreaches)
      .where(eq(updateBreaches.incidentId, incidentId))
      .orderBy(asc(updateBreaches.dueAt))
      .all(),
    messages: messageStats(ctx, incidentId),
    ...extra,
  };
}
