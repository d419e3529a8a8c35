import { and, asc, eq, isNull } from 'drizzle-orm';
import { UserError } from '../errors.js';
import { addTimelineEntry } from '../incidents/change.js';
import type { DomainContext } from '../incidents/context.js';
import type { Incident } from '../incidents/queries.js';
import { writeAudit } from '../store/audit.js';
import { timelineEntries } from '../store/schema.js';
import { findMessage, tsToDate } from './messages.js';

export type TimelineEntry = typeof timelineEntries.$inferSelect;

export function addNote(ctx: DomainContext, incident: Incident, text: string, actorId: string) {
  const note = text.trim();
  if (note === '') {
    throw new UserError(
      'empty_note',
      'Write the note after the command: `/incident note CRM vendor confirms the API change`.',
    );
  }
  if (note.length > 3000) {
    throw new UserError(
      'note_too_long',
      `Keep a note under 3,000 characters (it has ${note.length}).`,
    );
  }
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    addTimelineEntry(tx, incident.id, { kind: 'note', occurredAt: now, actorId, text: note }, now);
    writeAudit(tx, { at: now, actorId, action: 'timeline.note', incidentId: incident.id });
  });
  return note;
}

export interface ChosenMessage {
  channelId: string;
  ts: string;
  text: string;
  authorId: string | null;
}

/**
 * A message chosen for the timeline (📌 or the shortcut) keeps the time it was posted, not the
 * time it was chosen. Choosing it again, or choosing it both ways, leaves one entry.
 */
export function pinToTimeline(
  ctx: DomainContext,
  incident: Incident,
  chosen: ChosenMessage,
  actorId: string,
) {
  const now = ctx.clock.now();
  const stored = findMessage(ctx.db, chosen.channelId, chosen.ts);
  const existing = ctx.db
    .select()
    .from(timelineEntries)
    .where(
      and(
        eq(timelineEntries.incidentId, incident.id),
        eq(timelineEntries.kind, 'pinned_message'),
        eq(timelineEntries.sourceTs, chosen.ts),
      ),
    )
    .get();
  ctx.db.transaction((tx) => {
    if (existing) {
      tx.update(timelineEntries)
        .set({ removedAt: null })
        .where(eq(timelineEntries.id, existing.id))
        .run();
    } else {
      addTimelineEntry(
        tx,
        incident.id,
        {
          kind: 'pinned_message',
          occurredAt: stored?.postedAt ?? tsToDate(chosen.ts),
          actorId: stored?.userId ?? chosen.authorId,
          text: stored?.text ?? chosen.text,
          data: { chosenBy: actorId },
          sourceChannelId: chosen.channelId,
          sourceTs: chosen.ts,
        },
        now,
      );
    }
    writeAudit(tx, {
      at: now,
      actorId,
      action: 'timeline.pinned',
      incidentId: incident.id,
      details: { ts: chosen.ts },
    });
  });
}

export function unpinFromTimeline(
  ctx: DomainContext,
  incident: Incident,
  ts: string,
  actorId: string,
) {
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    tx.update(timelineEntries)
      .set({ removedAt: now })
      .where(
        and(
          eq(timelineEntries.incidentId, incident.id),
          eq(timelineEntries.kind, 'pinned_message'),
          eq(timelineEntries.sourceTs, ts),
          isNull(timelineEntries.removedAt),
        ),
      )
      .run();
    writeAudit(tx, {
      at: now,
      actorId,
      action: 'timeline.unpinned',
      incidentId: incident.id,
      details: { ts },
    });
  });
}

export function listTimeline(ctx: DomainContext, incidentId: number): TimelineEntry[] {
  return ctx.db
    .select()
    .from(timelineEntries)
    .where(and(eq(timelineEntries.incidentId, incidentId), isNull(timelineEntries.removedAt)))
    .orderBy(asc(timelineEntries.occurredAt), asc(timelineEntries.id))
    .all();
}
