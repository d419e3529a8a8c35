import { desc, eq } from 'drizzle-orm';
import { type RunningVigil, startVigil } from '../app.js';
import type { VirtualClock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { SandboxUsergroup, SlackSandbox } from '../sandbox/index.js';
import { loadSettings } from '../settings-load.js';
import { incidents } from '../store/schema.js';
import type { Scenario } from './scenario.js';
import { ScenarioError } from './scenario-error.js';
import { describeInstant } from './scenario-time.js';

export const replaySecrets = {
  botToken: 'xoxb-replay-0000000000-sandbox',
  signingSecret: 'replay-signing-secret-0000000000',
  alertToken: 'replay-alert-token-0000000000',
};

/** What answered the last slash command, for `reply_to: last_command`. */
export interface CommandRecord {
  userId: string;
  channelId: string;
  /** The ack's body as the app sent it; null when the ack was not a 200. */
  ackBody: unknown;
  responseUrl: string;
  /** Only ephemerals newer than this answered the command. */
  afterTs: string;
  /** Field errors of modals submitted since, which are the answer when a form was refused. */
  refusals: string[];
}

/** Guards against a job that is due again every time it runs. */
const maxSchedulerRounds = 10_000;

/** One replay: the sandbox, the app on top of it, the virtual clock, and who is who. */
export class ReplaySession {
  app!: RunningVigil;
  lastCommand: CommandRecord | null = null;
  /** Forms Vigil refused, one line each, so a drill shows what a person would have been told. */
  readonly refusedForms: string[] = [];
  readonly usergroups: SandboxUsergroup[] = [];

  constructor(
    readonly scenario: Scenario,
    readonly sandbox: SlackSandbox,
    readonly clock: VirtualClock,
    private readonly config: Config,
    readonly databasePath: string,
    private readonly logger: Logger,
  ) {}

  async startApp(): Promise<void> {
    this.app = await startVigil({
      ...replaySecrets,
      slackApiUrl: this.sandbox.apiUrl,
      databasePath: this.databasePath,
      clock: this.clock,
      logger: this.logger,
      logLevel: 'info',
      resolveSettings: (client) => loadSettings(this.config, client),
      port: 0,
      host: '127.0.0.1',
      wakeScheduler: false,
      retryConfig: { retries: 3, factor: 1, minTimeout: 0, maxTimeout: 1_000 },
    });
    if (!this.app.eventsUrl) throw new Error('the app started without an HTTP receiver');
    this.sandbox.connectApp(this.app.eventsUrl);
    await this.quiesce();
  }

  /** Kills the app as a crash would and starts it again on the same database and sandbox. */
  async restartApp(): Promise<void> {
    await this.app.kill();
    await this.startApp();
  }

  /** Waits until the sandbox, the app and the jobs due now have all stopped producing work. */
  async quiesce(): Promise<void> {
    for (let round = 0; round < maxSchedulerRounds; round++) {
      await this.sandbox.settled();
      await this.app.idle();
      this.sandbox.deliverDueScheduledMessages();
      const ran = await this.app.scheduler.runDue();
      await this.sandbox.settled();
      await this.app.idle();
      if (ran === 0) return;
    }
    throw new ScenarioError('the scheduler keeps finding due jobs; a job reschedules itself now');
  }

  /** Moves the clock to `target`, stopping at each job's due time on the way so it runs then. */
  async advanceTo(target: Date): Promise<void> {
    const now = this.clock.now();
    if (target.getTime() < now.getTime()) {
      const offset = this.scenario.offsetMinutes;
      throw new ScenarioError(
        `${describeInstant(target, offset, now)} is before the clock ` +
          `(${describeInstant(now, offset, now)}); time never goes backwards`,
      );
    }
    for (let round = 0; round < maxSchedulerRounds; round++) {
      const due = this.app.scheduler.nextDueAt();
      if (!due || due.getTime() > target.getTime()) {
        this.clock.set(target);
        await this.quiesce();
        return;
      }
      if (due.getTime() > this.clock.now().getTime()) this.clock.set(due);
      await this.quiesce();
    }
    throw new ScenarioError('the scheduler keeps finding due jobs; a job reschedules itself now');
  }

  /** The incident most recently declared, or the one with this ref. */
  incident(ref?: string) {
    const query = this.app.store.db.select().from(incidents);
    if (ref) return query.where(eq(incidents.ref, ref.toUpperCase())).get();
    return query.orderBy(desc(incidents.id)).limit(1).get();
  }

  /** `CHANNEL` in a step or expectation: a name, `$incident` or `$incident:REF`. */
  resolveChannel(reference: string): { id: string; name: string } {
    const trimmed = reference.trim().replace(/^#/, '');
    if (trimmed.startsWith('$incident')) {
      const ref = trimmed.slice('$incident'.length).replace(/^:/, '') || undefined;
      const incident = this.incident(ref);
      if (!incident) {
        throw new ScenarioError(
          ref ? `no incident ${ref} has been declared` : 'no incident has been declared yet',
        );
      }
      if (!incident.channelId) {
        throw new ScenarioError(
          `${incident.ref} has no channel (${incident.severity} works in its announcement thread)`,
        );
      }
      return { id: incident.channelId, name: incident.channelName ?? incident.channelId };
    }
    const channel = this.sandbox.channel(trimmed);
    if (!channel || channel.isIm) {
      const known = this.sandbox
        .channels()
        .filter((c) => !c.isIm)
        .map((c) => c.name)
        .join(', ');
      throw new ScenarioError(
        `no channel "${reference}"; channels are ${known}, $incident and $incident:REF`,
      );
    }
    return { id: channel.id, name: channel.name };
  }

  /** Where a step happens when it names no channel: the incident's, else the first channel. */
  defaultChannel(): { id: string; name: string } {
    const incident = this.incident();
    if (incident?.channelId) return this.resolveChannel('$incident');
    const first = this.scenario.channels[0];
    if (!first) throw new ScenarioError('give the step a channel with in:');
    return this.resolveChannel(first.name);
  }

  userId(symbol: string | undefined): string {
    const wanted = symbol ?? this.scenario.users[0]!.id;
    const user = this.sandbox.user(wanted);
    if (!user) throw new ScenarioError(`unknown user "${wanted}"`);
    return user.id;
  }

  async stop(): Promise<void> {
    await this.app?.stop().catch(() => {});
  }
}
