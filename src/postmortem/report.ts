import { and, gte, lt } from 'drizzle-orm';
import type { DomainContext } from '../incidents/context.js';
import type { Incident } from '../incidents/queries.js';
import { incidents, postmortems, updateBreaches } from '../store/schema.js';
import { formatDuration } from './summary.js';

export interface MonthlyReport {
  month: string;
  clientKey: string | null;
  text: string;
  incidents: Incident[];
}

export function parseMonth(
  text: string | undefined,
  now: Date,
): { start: Date; end: Date; label: string } | null {
  const match = text ? /^(\d{4})-(\d{2})$/.exec(text) : null;
  if (text && !match) return null;
  const year = match ? Number(match[1]) : now.getUTCFullYear();
  const month = match ? Number(match[2]) - 1 : now.getUTCMonth();
  if (month < 0 || month > 11) return null;
  const start = new Date(Date.UTC(year, month, 1));
  const end = new Date(Date.UTC(year, month + 1, 1));
  return { start, end, label: `${year}-${String(month + 1).padStart(2, '0')}` };
}

/** The monthly client report: every incident of the month, P3s included, with the SLA record. */
export function monthlyReport(
  ctx: DomainContext,
  range: { start: Date; end: Date; label: string },
  clientKey: string | null,
): MonthlyReport {
  const rows = ctx.db
    .select()
    .from(incidents)
    .where(and(gte(incidents.declaredAt, range.start), lt(incidents.declaredAt, range.end)))
    .orderBy(incidents.declaredAt)
    .all()
    .filter((i) => !clientKey || i.clientKey === clientKey);
  const breaches = ctx.db.select().from(updateBreaches).all();
  const pms = ctx.db.select().from(postmortems).all();
  const bySeverity = (s: string) => rows.filter((i) => i.severity === s).length;
  const resolved = rows.filter((i) => i.resolvedAt);
  const mttrMinutes =
    resolved.length > 0
      ? resolved.reduce(
          (sum, i) => sum + (i.resolvedAt!.getTime() - i.declaredAt.getTime()) / 60_000,
          0,
        ) / resolved.length
      : null;
  const lines = rows.map((i) => {
    const late = breaches.filter((b) => b.incidentId === i.id).length;
    const pm = pms.find((p) => p.incidentId === i.id);
    const duration = i.resolvedAt ? formatDuration(i.declaredAt, i.resolvedAt) : 'open';
    const pmText =
      pm?.status === 'published'
        ? `post-mortem ${pm.isOnTime ? 'on time' : 'late'}`
        : i.severity === 'P3'
          ? 'in this report'
          : 'post-mortem pending';
    return `• ${i.ref} ${i.severity} ${i.type} — ${i.title} — ${duration}; ${late} late update${late === 1 ? '' : 's'}; ${pmText}`;
  });
  const heading = `*Incident report ${range.label}${clientKey ? ` — ${clientKey}` : ''}*`;
  const totals = `${rows.length} incident${rows.length === 1 ? '' : 's'} (P1 ${bySeverity('P1')}, P2 ${bySeverity('P2')}, P3 ${bySeverity('P3')})${mttrMinutes !== null ? `; mean time from declaration to resolution ${formatDuration(new Date(0), new Date(mttrMinutes * 60_000))}` : ''}`;
  return {
    month: range.label,
    clientKey,
    incidents: rows,
    text: [heading, totals, ...lines].join('\n'),
  };
}
