CREATE TABLE `actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`kind` text DEFAULT 'corrective' NOT NULL,
	`description` text NOT NULL,
	`owner_id` text NOT NULL,
	`due_at` integer NOT NULL,
	`metric` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`done_at` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `actions_incident_idx` ON `actions` (`incident_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text NOT NULL,
	`action` text NOT NULL,
	`incident_id` integer,
	`details` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_incident_idx` ON `audit_log` (`incident_id`);--> statement-breakpoint
CREATE TABLE `client_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`sequence` integer NOT NULL,
	`kind` text DEFAULT 'update' NOT NULL,
	`what` text NOT NULL,
	`doing` text NOT NULL,
	`next_update_at` integer,
	`sent_by` text NOT NULL,
	`sent_at` integer NOT NULL,
	`due_at` integer,
	`is_first_contact` integer DEFAULT false NOT NULL,
	`client_channel_id` text,
	`client_ts` text,
	`mirror_ts` text,
	`delivered_at` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `client_updates_sequence_unique` ON `client_updates` (`incident_id`,`sequence`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref` text NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`type` text NOT NULL,
	`severity` text NOT NULL,
	`status` text NOT NULL,
	`client_key` text NOT NULL,
	`deployment_key` text NOT NULL,
	`detected_by` text NOT NULL,
	`has_personal_data` integer DEFAULT false NOT NULL,
	`declared_by` text NOT NULL,
	`commander_id` text NOT NULL,
	`comms_lead_id` text,
	`channel_id` text,
	`channel_name` text,
	`announce_channel_id` text,
	`announce_ts` text,
	`control_ts` text,
	`topic` text,
	`policy` text NOT NULL,
	`declared_at` integer NOT NULL,
	`first_contact_due_at` integer,
	`first_contact_at` integer,
	`next_update_due_at` integer,
	`intervention_due_at` integer,
	`mitigated_at` integer,
	`resolved_at` integer,
	`resolution_summary` text,
	`closed_at` integer,
	`personal_data_notice_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_ref_unique` ON `incidents` (`ref`);--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_channel_unique` ON `incidents` (`channel_id`);--> statement-breakpoint
CREATE INDEX `incidents_status_idx` ON `incidents` (`status`);--> statement-breakpoint
CREATE INDEX `incidents_client_declared_idx` ON `incidents` (`client_key`,`declared_at`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`incident_id` integer,
	`due_at` integer NOT NULL,
	`payload` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`dedupe_key` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`claimed_at` integer,
	`finished_at` integer,
	`last_error` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_pending_dedupe_unique` ON `jobs` (`dedupe_key`) WHERE status in ('pending', 'running');--> statement-breakpoint
CREATE INDEX `jobs_due_idx` ON `jobs` (`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `message_edits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` integer NOT NULL,
	`previous_text` text NOT NULL,
	`replaced_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `message_edits_message_idx` ON `message_edits` (`message_id`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`channel_id` text NOT NULL,
	`ts` text NOT NULL,
	`thread_ts` text,
	`user_id` text,
	`is_external` integer DEFAULT false NOT NULL,
	`text` text NOT NULL,
	`files` text,
	`posted_at` integer NOT NULL,
	`edited_at` integer,
	`deleted_at` integer,
	`source` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_channel_ts_unique` ON `messages` (`channel_id`,`ts`);--> statement-breakpoint
CREATE INDEX `messages_incident_idx` ON `messages` (`incident_id`,`posted_at`);--> statement-breakpoint
CREATE TABLE `mitigations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`kind` text NOT NULL,
	`description` text NOT NULL,
	`actor_id` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `postmortems` (
	`incident_id` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`markdown` text NOT NULL,
	`client_markdown` text NOT NULL,
	`is_record_partial` integer DEFAULT false NOT NULL,
	`gaps` text DEFAULT '[]' NOT NULL,
	`compiled_at` integer NOT NULL,
	`draft_ts` text,
	`due_at` integer,
	`published_at` integer,
	`published_by` text,
	`is_on_time` integer,
	`client_ts` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `processed_requests` (
	`key` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`result` text
);
--> statement-breakpoint
CREATE TABLE `rcas` (
	`incident_id` integer PRIMARY KEY NOT NULL,
	`first_signal_at` integer,
	`degraded_at` integer,
	`whys` text NOT NULL,
	`root_cause` text,
	`sessions_affected` integer,
	`users_affected_pct` real,
	`downstream_impact` text,
	`has_personal_data` integer,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ref_counters` (
	`year` integer PRIMARY KEY NOT NULL,
	`last_number` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `setup_steps` (
	`incident_id` integer NOT NULL,
	`step` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`done_at` integer,
	PRIMARY KEY(`incident_id`, `step`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `timeline_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`kind` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`actor_id` text,
	`text` text NOT NULL,
	`data` text,
	`source_channel_id` text,
	`source_ts` text,
	`removed_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `timeline_incident_idx` ON `timeline_entries` (`incident_id`,`occurred_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `timeline_source_unique` ON `timeline_entries` (`incident_id`,`kind`,`source_ts`) WHERE source_ts is not null;--> statement-breakpoint
CREATE TABLE `update_breaches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`due_at` integer NOT NULL,
	`kind` text NOT NULL,
	`detected_at` integer NOT NULL,
	`covered_at` integer,
	`late_minutes` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `update_breaches_due_unique` ON `update_breaches` (`incident_id`,`kind`,`due_at`);