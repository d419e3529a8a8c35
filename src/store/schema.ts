import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

// Every instant is stored as UTC epoch milliseconds; drizzle hands them back as Date.
const instant = (name: string) => integer(name, { mode: 'timestamp_ms' });
const flag = (name: string) => integer(name, { mode: 'boolean' });

export const refCounters = sqliteTable('ref_counters', {
  year: integer('year').primaryKey(),
  lastNumber: integer('last_number').notNull(),
});

export const incidents = sqliteTable(
  'incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ref: text('ref').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    type: text('type').notNull(),
    severity: text('severity').notNull(),
    status: text('status').notNull(),
    clientKey: text('client_key').notNull(),
    deploymentKey: text('deployment_key').notNull(),
    detectedBy: text('detected_by').notNull(),
    hasPersonalData: flag('has_personal_data').notNull().default(false),
    declaredBy: text('declared_by').notNull(),
    commanderId: text('commander_id').notNull(),
    commsLeadId: text('comms_lead_id'),
    channelId: text('channel_id'),
    channelName: text('channel_name'),
    announceChannelId: text('announce_channel_id'),
    announceTs: text('announce_ts'),
    controlTs: text('control_ts'),
    topic: text('topic'),
    policy: text('policy', { mode: 'json' }).notNull(),
    declaredAt: instant('declared_at').notNull(),
    firstContactDueAt: instant('first_contact_due_at'),
    firstContactAt: instant('first_contact_at'),
    nextUpdateDueAt: instant('next_update_due_at'),
    interventionDueAt: instant('intervention_due_at'),
    mitigatedAt: instant('mitigated_at'),
    resolvedAt: instant('resolved_at'),
    resolutionSummary: text('resolution_summary'),
    closedAt: instant('closed_at'),
    personalDataNoticeAt: instant('personal_data_notice_at'),
    version: integer('version').notNull().default(1),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('incidents_ref_unique').on(t.ref),
    uniqueIndex('incidents_channel_unique').on(t.channelId),
    index('incidents_status_idx').on(t.status),
    index('incidents_client_declared_idx').on(t.clientKey, t.declaredAt),
  ],
);

/** Channel setup is several Slack calls; each step is recorded so a failure or restart resumes. */
export const setupSteps = sqliteTable(
  'setup_steps',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    step: text('step').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    doneAt: instant('done_at'),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.step] })],
);

export const timelineEntries = sqliteTable(
  'timeline_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    kind: text('kind').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    actorId: text('actor_id'),
    text: text('text').notNull(),
    data: text('data', { mode: 'json' }),
    sourceChannelId: text('source_channel_id'),
    sourceTs: text('source_ts'),
    removedAt: instant('removed_at'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    index('timeline_incident_idx').on(t.incidentId, t.occurredAt),
    uniqueIndex('timeline_source_unique')
      .on(t.incidentId, t.kind, t.sourceTs)
      .where(sql`source_ts is not null`),
  ],
);

export const messages = sqliteTable(
  'messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    channelId: text('channel_id').notNull(),
    ts: text('ts').notNull(),
    threadTs: text('thread_ts'),
    userId: text('user_id'),
    isExternal: flag('is_external').notNull().default(false),
    text: text('text').notNull(),
    files: text('files', { mode: 'json' }),
    postedAt: instant('posted_at').notNull(),
    editedAt: instant('edited_at'),
    deletedAt: instant('deleted_at'),
    source: text('source').notNull(),
  },
  (t) => [
    uniqueIndex('messages_channel_ts_unique').on(t.channelId, t.ts),
    index('messages_incident_idx').on(t.incidentId, t.postedAt),
  ],
);

export const messageEdits = sqliteTable(
  'message_edits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageId: integer('message_id')
      .notNull()
      .references(() => messages.id),
    previousText: text('previous_text').notNull(),
    replacedAt: instant('replaced_at').notNull(),
  },
  (t) => [index('message_edits_message_idx').on(t.messageId)],
);

export const clientUpdates = sqliteTable(
  'client_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    sequence: integer('sequence').notNull(),
    kind: text('kind').notNull().default('update'),
    what: text('what').notNull(),
    doing: text('doing').notNull(),
    nextUpdateAt: instant('next_update_at'),
    sentBy: text('sent_by').notNull(),
    sentAt: instant('sent_at').notNull(),
    dueAt: instant('due_at'),
    isFirstContact: flag('is_first_contact').notNull().default(false),
    clientChannelId: text('client_channel_id'),
    clientTs: text('client_ts'),
    mirrorTs: text('mirror_ts'),
    deliveredAt: instant('delivered_at'),
  },
  (t) => [uniqueIndex('client_updates_sequence_unique').on(t.incidentId, t.sequence)],
);

export const updateBreaches = sqliteTable(
  'update_breaches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    dueAt: instant('due_at').notNull(),
    kind: text('kind').notNull(),
    detectedAt: instant('detected_at').notNull(),
    coveredAt: instant('covered_at'),
    lateMinutes: integer('late_minutes'),
  },
  (t) => [uniqueIndex('update_breaches_due_unique').on(t.incidentId, t.kind, t.dueAt)],
);

export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    incidentId: integer('incident_id').references(() => incidents.id),
    dueAt: instant('due_at').notNull(),
    payload: text('payload', { mode: 'json' }),
    status: text('status').notNull().default('pending'),
    dedupeKey: text('dedupe_key').notNull(),
    attempts: integer('attempts').notNull().default(0),
    claimedAt: instant('claimed_at'),
    finishedAt: instant('finished_at'),
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('jobs_pending_dedupe_unique')
      .on(t.dedupeKey)
      .where(sql`status in ('pending', 'running')`),
    index('jobs_due_idx').on(t.status, t.dueAt),
  ],
);

export const mitigations = sqliteTable('mitigations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  incidentId: integer('incident_id')
    .notNull()
    .references(() => incidents.id),
  kind: text('kind').notNull(),
  description: text('description').notNull(),
  actorId: text('actor_id').notNull(),
  at: instant('at').notNull(),
});

export const rcas = sqliteTable('rcas', {
  incidentId: integer('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  firstSignalAt: instant('first_signal_at'),
  degradedAt: instant('degraded_at'),
  whys: text('whys', { mode: 'json' }).$type<string[]>().notNull(),
  rootCause: text('root_cause'),
  sessionsAffected: integer('sessions_affected'),
  usersAffectedPct: real('users_affected_pct'),
  downstreamImpact: text('downstream_impact'),
  hasPersonalData: flag('has_personal_data'),
  updatedBy: text('updated_by').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

export const actions = sqliteTable(
  'actions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    kind: text('kind').notNull().default('corrective'),
    description: text('description').notNull(),
    ownerId: text('owner_id').notNull(),
    dueAt: instant('due_at').notNull(),
    metric: text('metric').notNull(),
    status: text('status').notNull().default('open'),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull(),
    doneAt: instant('done_at'),
  },
  (t) => [index('actions_incident_idx').on(t.incidentId)],
);

export const postmortems = sqliteTable('postmortems', {
  incidentId: integer('incident_id')
    .primaryKey()
    .references(() => incidents.id),
  status: text('status').notNull(),
  revision: integer('revision').notNull().default(1),
  markdown: text('markdown').notNull(),
  clientMarkdown: text('client_markdown').notNull(),
  isRecordPartial: flag('is_record_partial').notNull().default(false),
  gaps: text('gaps', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  compiledAt: instant('compiled_at').notNull(),
  draftTs: text('draft_ts'),
  dueAt: instant('due_at'),
  publishedAt: instant('published_at'),
  publishedBy: text('published_by'),
  isOnTime: flag('is_on_time'),
  clientTs: text('client_ts'),
});

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: instant('at').notNull(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    incidentId: integer('incident_id').references(() => incidents.id),
    details: text('details', { mode: 'json' }),
  },
  (t) => [index('audit_incident_idx').on(t.incidentId)],
);

/** Slack retries and double clicks: a request key seen once is never acted on again. */
export const processedRequests = sqliteTable('processed_requests', {
  key: text('key').primaryKey(),
  kind: text('kind').notNull(),
  at: instant('at').notNull(),
  result: text('result', { mode: 'json' }),
});
