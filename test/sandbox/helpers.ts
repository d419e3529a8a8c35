import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { App, LogLevel } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { VirtualClock } from '../../src/clock.js';
import { type SandboxOptions, SlackSandbox } from '../../src/sandbox/index.js';

/** Payload and envelope JSON read field by field in assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary Slack JSON
export type Payload = Record<string, any>;

export const botToken = 'xoxb-sandbox-test-token';
export const signingSecret = 'test-signing-secret-0000';
export const startAt = new Date('2024-05-14T10:00:00Z');

const fixtureRoot = fileURLToPath(new URL('../fixtures/slack/', import.meta.url));

export function fixture<T = Record<string, unknown>>(relative: string): T {
  return JSON.parse(readFileSync(`${fixtureRoot}${relative}`, 'utf8')) as T;
}

export function fixtureText(relative: string): string {
  return readFileSync(`${fixtureRoot}${relative}`, 'utf8');
}

export function fixtureNames(folder: string): string[] {
  return readdirSync(`${fixtureRoot}${folder}`).sort();
}

export interface World {
  sandbox: SlackSandbox;
  clock: VirtualClock;
  client: WebClient;
  alex: string;
  sam: string;
  jordan: string;
  riley: string;
  casey: string;
  incidents: string;
  general: string;
  partner: string;
}

/** The workspace the payload fixtures describe: three people, one deactivated, one partner. */
export async function startWorld(options: Partial<SandboxOptions> = {}): Promise<World> {
  const clock = new VirtualClock(startAt);
  const sandbox = await SlackSandbox.start({ clock, botToken, signingSecret, ...options });
  const alex = sandbox.addUser({
    handle: 'alex',
    realName: 'Alex Example',
    email: 'alex@example.com',
  }).id;
  const sam = sandbox.addUser({ handle: 'sam', email: 'sam@example.com' }).id;
  const jordan = sandbox.addUser({ handle: 'jordan', email: 'jordan@example.com' }).id;
  const riley = sandbox.addUser({ handle: 'riley', deleted: true }).id;
  const casey = sandbox.addUser({
    handle: 'casey',
    external: true,
    email: 'casey@partner.example',
  }).id;
  const general = sandbox.addChannel({ name: 'general', memberIds: [alex, sam, jordan] }).id;
  const incidents = sandbox.addChannel({
    name: 'incidents',
    memberIds: [alex, sam],
    botIsMember: true,
  }).id;
  const partner = sandbox.addChannel({
    name: 'ext-partner-support',
    isShared: true,
    memberIds: [alex, casey],
    botIsMember: true,
  }).id;
  const client = webClient(sandbox);
  return { sandbox, clock, client, alex, sam, jordan, riley, casey, incidents, general, partner };
}

export function webClient(sandbox: SlackSandbox, options: WebClientOptions = {}): WebClient {
  return new WebClient(botToken, {
    slackApiUrl: sandbox.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
    ...options,
  });
}

export interface BoltHandle {
  app: App;
  url: string;
  stop(): Promise<void>;
}

/** A real Bolt app on loopback, wired to the sandbox the way Vigil wires itself. */
export async function startBolt(
  sandbox: SlackSandbox,
  register: (app: App) => void,
): Promise<BoltHandle> {
  const app = new App({
    token: botToken,
    signingSecret,
    botId: sandbox.bot.botId,
    botUserId: sandbox.bot.userId,
    clientOptions: { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } },
    logLevel: LogLevel.ERROR,
  });
  register(app);
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
  const url = `http://127.0.0.1:${server.address().port}/slack/events`;
  sandbox.connectApp(url);
  return { app, url, stop: () => app.stop() as Promise<void> };
}

export async function slackError(call: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: Record<string, unknown> }).data;
    if (data) return data;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Raw POST to the sandbox API, for wire-level checks the WebClient would hide. */
export async function rawCall(
  sandbox: SlackSandbox,
  method: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.apiUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

/** A stand-in app that acks everything with an empty 200, for tests that only need triggers. */
export async function startAckServer(sandbox: SlackSandbox): Promise<{ close(): void }> {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sandbox.connectApp(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
  return { close: () => server.close() };
}

/** A trigger_id as Slack would issue it to `userId` for a slash command. */
export async function triggerFor(
  sandbox: SlackSandbox,
  userId: string,
  channelId: string,
): Promise<string> {
  const { triggerId } = await sandbox.driver.command({ userId, channelId, text: '' });
  return triggerId;
}
