import type { WebClient } from '@slack/web-api';
import type { DomainContext } from '../incidents/context.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { UserNames } from './users.js';

/** What Slack handlers and Slack-facing jobs share. */
export interface SlackDeps {
  ctx: DomainContext;
  client: WebClient;
  /**
   * For views.open only. The shared client pauses its whole queue while any call waits out a 429,
   * which would hold a modal past its trigger's three seconds; and retrying a call whose trigger
   * has expired cannot succeed, so this one neither waits nor retries.
   */
  triggerClient: WebClient;
  names: UserNames;
  bot: { userId: string; teamId: string };
  scheduler: Scheduler;
  /** Work started after an ack; tests and replay wait for it to settle. */
  track<T>(work: Promise<T>): Promise<T>;
}
