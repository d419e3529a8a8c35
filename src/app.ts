import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Clock } from './clock.js';
import { isUserError } from './errors.js';
import { alertRoutes } from './http/alerts-route.js';
import { refreshJobKind } from './incidents/change.js';
import type { DomainContext } from './incidents/context.js';
import { setupJobKind } from './incidents/declare.js';
import type { Settings } from './incidents/settings.js';
import { type Level, type Logger, toBoltLogger } from './logger.js';
import { type JobHandler, Scheduler } from './scheduler/scheduler.js';
import { backfillOpenIncidents } from './slack/backfill.js';
import type { SlackDeps } from './slack/deps.js';
import { routes } from './slack/handlers/index.js';
import { lifecycleJobHandlers } from './slack/lifecycle-jobs.js';
import { refreshSurfaces } from './slack/refresh-surfaces.js';
import { registerRoutes } from './slack/routes.js';
import { setupIncident } from './slack/setup-incident.js';
import { updateJobHandlers } from './slack/update-jobs.js';
import { UserNames } from './slack/users.js';
import { openStore, type Store } from './store/db.js';

export interface VigilOptions {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  slackApiUrl?: string;
  databasePath: string;
  clock: Clock;
  logger: Logger;
  logLevel: Level;
  /** Turns the config file into Slack ids; runs after auth.test, before anything is served. */
  resolveSettings(client: WebClient): Promise<Settings>;
  port: number;
  host?: string;
  /** node-cron wakes the scheduler each second; replay drives it from the virtual clock instead. */
  wakeScheduler: boolean;
  retryConfig?: WebClientOptions['retryConfig'];
  /** Shared secret monitoring sends to POST /alerts; without it the endpoint answers 503. */
  alertToken?: string;
}

export interface RunningVigil {
  url: string | null;
  eventsUrl: string | null;
  alertsUrl: string | null;
  store: Store;
  scheduler: Scheduler;
  deps: SlackDeps;
  /** Resolves once no work started after an ack is still running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
  /** Stops serving at once, dropping in-flight work, as a crash would. */
  kill(): Promise<void>;
}

export async function startVigil(options: VigilOptions): Promise<RunningVigil> {
  const logger = options.logger;
  const clientOptions: WebClientOptions = {
    slackApiUrl: options.slackApiUrl,
    retryConfig: options.retryConfig ?? {
      retries: 3,
      factor: 2,
      minTimeout: 200,
      maxTimeout: 5_000,
    },
    logger: toBoltLogger(logger.child({ component: 'web-api' }), options.logLevel),
    logLevel: LogLevel.WARN,
  };
  const client = new WebClient(options.botToken, clientOptions);
  const auth = await client.auth.test();
  const bot = { userId: auth.user_id!, teamId: auth.team_id!, botId: auth.bot_id! };
  const settings = await options.resolveSettings(client);

  const store = openStore(options.databasePath);
  const ctx: DomainContext = { db: store.db, clock: options.clock, settings, logger };
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    const forget = () => inFlight.delete(work);
    work.then(forget, (error) => {
      forget();
      // A person's mistake was already answered to them; only real failures are errors.
      if (isUserError(error)) logger.info('background work refused', { code: error.code });
      else logger.error('background work failed', { error });
    });
    return work;
  };
  const handlers = new Map<string, JobHandler>();
  const scheduler = new Scheduler(
    store.db,
    options.clock,
    logger.child({ component: 'scheduler' }),
    handlers,
  );
  const triggerClient = new WebClient(options.botToken, {
    ...clientOptions,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  });
  const deps: SlackDeps = {
    ctx,
    client,
    triggerClient,
    names: new UserNames(client),
    bot: { userId: bot.userId, teamId: bot.teamId },
    scheduler,
    track,
  };
  handlers.set(setupJobKind, (job) => setupIncident(deps, job));
  handlers.set(refreshJobKind, (job) => refreshSurfaces(deps, job));
  for (const [kind, handle] of Object.entries({ ...updateJobHandlers, ...lifecycleJobHandlers })) {
    handlers.set(kind, (job) => handle(deps, job));
  }

  const app = new App({
    token: options.botToken,
    botId: bot.botId,
    botUserId: bot.userId,
    ...(options.appToken
      ? { socketMode: true, appToken: options.appToken }
      : { signingSecret: options.signingSecret }),
    clientOptions,
    logger: toBoltLogger(logger.child({ component: 'bolt' }), options.logLevel),
    customRoutes: [
      {
        path: '/healthz',
        method: 'GET',
        handler: (_req, res) => {
          const isDbOk = store.sqlite.prepare('select 1 as ok').get() !== undefined;
          res.writeHead(isDbOk ? 200 : 503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: isDbOk, team: bot.teamId }));
        },
      },
      ...alertRoutes(deps, options.alertToken),
    ],
  });
  registerRoutes(app, deps, routes);

  const recovered = scheduler.recoverInterrupted();
  const server = (await app.start({
    port: options.port,
    host: options.host ?? '0.0.0.0',
  })) as unknown;
  const address = options.appToken ? null : ((server as Server).address() as AddressInfo);
  const url = address ? `http://${options.host ?? '127.0.0.1'}:${address.port}` : null;
  if (options.wakeScheduler) scheduler.startWaking();
  void track(scheduler.runDue());
  void track(backfillOpenIncidents(deps));
  logger.info('vigil ready', {
    mode: options.appToken ? 'socket' : 'http',
    port: address?.port,
    recovered,
  });

  const idle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
  let stopped = false;
  return {
    url,
    eventsUrl: url ? `${url}/slack/events` : null,
    alertsUrl: url ? `${url}/alerts` : null,
    store,
    scheduler,
    deps,
    idle,
    async stop() {
      if (stopped) return;
      stopped = true;
      scheduler.stopWaking();
      await idle();
      await app.stop();
      store.close();
    },
    async kill() {
      if (stopped) return;
      stopped = true;
      scheduler.stopWaking();
      if (!options.appToken) (server as Server).closeAllConnections();
      await app.stop().catch(() => {});
      store.close();
    },
  };
}
