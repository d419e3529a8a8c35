import type { WebClient } from '@slack/web-api';
import type { DomainContext } from '../incidents/context.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { UserNames } from './users.js';

/** What Slack handlers and Slack-facing jobs share. */
export interface SlackDeps {
  ctx: DomainContext;
  client: WebClient;
  names: UserNames;
  bot: { userId: string; teamId: string };
  scheduler: Scheduler;
  /** Work started after an ack; tests and replay wait for it to settle. */
  track<T>(work: Promise<T>): Promise<T>;
}
