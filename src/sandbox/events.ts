import { setTimeout as sleep } from 'node:timers/promises';
import { postSigned, type SlackContentType } from './signing.js';
import type { Workspace } from './state.js';
import type { Delivery, DeliveryResult, SandboxChannel } from './types.js';

/** Counts work in flight so settled() can tell when the app has gone quiet. */
export class Activity {
  inFlight = 0;
  counter = 0;

  begin(): void {
    this.inFlight++;
    this.counter++;
  }

  end(): void {
    this.inFlight--;
    this.counter++;
  }
}

interface LastEvent {
  body: string;
  retryNum: number;
}

/**
 * Delivers events, commands and interactions to the app one at a time, in order.
 * Failed deliveries are not retried on Slack's schedule (three retries over about five
 * minutes); a test repeats one with redeliverLast.
 */
export class AppLink {
  endpointUrl?: string;
  readonly deliveries: Delivery[] = [];
  readonly emittedEvents: Array<Record<string, unknown>> = [];
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private lastEvent?: LastEvent;

  constructor(
    private readonly ws: Workspace,
    private readonly signingSecret: string,
    readonly activity: Activity,
  ) {}

  /**
   * Queues an Events API delivery. Channel events reach the app only when its bot is in the
   * channel, as with Slack's message.channels / reaction_added subscriptions.
   */
  emitEvent(
    event: Record<string, unknown>,
    channel?: SandboxChannel,
  ): Promise<DeliveryResult | undefined> {
    if (channel && !this.ws.isBotMember(channel)) return Promise.resolve(undefined);
    const envelope = this.envelope(event, channel);
    this.emittedEvents.push(envelope);
    const body = JSON.stringify(envelope);
    return this.enqueue(async () => {
      this.lastEvent = { body, retryNum: 0 };
      return this.post('event', envelope, body, 'application/json', {});
    });
  }

  sendForm(kind: 'command' | 'interaction', payload: unknown, body: string): Promise<Delivery> {
    return this.enqueue(async () => {
      const delivery = await this.post(
        kind,
        payload,
        body,
        'application/x-www-form-urlencoded',
        {},
      );
      if (!delivery) throw new Error('no app connected: call sandbox.connectApp(url) first');
      return delivery;
    });
  }

  redeliverLast(reason = 'http_timeout'): Promise<DeliveryResult> {
    const last = this.lastEvent;
    if (!last) throw new Error('no Events API delivery to repeat yet');
    return this.enqueue(async () => {
      last.retryNum += 1;
      const headers = {
        'x-slack-retry-num': String(last.retryNum),
        'x-slack-retry-reason': reason,
      };
      const delivery = await this.post(
        'event',
        JSON.parse(last.body),
        last.body,
        'application/json',
        headers,
      );
      return delivery ?? { status: 0, body: null };
    });
  }

  /** Resolves once everything queued so far has been delivered. */
  async flush(): Promise<void> {
    await this.tail;
  }

  /**
   * Waits for the queue to drain, for in-flight Web API calls to end and then for a quiet
   * period. Work the app does between its ack and its next Web API call is invisible here: a
   * pause longer than quietMs in that gap ends the wait early.
   */
  async settled(quietMs = 20, maxWaitMs = 10_000): Promise<void> {
    const started = performance.now();
    for (;;) {
      const before = this.activity.counter;
      await this.tail;
      while (this.activity.inFlight > 0 || this.pending > 0) {
        if (performance.now() - started > maxWaitMs) {
          throw new Error(`sandbox did not settle within ${maxWaitMs} ms`);
        }
        await sleep(2);
      }
      await sleep(quietMs);
      const isQuiet = this.activity.counter === before;
      if (isQuiet && this.pending === 0 && this.activity.inFlight === 0) return;
    }
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    this.pending++;
    this.activity.counter++;
    const run = this.tail.then(task, task);
    this.tail = run.then(
      () => this.pending--,
      () => this.pending--,
    );
    return run;
  }

  private async post(
    kind: Delivery['kind'],
    payload: unknown,
    body: string,
    contentType: SlackContentType,
    headers: Record<string, string>,
  ): Promise<Delivery | undefined> {
    if (!this.endpointUrl) return undefined;
    const started = performance.now();
    const retryNum = Number(headers['x-slack-retry-num'] ?? 0);
    let result: DeliveryResult;
    try {
      const url = this.endpointUrl;
      result = await postSigned({
        url,
        signingSecret: this.signingSecret,
        body,
        contentType,
        headers,
      });
    } catch (error) {
      result = { status: 0, body: error instanceof Error ? error.message : String(error) };
    }
    const delivery: Delivery = {
      kind,
      payload,
      retryNum,
      elapsedMs: performance.now() - started,
      ...result,
    };
    this.deliveries.push(delivery);
    return delivery;
  }

  private envelope(
    event: Record<string, unknown>,
    channel?: SandboxChannel,
  ): Record<string, unknown> {
    const { team, bot } = this.ws;
    const context = Buffer.from(JSON.stringify({ et: event.type, tid: team.id, aid: bot.appId }));
    return {
      token: team.verificationToken,
      team_id: team.id,
      context_team_id: team.id,
      context_enterprise_id: null,
      api_app_id: bot.appId,
      event,
      type: 'event_callback',
      event_id: this.ws.ids.event(),
      event_time: this.ws.nowSeconds(),
      authorizations: [
        {
          enterprise_id: null,
          team_id: team.id,
          user_id: bot.userId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: channel?.isShared ?? false,
      event_context: `4-${context.toString('base64url')}`,
    };
  }
}
