import { enqueueJob } from '../scheduler/jobs.js';
import type { Db } from '../store/db.js';

export const personalDataJob = 'pd.remind';
export const personalDataRepeatMs = 30 * 60_000;

/** GDPR gives the controller 72 hours from awareness; the clock is theirs, we only show it. */
export const controllerClockHours = 72;

/** Asks the commander at once, then again every half hour until the notice has gone out. */
export function planPersonalDataNotice(tx: Pick<Db, 'insert'>, incidentId: number, at: Date): void {
  enqueueJob(tx as never, {
    kind: personalDataJob,
    incidentId,
    dueAt: at,
    dedupeKey: `${personalDataJob}:${incidentId}:${at.getTime()}`,
  });
}
