import type { Statement } from 'better-sqlite3';
import { and, eq, isNull } from 'drizzle-orm';
import type { DomainContext } from '../incidents/context.js';
import type { Incident } from '../incidents/queries.js';
import type { Db } from '../store/db.js';
import { messageEdits, messages, timelineEntries } from '../store/schema.js';

export interface IncomingFile {
  name: string;
  mimetype?: string;
  permalink?: string;
}

export interface IncomingMessage {
  channelId: string;
  ts: string;
  threadTs?: string;
  userId: string | null;
  isExternal: boolean;
  text: string;
  files?: IncomingFile[];
  /** Edited-at from Slack (`edited.ts`), when the message arrives already edited. */
  editedTs?: string;
}

export type StoredMessage = typeof messages.$inferSelect;

/** The timeline kind of a message someone chose (📌 or the shortcut). */
export const pinnedKind = 'pinned_message';

export function tsToDate(ts: string): Date {
  return new Date(Math.round(Number.parseFloat(ts) * 1000));
}

/**
 * Ingest is the hot path (every message of a busy channel): one prepared statement per database
 * connection instead of building the drizzle query each time. The columns are those of
 * `messages` in src/store/schema.ts.
 */
const insertStatements = new WeakMap<object, Statement>();

function insertStatement(ctx: DomainContext): Statement {
  const client = ctx.db.$client;
  let statement = insertStatements.get(client);
  if (!statement) {
    statement = client.prepare(
      `insert into messages (incident_id, channel_id, ts, thread_ts, user_id, is_external, text,
         files, posted_at, edited_at, source)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
    );
    insertStatements.set(client, statement);
  }
  return statement;
}

/**
 * Stores a message once: the same event delivered twice, or a message both delivered and
 * backfilled, lands on the same (channel, ts) row. Returns false when it was already there.
 */
export function storeMessage(
  ctx: DomainContext,
  incident: Incident,
  message: IncomingMessage,
  source: 'event' | 'backfill',
): boolean {
  const files = message.files && message.files.length > 0 ? JSON.stringify(message.files) : null;
  const inserted = insertStatement(ctx).run(
    incident.id,
    message.channelId,
    message.ts,
    message.threadTs && message.threadTs !== message.ts ? message.threadTs : null,
    message.userId,
    message.isExternal ? 1 : 0,
    message.text,
    files,
    tsToDate(message.ts).getTime(),
    message.editedTs ? tsToDate(message.editedTs).getTime() : null,
    source,
  );
  return inserted.changes > 0;
}

export function findMessage(db: Db, channelId: string, ts: string): StoredMessage | undefined {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.channelId, channelId), eq(messages.ts, ts)))
    .get();
}

/**
 * An edit keeps the text it replaces. An unfurl re-sends the message with the same text: that
 * changes nothing. An edit of a message never seen is stored as the message it now is.
 */
export function editMessage(
  ctx: DomainContext,
  incident: Incident,
  message: IncomingMessage,
): void {
  const existing = findMessage(ctx.db, message.channelId, message.ts);
  if (!existing) {
    storeMessage(ctx, incident, message, 'event');
    return;
  }
  if (existing.text === message.text || existing.deletedAt) return;
  const editedAt = message.editedTs ? tsToDate(message.editedTs) : ctx.clock.now();
  ctx.db.transaction((tx) => {
    tx.insert(messageEdits)
      .values({ messageId: existing.id, previousText: existing.text, replacedAt: editedAt })
      .run();
    tx.update(messages)
      .set({
        text: message.text,
        editedAt,
        files: message.files?.length ? message.files : existing.files,
      })
      .where(eq(messages.id, existing.id))
      .run();
    tx.update(timelineEntries)
      .set({ text: message.text })
      .where(
        and(
          eq(timelineEntries.incidentId, incident.id),
          eq(timelineEntries.kind, pinnedKind),
          eq(timelineEntries.sourceTs, message.ts),
        ),
      )
      .run();
  });
}

/**
 * The stored text stays, marked deleted, for the record. A timeline entry chosen from it goes:
 * whoever deleted it may have removed something that must not be shown again (a pasted secret).
 */
export function deleteMessage(ctx: DomainContext, channelId: string, ts: string): void {
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    const deleted = tx
      .update(messages)
      .set({ deletedAt: now })
      .where(
        and(eq(messages.channelId, channelId), eq(messages.ts, ts), isNull(messages.deletedAt)),
      )
      .returning()
      .get();
    if (!deleted) return;
    tx.update(timelineEntries)
      .set({ removedAt: now })
      .where(
        and(
          eq(timelineEntries.incidentId, deleted.incidentId),
          eq(timelineEntries.kind, pinnedKind),
          eq(timelineEntries.sourceTs, ts),
          isNull(timelineEntries.removedAt),
        ),
      )
      .run();
  });
}
