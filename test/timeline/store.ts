import { eq } from 'drizzle-orm';
import { messageEdits, messages, timelineEntries } from '../../src/store/schema.js';
import type { Harness } from '../helpers/harness.js';

export function storedMessages(h: Harness) {
  return h.session.app.store.db.select().from(messages).orderBy(messages.ts).all();
}

export function editsOf(h: Harness, messageId: number) {
  return h.session.app.store.db
    .select()
    .from(messageEdits)
    .where(eq(messageEdits.messageId, messageId))
    .all();
}

/** Entries still on the timeline, in the order the timeline shows them. */
export function entries(h: Harness) {
  return h.session.app.store.db
    .select()
    .from(timelineEntries)
    .orderBy(timelineEntries.occurredAt, timelineEntries.id)
    .all()
    .filter((e) => e.removedAt === null);
}

export function pinned(h: Harness) {
  return entries(h).filter((e) => e.kind === 'pinned_message');
}
