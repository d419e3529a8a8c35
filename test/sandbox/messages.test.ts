import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackError, startWorld, type World } from './helpers.js';

let w: World;

beforeEach(async () => {
  w = await startWorld();
});

afterEach(async () => {
  await w.sandbox.stop();
});

const post = (text: string, extra: Record<string, unknown> = {}) =>
  w.client.chat.postMessage({ channel: w.incidents, text, ...extra });

describe('message timestamps', () => {
  it('derives ts from the sandbox clock and keeps them strictly increasing', async () => {
    const a = await post('a');
    const b = await post('b');
    w.clock.advanceMs(1500);
    const c = await post('c');
    expect(a.ts).toBe('1715680800.000000');
    expect(b.ts).toBe('1715680800.000001');
    expect(c.ts).toBe('1715680801.500000');
  });
});

describe('chat.postMessage limits', () => {
  it('truncates text over 40,000 characters and warns message_truncated', async () => {
    const result = await post('x'.repeat(40_010));
    expect(result.warning).toBe('message_truncated');
    expect(result.response_metadata?.warnings).toEqual(['message_truncated']);
    expect(w.sandbox.messages(w.incidents)[0]?.text).toHaveLength(40_000);
  });

  it('refuses section text over 3000 characters with Slack’s json-pointer message', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    const data = await slackError(post('x', { blocks }));
    expect(data.error).toBe('invalid_blocks');
    expect((data.response_metadata as { messages: string[] }).messages).toEqual([
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
    expect(data.errors).toEqual([
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
  });

  it('refuses 51 blocks, a 151-character header and a 76-character button label', async () => {
    const many = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const header = [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }];
    const button = [
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'b'.repeat(76) } }],
      },
    ];
    const messages = async (blocks: unknown[]) =>
      ((await slackError(post('x', { blocks }))).response_metadata as { messages: string[] })
        .messages;
    expect(await messages(many)).toEqual([
      '[ERROR] no more than 50 items allowed [json-pointer:/blocks]',
    ]);
    expect(await messages(header)).toEqual([
      '[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]',
    ]);
    expect(await messages(button)).toEqual([
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
    ]);
  });

  it('refuses a block_id over 255 characters and an unknown block type', async () => {
    const blocks = [{ type: 'divider', block_id: 'b'.repeat(256) }, { type: 'carousel' }];
    const data = await slackError(post('x', { blocks }));
    expect((data.response_metadata as { messages: string[] }).messages).toEqual([
      '[ERROR] must be less than 256 characters [json-pointer:/blocks/0/block_id]',
      '[ERROR] unsupported type: carousel [json-pointer:/blocks/1/type]',
    ]);
  });

  it('fills in block_id and action_id the app left out', async () => {
    const blocks = [
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Go' } }] },
    ];
    const result = await post('x', { blocks });
    const stored = result.message?.blocks?.[0] as {
      block_id: string;
      elements: Array<{ action_id: string }>;
    };
    expect(stored.block_id).toMatch(/^\w{5}$/);
    expect(stored.elements[0]?.action_id).toMatch(/^\w{5}$/);
  });

  it('posts to a person’s id in the app’s DM with them', async () => {
    const result = await w.client.chat.postMessage({ channel: w.alex, text: 'You are on call' });
    expect(result.channel).toMatch(/^D/);
    expect(w.sandbox.messages(result.channel!)[0]?.text).toBe('You are on call');
  });
});

describe('threads and history', () => {
  it('lists top-level messages newest first with thread summaries, replies left out', async () => {
    const root = await post('root');
    await w.sandbox.driver.postMessage({
      userId: w.sam,
      channelId: w.incidents,
      text: 'r1',
      threadTs: root.ts,
    });
    await post('r2', { thread_ts: root.ts });
    await post('later');
    const history = await w.client.conversations.history({ channel: w.incidents });
    expect(history.messages?.map((m) => m.text)).toEqual(['later', 'root']);
    expect(history.messages?.[1]).toMatchObject({
      thread_ts: root.ts,
      reply_count: 2,
      reply_users_count: 2,
      reply_users: [w.sam, w.sandbox.bot.userId],
    });
    expect(history.has_more).toBe(false);
    expect(history.response_metadata?.next_cursor).toBe('');
  });

  it('includes a reply broadcast to the channel', async () => {
    const root = await post('root');
    await post('also in channel', { thread_ts: root.ts, reply_broadcast: true });
    const history = await w.client.conversations.history({ channel: w.incidents });
    expect(history.messages?.[0]).toMatchObject({
      subtype: 'thread_broadcast',
      text: 'also in channel',
    });
  });

  it('pages with limit and cursor and honours oldest/latest/inclusive', async () => {
    const ts: string[] = [];
    for (let i = 0; i < 5; i++) {
      ts.push((await post(`m${i}`)).ts!);
      w.clock.advanceMs(1000);
    }
    const first = await w.client.conversations.history({ channel: w.incidents, limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['m4', 'm3']);
    expect(first.has_more).toBe(true);
    const second = await w.client.conversations.history({
      channel: w.incidents,
      limit: 2,
      cursor: first.response_metadata?.next_cursor,
    });
    expect(second.messages?.map((m) => m.text)).toEqual(['m2', 'm1']);
    const range = await w.client.conversations.history({
      channel: w.incidents,
      oldest: ts[1],
      latest: ts[3],
    });
    expect(range.messages?.map((m) => m.text)).toEqual(['m2']);
    const inclusive = await w.client.conversations.history({
      channel: w.incidents,
      oldest: ts[1],
      latest: ts[3],
      inclusive: true,
    });
    expect(inclusive.messages?.map((m) => m.text)).toEqual(['m3', 'm2', 'm1']);
  });

  it('returns the parent first, then replies oldest to newest, also when asked with a reply’s ts', async () => {
    const root = await post('root');
    const r1 = await post('r1', { thread_ts: root.ts });
    await post('r2', { thread_ts: root.ts });
    const replies = await w.client.conversations.replies({ channel: w.incidents, ts: r1.ts! });
    expect(replies.messages?.map((m) => m.text)).toEqual(['root', 'r1', 'r2']);
    expect(replies.messages?.[1]).toMatchObject({
      thread_ts: root.ts,
      parent_user_id: w.sandbox.bot.userId,
    });
  });

  it('keeps ephemeral and deleted messages out of history but in the sandbox record', async () => {
    await w.client.chat.postEphemeral({ channel: w.incidents, user: w.alex, text: 'only you' });
    const gone = await post('oops');
    await w.client.chat.delete({ channel: w.incidents, ts: gone.ts! });
    const history = await w.client.conversations.history({ channel: w.incidents });
    expect(history.messages).toEqual([]);
    expect(w.sandbox.messages(w.incidents).map((m) => [m.text, m.ephemeralFor, m.deleted])).toEqual(
      [
        ['only you', w.alex, undefined],
        ['oops', undefined, true],
      ],
    );
  });

  it('builds permalinks, with thread parameters for replies', async () => {
    const root = await post('root');
    const reply = await post('reply', { thread_ts: root.ts });
    const link = await w.client.chat.getPermalink({ channel: w.incidents, message_ts: reply.ts! });
    const p = reply.ts!.replace('.', '');
    expect(link.permalink).toBe(
      `https://example-co.slack.com/archives/${w.incidents}/p${p}?thread_ts=${root.ts}&cid=${w.incidents}`,
    );
  });

  it('edits the bot’s message with chat.update and marks it edited', async () => {
    const root = await post('investigating');
    const result = await w.client.chat.update({
      channel: w.incidents,
      ts: root.ts!,
      text: 'resolved',
    });
    expect(result.text).toBe('resolved');
    expect(w.sandbox.messages(w.incidents)[0]).toMatchObject({
      text: 'resolved',
      edited: { user: 'U01BOT00001' },
    });
  });
});

describe('channels', () => {
  it('creates a channel with the bot as creator and member, and a join message', async () => {
    const { channel } = await w.client.conversations.create({ name: 'inc-20240514-db-latency' });
    expect(channel).toMatchObject({ is_member: true, creator: 'U01BOT00001', is_private: false });
    expect(w.sandbox.messages(channel!.id!).map((m) => m.subtype)).toEqual(['channel_join']);
  });

  it('invites people, posting channel_join with the bot as inviter', async () => {
    await w.client.conversations.invite({ channel: w.incidents, users: `${w.jordan}` });
    const join = w.sandbox.messages(w.incidents).at(-1);
    expect(join).toMatchObject({
      subtype: 'channel_join',
      user: w.jordan,
      extra: { inviter: 'U01BOT00001' },
    });
    expect(w.sandbox.channel(w.incidents)?.memberIds).toContain(w.jordan);
  });

  it('renames, sets topic and purpose with their system messages', async () => {
    await w.client.conversations.rename({ channel: w.incidents, name: 'inc-renamed' });
    await w.client.conversations.setTopic({ channel: w.incidents, topic: 'SEV2 | Investigating' });
    await w.client.conversations.setPurpose({ channel: w.incidents, purpose: 'Orders DB latency' });
    const info = await w.client.conversations.info({ channel: w.incidents });
    expect(info.channel).toMatchObject({
      name: 'inc-renamed',
      previous_names: ['incidents'],
      topic: { value: 'SEV2 | Investigating' },
      purpose: { value: 'Orders DB latency' },
    });
    expect(w.sandbox.channel('inc-renamed')?.id).toBe(w.incidents);
    const subtypes = w.sandbox.messages(w.incidents).map((m) => m.subtype);
    expect(subtypes).toEqual(['channel_name', 'channel_topic', 'channel_purpose']);
  });

  it('lists channels by type, hiding private ones the bot is not in and archived on request', async () => {
    w.sandbox.addChannel({ name: 'secret', isPrivate: true, memberIds: [w.alex] });
    const mine = w.sandbox.addChannel({ name: 'ops-private', isPrivate: true, botIsMember: true });
    await w.client.conversations.archive({ channel: w.partner });
    const list = await w.client.conversations.list({
      types: 'public_channel,private_channel',
      exclude_archived: true,
    });
    expect(list.channels?.map((c) => c.name)).toEqual(['general', 'incidents', mine.name]);
  });

  it('joins a public channel, warning already_in_channel the second time', async () => {
    await w.client.conversations.join({ channel: w.general });
    const again = await w.client.conversations.join({ channel: w.general });
    expect(again.warning).toBe('already_in_channel');
  });
});
