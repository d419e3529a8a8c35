import { ErrorCode, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { botToken, rawCall, slackError, startWorld, type World, webClient } from './helpers.js';

let w: World;

beforeEach(async () => {
  w = await startWorld();
});

afterEach(async () => {
  await w.sandbox.stop();
});

describe('Web API wire format', () => {
  it('answers auth.test for the bot token as Slack does, with the granted scopes header', async () => {
    const result = await w.client.auth.test();
    expect(result).toMatchObject({
      ok: true,
      url: 'https://example-co.slack.com/',
      team: 'Example Co',
      user: 'incident-bot',
      team_id: 'T0100000001',
      user_id: 'U01BOT00001',
      bot_id: 'B0100000001',
      is_enterprise_install: false,
    });
    expect(result.response_metadata?.scopes).toContain('chat:write');
  });

  it('refuses a call without a token with not_authed', async () => {
    const response = await rawCall(w.sandbox, 'auth.test', '');
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ ok: false, error: 'not_authed' });
  });

  it('refuses any other token with invalid_auth', async () => {
    const other = new WebClient('xoxb-someone-else', {
      slackApiUrl: w.sandbox.apiUrl,
      retryConfig: { retries: 0 },
    });
    expect((await slackError(other.auth.test())).error).toBe('invalid_auth');
  });

  it('accepts the token as a form field too', async () => {
    const response = await rawCall(w.sandbox, 'auth.test', `token=${botToken}`);
    expect(response.json.ok).toBe(true);
  });

  it('answers unknown_method for a method it does not have', async () => {
    const response = await rawCall(w.sandbox, 'chat.teleport', '', {
      authorization: `Bearer ${botToken}`,
    });
    expect(response.json).toMatchObject({ ok: false, error: 'unknown_method' });
  });

  it('reads JSON-in-form fields and plain JSON bodies alike', async () => {
    const blocks = JSON.stringify([{ type: 'section', text: { type: 'mrkdwn', text: 'form' } }]);
    const form = `channel=${w.incidents}&text=form&blocks=${encodeURIComponent(blocks)}`;
    const viaForm = await rawCall(w.sandbox, 'chat.postMessage', form, {
      authorization: `Bearer ${botToken}`,
    });
    const json = JSON.stringify({ channel: w.incidents, text: 'json', blocks: JSON.parse(blocks) });
    const viaJson = await rawCall(w.sandbox, 'chat.postMessage', json, {
      authorization: `Bearer ${botToken}`,
      'content-type': 'application/json; charset=utf-8',
    });
    expect(viaForm.json.ok).toBe(true);
    expect(viaJson.json.ok).toBe(true);
    const texts = w.sandbox.messages(w.incidents).map((m) => m.text);
    expect(texts).toEqual(['form', 'json']);
    expect(w.sandbox.calls.at(-1)?.args.blocks).toEqual(JSON.parse(blocks));
  });

  it('answers missing_scope with needed and provided when the scope is not granted', async () => {
    await w.sandbox.stop();
    w = await startWorld({ scopes: ['chat:write', 'channels:read'] });
    const error = await slackError(w.client.conversations.create({ name: 'inc-1' }));
    expect(error).toMatchObject({
      error: 'missing_scope',
      needed: 'channels:manage',
      provided: 'chat:write,channels:read',
    });
  });

  it('records every call with its args, outcome and sandbox time', async () => {
    await w.client.chat.postMessage({ channel: w.incidents, text: 'hello' });
    await slackError(w.client.chat.postMessage({ channel: w.general, text: 'hello' }));
    expect(w.sandbox.calls.map((c) => [c.method, c.ok, c.error])).toEqual([
      ['chat.postMessage', true, undefined],
      ['chat.postMessage', false, 'not_in_channel'],
    ]);
    expect(w.sandbox.calls[0]?.atMs).toBe(w.clock.now().getTime());
  });
});

describe('fault injection', () => {
  it('fails the next call with the injected error code, then recovers', async () => {
    w.sandbox.injectFault({ method: 'chat.postMessage', error: 'fatal_error' });
    expect(
      (await slackError(w.client.chat.postMessage({ channel: w.incidents, text: 'a' }))).error,
    ).toBe('fatal_error');
    await expect(
      w.client.chat.postMessage({ channel: w.incidents, text: 'b' }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('answers 429 with Retry-After and a ratelimited body, which WebClient reports as rate limited', async () => {
    w.sandbox.injectFault({ method: 'chat.postMessage', ratelimited: { retryAfterSeconds: 7 } });
    const client = webClient(w.sandbox, { rejectRateLimitedCalls: true });
    const error = (await client.chat
      .postMessage({ channel: w.incidents, text: 'x' })
      .catch((e) => e)) as {
      code: string;
      retryAfter: number;
    };
    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect(error.retryAfter).toBe(7);
    const response = await rawCall(w.sandbox, 'auth.test', '', {
      authorization: `Bearer ${botToken}`,
    });
    expect(response.status).toBe(200);
  });

  it('lets WebClient wait Retry-After and succeed on its retry', async () => {
    w.sandbox.injectFault({
      method: 'chat.postMessage',
      ratelimited: { retryAfterSeconds: 0 },
      times: 1,
    });
    const client = webClient(w.sandbox, {
      retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 1 },
    });
    await expect(
      client.chat.postMessage({ channel: w.incidents, text: 'x' }),
    ).resolves.toMatchObject({ ok: true });
    expect(w.sandbox.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.ok)).toEqual(
      [false, true],
    );
  });

  it('answers an injected HTTP status, which WebClient surfaces as an HTTP error', async () => {
    w.sandbox.injectFault({ method: 'conversations.info', status: 503, times: 2 });
    const error = (await w.client.conversations.info({ channel: w.incidents }).catch((e) => e)) as {
      code: string;
      statusCode: number;
    };
    expect(error.code).toBe(ErrorCode.HTTPError);
    expect(error.statusCode).toBe(503);
  });

  it('delays a call by the injected time', async () => {
    w.sandbox.injectFault({ method: 'auth.test', delayMs: 120 });
    const started = performance.now();
    await w.client.auth.test();
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });
});

describe('files through the real client', () => {
  it('uploads with filesUploadV2, shares into the thread and keeps the bytes', async () => {
    const parent = await w.client.chat.postMessage({ channel: w.incidents, text: 'timeline' });
    const result = await w.client.filesUploadV2({
      channel_id: w.incidents,
      thread_ts: parent.ts!,
      filename: 'timeline.md',
      title: 'Incident timeline',
      content: '# Timeline\n- 10:00 declared',
      initial_comment: 'Timeline attached',
    });
    expect(result.ok).toBe(true);
    const share = w.sandbox.messages(w.incidents).find((m) => m.subtype === 'file_share');
    expect(share).toMatchObject({
      threadTs: parent.ts,
      text: 'Timeline attached',
      user: w.sandbox.bot.userId,
    });
    const file = w.sandbox.file(share!.files![0]!.id);
    expect(file?.title).toBe('Incident timeline');
    expect(file?.content?.toString('utf8')).toBe('# Timeline\n- 10:00 declared');
  });

  it('refuses to complete an upload whose bytes never arrived', async () => {
    const ticket = await w.client.files.getUploadURLExternal({ filename: 'a.txt', length: 3 });
    const error = await slackError(
      w.client.files.completeUploadExternal({
        files: [{ id: ticket.file_id! }],
        channel_id: w.incidents,
      }),
    );
    expect(error.error).toBe('file_not_found');
  });

  it('answers missing_argument for a zero-length upload', async () => {
    const error = await slackError(
      w.client.files.getUploadURLExternal({ filename: 'a.txt', length: 0 }),
    );
    expect(error.error).toBe('missing_argument');
  });
});
