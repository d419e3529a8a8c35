import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { FieldErrors } from '../errors.js';
import { planPersonalDataNotice } from '../rca/personal-data.js';
import { enqueueJob } from '../scheduler/jobs.js';
import { writeAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import { claimRequest, requestResult, setRequestResult } from '../store/requests.js';
import { actions, incidents, refCounters, timelineEntries } from '../store/schema.js';
import { planFirstContact } from '../updates/cadence.js';
import { withoutSlackMarkup } from './channel-name.js';
import type { DomainContext } from './context.js';
import { getIncident, type Incident } from './queries.js';
import { findClient } from './settings.js';
import { detectionSources, incidentTypes, severities } from './types.js';

export const maxTitleLength = 150;
export const maxSummaryLength = 3000;

export const DeclareInput = z.object({
  title: z.string(),
  severity: z.enum(severities),
  type: z.enum(incidentTypes),
  clientKey: z.string(),
  deploymentKey: z.string(),
  summary: z.string().default(''),
  hasPersonalData: z.boolean().default(false),
  detectedBy: z.enum(detectionSources),
  actorId: z.string(),
});
export type DeclareInput = z.infer<typeof DeclareInput>;

export const setupJobKind = 'incident.setup';

/**
 * What is wrong with a title, in words for the person typing it; undefined when nothing is.
 * Emoji, symbols and mentions alone do not say what broke, so a title needs a letter or digit
 * outside Slack markup. Any script counts: the channel name falls back to the type.
 */
export function titleProblem(title: string): string | undefined {
  if (title.length === 0) return 'Give the incident a short title, e.g. "CRM lookups time out".';
  if (title.length > maxTitleLength) {
    return (
      `Keep the title under ${maxTitleLength} characters (it has ${title.length}); ` +
      'put the details in the summary.'
    );
  }
  if (!/[\p{L}\p{N}]/u.test(withoutSlackMarkup(title))) {
    return (
      'The title needs at least one word: emoji, symbols and mentions alone ' +
      'do not say what broke.'
    );
  }
  return undefined;
}

export function normalizeTitle(title: string): string {
  return title.trim().replace(/\s+/g, ' ');
}

/** Checks what zod cannot: lengths with a reason, and client/deployment against the config. */
export function checkDeclareInput(ctx: DomainContext, input: DeclareInput): DeclareInput {
  const errors: Record<string, string> = {};
  const title = normalizeTitle(input.title);
  const problem = titleProblem(title);
  if (problem) errors.title = problem;
  const summary = input.summary.trim();
  if (summary.length > maxSummaryLength) {
    errors.summary = `Keep the summary under ${maxSummaryLength} characters (it has ${summary.length}).`;
  }
  const client = findClient(ctx.settings, input.clientKey);
  if (!client) {
    const known = ctx.settings.clients.map((c) => c.key).join(', ');
    errors.client = `"${input.clientKey}" is not a client in the configuration (known: ${known}).`;
  } else if (!client.deployments.some((d) => d.key === input.deploymentKey)) {
    const known = client.deployments.map((d) => d.key).join(', ');
    errors.deployment = `${client.name} has no deployment "${input.deploymentKey}" (it has: ${known}).`;
  }
  if (Object.keys(errors).length > 0) throw new FieldErrors(errors);
  return { ...input, title, summary };
}

function allocateRef(tx: Pick<Db, 'insert'>, year: number): string {
  const row = tx
    .insert(refCounters)
    .values({ year, lastNumber: 1 })
    .onConflictDoUpdate({
      target: refCounters.year,
      set: { lastNumber: sql`${refCounters.lastNumber} + 1` },
    })
    .returning({ lastNumber: refCounters.lastNumber })
    .get();
  return `INC-${year}-${String(row.lastNumber).padStart(4, '0')}`;
}

export interface DeclareResult {
  incident: Incident;
  isNew: boolean;
}

/**
 * Records the incident, its first timeline entry and the channel setup job in one transaction.
 * `requestKey` identifies the submission: the same key a second time returns the first incident.
 */
export function declareIncident(
  ctx: DomainContext,
  rawInput: DeclareInput,
  requestKey: string,
): DeclareResult {
  const input = checkDeclareInput(ctx, rawInput);
  const client = findClient(ctx.settings, input.clientKey)!;
  const now = ctx.clock.now();

  const outcome = ctx.db.transaction((tx) => {
    if (!claimRequest(tx, requestKey, 'declare', now)) {
      const earlier = requestResult<{ incidentId: number }>(tx, requestKey);
      return { incidentId: earlier?.incidentId ?? null, isNew: false };
    }
    const ref = allocateRef(tx, now.getUTCFullYear());
    const incident = tx
      .insert(incidents)
      .values({
        ref,
        title: input.title,
        summary: input.summary,
        type: input.type,
        severity: input.severity,
        status: 'declared',
        clientKey: input.clientKey,
        deploymentKey: input.deploymentKey,
        detectedBy: input.detectedBy,
        hasPersonalData: input.hasPersonalData,
        declaredBy: input.actorId,
        commanderId: input.actorId,
        announceChannelId: ctx.settings.announceChannelId,
        policy: { client: client.key, clientName: client.name, ...client.policy },
        declaredAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    tx.insert(timelineEntries)
      .values({
        incidentId: incident.id,
        kind: 'declared',
        occurredAt: now,
        actorId: input.actorId,
        text: `Declared ${input.severity} ${input.type}: ${input.title} (detected by ${input.detectedBy})`,
        createdAt: now,
      })
      .run();
    writeAudit(tx, {
      at: now,
      actorId: input.actorId,
      action: 'incident.declared',
      incidentId: incident.id,
      details: { ref, severity: input.severity, type: input.type, client: input.clientKey },
    });
    planFirstContact(tx, incident, now);
    if (input.detectedBy === 'client') recordMonitoringMiss(tx, incident, now);
    if (input.hasPersonalData) planPersonalDataNotice(tx, incident.id, now);
    enqueueJob(tx, {
      kind: setupJobKind,
      incidentId: incident.id,
      dueAt: now,
      dedupeKey: `${setupJobKind}:${incident.id}`,
    });
    setRequestResult(tx, requestKey, { incidentId: incident.id });
    return { incidentId: incident.id, isNew: true };
  });

  if (outcome.incidentId === null) throw new Error(`request ${requestKey} has no incident`);
  const incident = getIncident(ctx.db, outcome.incidentId);
  if (outcome.isNew) {
    ctx.logger.info('incident declared', {
      incidentId: incident.id,
      ref: incident.ref,
      severity: incident.severity,
    });
  }
  return { incident, isNew: outcome.isNew };
}

const revisionWindowMs = 7 * 24 * 60 * 60_000;

/** The client saw it before our alerts did: the thresholds are wrong, and that is an action. */
function recordMonitoringMiss(tx: Pick<Db, 'insert'>, incident: Incident, now: Date): void {
  tx.insert(actions)
    .values({
      incidentId: incident.id,
      kind: 'revise_thresholds',
      description:
        `Revise the monitoring thresholds of ${incident.deploymentKey}: ` +
        'the client noticed this incident before our alerts did',
      ownerId: incident.commanderId,
      dueAt: new Date(now.getTime() + revisionWindowMs),
      metric: 'a replay of this failure raises an alert before any client report',
      createdBy: incident.declaredBy,
      createdAt: now,
    })
    .run();
  tx.insert(timelineEntries)
    .values({
      incidentId: incident.id,
      kind: 'monitoring_missed',
      occurredAt: now,
      actorId: null,
      text: 'Monitoring missed it: the client reported the incident first. A threshold revision action was opened.',
      createdAt: now,
    })
    .run();
}
