import { and, eq } from 'drizzle-orm';
import { clientUpdates, jobs, timelineEntries, updateBreaches } from '../../src/store/schema.js';
import type { Harness } from '../helpers/harness.js';

/** Opens the update modal with the command and sends the three parts. */
export function sendUpdate(what: string, doing: string, nextUpdate = '+30m', as = 'dana') {
  return [
    { command: '/incident update', in: '$incident', as },
    { submit: { what, doing, next_update: nextUpdate }, as },
  ];
}

/** The same, with the command typed at `at` (a scenario time such as "15:50"). */
export function sendUpdateAt(at: string, what: string, doing: string, nextUpdate = '+30m') {
  const [command, submit] = sendUpdate(what, doing, nextUpdate);
  return [{ at, ...command }, submit!];
}

/** Submits the open modal straight through the sandbox and returns the field errors, if any. */
export async function submitErrors(
  h: Harness,
  values: Record<string, unknown>,
  as = 'dana',
): Promise<Record<string, string>> {
  const answer = await h.sandbox.driver.submitView({ userId: h.userId(as), values });
  await h.session.quiesce();
  const body = answer.body as { response_action?: string; errors?: Record<string, string> } | null;
  return body?.response_action === 'errors' ? (body.errors ?? {}) : {};
}

export function clientTexts(h: Harness, channel = 'acme-support'): string[] {
  return h.sandbox
    .messages(h.channelId(channel))
    .filter((m) => !m.subtype && !m.ephemeralFor)
    .map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`);
}

export function vigilTexts(h: Harness, channel = '$incident'): string[] {
  const bot = h.sandbox.bot.userId;
  return h.sandbox
    .messages(h.channelId(channel))
    .filter((m) => m.user === bot && !m.ephemeralFor)
    .map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`);
}

export function matching(texts: string[], pattern: RegExp): string[] {
  return texts.filter((t) => pattern.test(t));
}

export function timelineKinds(h: Harness, incidentId: number): string[] {
  return h.session.app.store.db
    .select()
    .from(timelineEntries)
    .where(eq(timelineEntries.incidentId, incidentId))
    .all()
    .filter((e) => e.removedAt === null)
    .map((e) => e.kind);
}

export function breaches(h: Harness, incidentId: number) {
  return h.session.app.store.db
    .select()
    .from(updateBreaches)
    .where(eq(updateBreaches.incidentId, incidentId))
    .all();
}

export function updates(h: Harness, incidentId: number) {
  return h.session.app.store.db
    .select()
    .from(clientUpdates)
    .where(eq(clientUpdates.incidentId, incidentId))
    .all();
}

export function pendingKinds(h: Harness, incidentId: number): string[] {
  return h.session.app.store.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.incidentId, incidentId), eq(jobs.status, 'pending')))
    .all()
    .map((j) => j.kind);
}
