import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BoltHandle,
  type Payload,
  signingSecret,
  startBolt,
  startWorld,
  type World,
} from './helpers.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A bare receiver that records what arrives and acks with 200, to inspect raw deliveries. */
async function recorder(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  return { server, url, received };
}

let w: World;
let rec: Awaited<ReturnType<typeof recorder>>;

beforeEach(async () => {
  w = await startWorld();
  rec = await recorder();
  w.sandbox.connectApp(rec.url);
});

afterEach(async () => {
  await w.sandbox.stop();
  rec.server.close();
});

const events = () => rec.received.map((r) => JSON.parse(r.body) as Payload);

describe('Events API deliveries', () => {
  it('signs each delivery so Bolt verifies it, with wall-clock timestamps and exact JSON content type', async () => {
    await w.sandbox.driver.postMessage({
      userId: w.alex,
      channelId: w.incidents,
      text: 'db is slow',
    });
    const [first] = rec.received;
    expect(first?.headers['content-type']).toBe('application/json');
    const timestamp = Number(first?.headers['x-slack-request-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect(() =>
      verifySlackRequest({
        signingSecret,
        body: first!.body,
        headers: {
          'x-slack-signature': String(first!.headers['x-slack-signature']),
          'x-slack-request-timestamp': timestamp,
        },
      }),
    ).not.toThrow();
  });

  it('wraps a person’s message in the documented envelope with virtual-clock times', async () => {
    w.clock.advanceMs(10_000);
    const message = await w.sandbox.driver.postMessage({
      userId: w.alex,
      channelId: w.incidents,
      text: 'hi',
    });
    const [envelope] = events();
    expect(envelope).toMatchObject({
      team_id: 'T0100000001',
      api_app_id: 'A0100000001',
      type: 'event_callback',
      event_time: 1715680810,
      is_ext_shared_channel: false,
      authorizations: [{ team_id: 'T0100000001', user_id: 'U01BOT00001', is_bot: true }],
      event: {
        type: 'message',
        user: w.alex,
        text: 'hi',
        ts: message.ts,
        channel: w.incidents,
        channel_type: 'channel',
      },
    });
    expect(envelope?.event_id).toMatch(/^Ev[A-Z0-9]+$/);
    expect(envelope?.event.client_msg_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(envelope?.event.blocks[0].type).toBe('rich_text');
    expect(message.ts).toBe('1715680810.000000');
  });

  it('delivers the bot’s own posts shaped like Slack’s, with bot_id and no subtype', async () => {
    await w.client.chat.postMessage({ channel: w.incidents, text: 'Incident declared' });
    await w.sandbox.settled();
    const event = events()[0]?.event;
    expect(event).toMatchObject({
      user: 'U01BOT00001',
      bot_id: 'B0100000001',
      app_id: 'A0100000001',
    });
    expect(event.subtype).toBeUndefined();
    expect(event.bot_profile.id).toBe('B0100000001');
  });

  it('marks messages from a partner org with their team and profile in a Slack Connect channel', async () => {
    await w.sandbox.driver.postMessage({
      userId: w.casey,
      channelId: w.partner,
      text: 'timeouts here too',
    });
    const [envelope] = events();
    expect(envelope?.is_ext_shared_channel).toBe(true);
    expect(envelope?.event).toMatchObject({
      team: 'T0200000002',
      user_team: 'T0200000002',
      source_team: 'T0200000002',
    });
    expect(envelope?.event.user_profile.name).toBe('casey');
  });

  it('sends nothing for channels the bot is not in', async () => {
    await w.sandbox.driver.postMessage({ userId: w.alex, channelId: w.general, text: 'lunch?' });
    await w.sandbox.settled();
    expect(rec.received).toHaveLength(0);
  });

  it('sends edits, deletions, thread replies, reactions and joins in order', async () => {
    const d = w.sandbox.driver;
    const root = await d.postMessage({ userId: w.alex, channelId: w.incidents, text: 'p99 2s' });
    await d.editMessage({ userId: w.alex, channelId: w.incidents, ts: root.ts, text: 'p99 3s' });
    const reply = await d.postMessage({
      userId: w.sam,
      channelId: w.incidents,
      text: 'failover',
      threadTs: root.ts,
    });
    await d.addReaction({ userId: w.sam, channelId: w.incidents, ts: root.ts, name: 'eyes' });
    await d.removeReaction({ userId: w.sam, channelId: w.incidents, ts: root.ts, name: 'eyes' });
    await d.deleteMessage({ userId: w.sam, channelId: w.incidents, ts: reply.ts });
    await d.joinChannel({ userId: w.jordan, channelId: w.incidents });
    const kinds = events().map((e) => e.event.subtype ?? e.event.type);
    expect(kinds).toEqual([
      'message',
      'message_changed',
      'message',
      'reaction_added',
      'reaction_removed',
      'message_deleted',
      'channel_join',
      'member_joined_channel',
    ]);
    const changed = events()[1]?.event;
    expect(changed.message.text).toBe('p99 3s');
    expect(changed.previous_message.text).toBe('p99 2s');
    expect(changed.message.edited.user).toBe(w.alex);
    expect(events()[2]?.event).toMatchObject({ thread_ts: root.ts, parent_user_id: w.alex });
    expect(events()[5]?.event.deleted_ts).toBe(reply.ts);
  });

  it('redelivers the last event with incremented retry headers', async () => {
    await w.sandbox.driver.postMessage({ userId: w.alex, channelId: w.incidents, text: 'once' });
    await w.sandbox.driver.redeliverLast();
    await w.sandbox.driver.redeliverLast('http_error');
    expect(rec.received.map((r) => r.headers['x-slack-retry-num'])).toEqual([undefined, '1', '2']);
    expect(rec.received.map((r) => r.headers['x-slack-retry-reason'])).toEqual([
      undefined,
      'http_timeout',
      'http_error',
    ]);
    const ids = events().map((e) => e.event_id);
    expect(new Set(ids).size).toBe(1);
  });
});

describe('delivery to a real Bolt app', () => {
  let bolt: BoltHandle;
  const seen: string[] = [];

  beforeEach(async () => {
    seen.length = 0;
    w.sandbox.connectApp('');
    bolt = await startBolt(w.sandbox, (app) => {
      app.message(async ({ message }) => {
        seen.push(`message:${'text' in message ? message.text : ''}`);
      });
      app.event('reaction_added', async ({ event }) => {
        seen.push(`reaction:${event.reaction}`);
      });
    });
  });

  afterEach(async () => {
    await bolt.stop();
  });

  it('reaches listeners, while Bolt’s ignoreSelf drops the bot’s own message', async () => {
    await w.sandbox.driver.postMessage({
      userId: w.alex,
      channelId: w.incidents,
      text: 'hello bot',
    });
    await w.client.chat.postMessage({ channel: w.incidents, text: 'bot says hi' });
    const last = w.sandbox.messages(w.incidents).at(-1)!;
    await w.sandbox.driver.addReaction({
      userId: w.sam,
      channelId: w.incidents,
      ts: last.ts,
      name: 'wave',
    });
    await w.sandbox.settled();
    expect(seen).toEqual(['message:hello bot', 'reaction:wave']);
    expect(w.sandbox.deliveries.every((d) => d.status === 200)).toBe(true);
  });

  it('settles only after listeners’ own Web API calls have landed', async () => {
    bolt.app.message('ping', async ({ say }) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await say('pong');
    });
    await w.sandbox.driver.postMessage({ userId: w.alex, channelId: w.incidents, text: 'ping' });
    await w.sandbox.settled();
    expect(w.sandbox.messages(w.incidents).map((m) => m.text)).toEqual(['ping', 'pong']);
  });
});
