import { and, eq, sql } from 'drizzle-orm';
import { ConflictError, UserError } from '../errors.js';
import { addTimelineEntry, scheduleRefresh } from '../incidents/change.js';
import type { DomainContext } from '../incidents/context.js';
import { postmortemDueAt } from '../incidents/lifecycle.js';
import { getIncident } from '../incidents/queries.js';
import { enqueueJob } from '../scheduler/jobs.js';
import { writeAudit } from '../store/audit.js';
import { incidents, postmortems } from '../store/schema.js';
import type { CompiledPostmortem } from './compile.js';

export type Postmortem = typeof postmortems.$inferSelect;
export const publishJobKind = 'postmortem.publish';

export function getPostmortem(ctx: DomainContext, incidentId: number): Postmortem | undefined {
  return ctx.db.select().from(postmortems).where(eq(postmortems.incidentId, incidentId)).get();
}

/** Each compile is a new draft revision; a published post-mortem is never rewritten. */
export function storeDraft(
  ctx: DomainContext,
  incidentId: number,
  compiled: CompiledPostmortem,
  isRecordPartial: boolean,
  actorId: string,
): Postmortem {
  const incident = getIncident(ctx.db, incidentId);
  const existing = getPostmortem(ctx, incidentId);
  if (existing && existing.status !== 'draft') {
    throw new UserError(
      'postmortem_published',
      `The ${incident.ref} post-mortem was already published; it is not compiled again.`,
    );
  }
  const now = ctx.clock.now();
  const values = {
    status: 'draft',
    markdown: compiled.markdown,
    clientMarkdown: compiled.clientMarkdown,
    isRecordPartial,
    gaps: compiled.gaps,
    compiledAt: now,
    dueAt: postmortemDueAt(incident),
    draftTs: null,
  };
  return ctx.db.transaction((tx) => {
    const saved = tx
      .insert(postmortems)
      .values({ incidentId, revision: 1, ...values })
      .onConflictDoUpdate({
        target: postmortems.incidentId,
        set: { ...values, revision: sql`${postmortems.revision} + 1` },
      })
      .returning()
      .get();
    if (incident.status === 'resolved') {
      tx.update(incidents)
        .set({ status: 'postmortem', version: sql`${incidents.version} + 1` })
        .where(eq(incidents.id, incidentId))
        .run();
      scheduleRefresh(tx, incidentId, now);
    }
    addTimelineEntry(
      tx,
      incidentId,
      {
        kind: 'postmortem_drafted',
        occurredAt: now,
        actorId,
        text: `Post-mortem draft ${saved.revision} compiled`,
        sourceTs: `pm-draft:${saved.revision}`,
      },
      now,
    );
    writeAudit(tx, {
      at: now,
      actorId,
      action: 'postmortem.drafted',
      incidentId,
      details: { revision: saved.revision },
    });
    return saved;
  });
}

export function setDraftTs(ctx: DomainContext, incidentId: number, ts: string): void {
  ctx.db
    .update(postmortems)
    .set({ draftTs: ts })
    .where(eq(postmortems.incidentId, incidentId))
    .run();
}

/**
 * Only the commander or an admin approves publication, and only the revision they looked at: a
 * second click, or a click on an older draft, changes nothing.
 */
export function approvePublication(
  ctx: DomainContext,
  incidentId: number,
  revision: number,
  actorId: string,
): Postmortem {
  const incident = getIncident(ctx.db, incidentId);
  if (actorId !== incident.commanderId && !ctx.settings.adminIds.has(actorId)) {
    throw new UserError(
      'not_allowed',
      `Only the incident commander (<@${incident.commanderId}>) or an admin can publish the ${incident.ref} post-mortem.`,
    );
  }
  const current = getPostmortem(ctx, incidentId);
  if (!current)
    throw new UserError(
      'no_postmortem',
      `There is no ${incident.ref} post-mortem yet: \`/incident postmortem\` compiles it.`,
    );
  if (current.status !== 'draft') {
    throw new ConflictError(
      `The ${incident.ref} post-mortem is already ${current.status === 'approved' ? 'being published' : 'published'}; nothing was sent twice.`,
    );
  }
  if (current.gaps.length > 0) {
    throw new UserError(
      'postmortem_has_gaps',
      `Draft ${current.revision} still has gaps to fill: ${current.gaps.join(', ')}. Fill them ` +
        '(`/incident rca`, `/incident action`), compile again with `/incident postmortem`, ' +
        'then publish; the client gets no placeholders.',
    );
  }
  if (!incident.resolvedAt) {
    throw new UserError(
      'not_resolved',
      `${incident.ref} is not resolved, so its post-mortem cannot go to the client yet: ` +
        `resolve it (\`/incident resolve\`), compile again, then publish.`,
    );
  }
  if (current.revision !== revision) {
    throw new ConflictError(
      `This is draft ${revision}, but draft ${current.revision} is newer; publish from the newest draft.`,
    );
  }
  const now = ctx.clock.now();
  return ctx.db.transaction((tx) => {
    const approved = tx
      .update(postmortems)
      .set({ status: 'approved', publishedBy: actorId })
      .where(
        and(
          eq(postmortems.incidentId, incidentId),
          eq(postmortems.status, 'draft'),
          eq(postmortems.revision, revision),
        ),
      )
      .returning()
      .get();
    if (!approved)
      throw new ConflictError('Someone else published it a moment ago; nothing was sent twice.');
    enqueueJob(tx, {
      kind: publishJobKind,
      incidentId,
      dueAt: now,
      dedupeKey: `${publishJobKind}:${incidentId}`,
    });
    writeAudit(tx, {
      at: now,
      actorId,
      action: 'postmortem.approved',
      incidentId,
      details: { revision },
    });
    return approved;
  });
}

/** The client message exists once this is set: a retried publication only re-sends the file. */
export function setClientTs(ctx: DomainContext, incidentId: number, clientTs: string): void {
  ctx.db.update(postmortems).set({ clientTs }).where(eq(postmortems.incidentId, incidentId)).run();
}

export function recordPublished(
  ctx: DomainContext,
  incidentId: number,
  clientTs: string,
): Postmortem {
  const now = ctx.clock.now();
  return ctx.db.transaction((tx) => {
    const current = tx
      .select()
      .from(postmortems)
      .where(eq(postmortems.incidentId, incidentId))
      .get()!;
    const isOnTime = current.dueAt ? now.getTime() <= current.dueAt.getTime() : true;
    const published = tx
      .update(postmortems)
      .set({ status: 'published', publishedAt: now, clientTs, isOnTime })
      .where(eq(postmortems.incidentId, incidentId))
      .returning()
      .get()!;
    addTimelineEntry(
      tx,
      incidentId,
      {
        kind: 'postmortem_published',
        occurredAt: now,
        actorId: current.publishedBy,
        text: `Post-mortem published to the client (${isOnTime ? 'on time' : 'late'})`,
      },
      now,
    );
    return published;
  });
}
