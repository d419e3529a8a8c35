import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { botToken, slackError, startWorld, type World, webClient } from './helpers.js';

let w: World;

beforeEach(async () => {
  w = await startWorld();
});

afterEach(async () => {
  await w.sandbox.stop();
});

describe('users and groups', () => {
  it('assigns Slack-style ids and finds people by id or handle', () => {
    expect(w.alex).toMatch(/^U01\d{8}$/);
    expect(w.casey).toMatch(/^U02\d{8}$/);
    expect(w.sandbox.user('alex')?.id).toBe(w.alex);
    expect(w.sandbox.user(w.casey)).toMatchObject({ external: true, teamId: 'T0200000002' });
  });

  it('answers users.info in the documented shape, with email only under users:read.email', async () => {
    const info = await w.client.users.info({ user: w.alex });
    expect(info.user).toMatchObject({
      id: w.alex,
      name: 'alex',
      real_name: 'Alex Example',
      is_bot: false,
    });
    expect(info.user?.profile?.email).toBe('alex@example.com');
    await w.sandbox.stop();
    w = await startWorld({ scopes: ['users:read'] });
    const limited = await w.client.users.info({ user: w.alex });
    expect(limited.user?.profile?.email).toBeUndefined();
  });

  it('pages users.list with a cursor and includes deactivated people', async () => {
    const first = await w.client.users.list({ limit: 3 });
    const rest = await w.client.users.list({
      limit: 3,
      cursor: first.response_metadata?.next_cursor,
    });
    const all = [...(first.members ?? []), ...(rest.members ?? [])];
    expect(all.map((u) => u.name)).toEqual([
      'incident-bot',
      'alex',
      'sam',
      'jordan',
      'riley',
      'casey',
    ]);
    expect(all.find((u) => u.name === 'riley')?.deleted).toBe(true);
    expect(rest.response_metadata?.next_cursor).toBe('');
  });

  it('finds a workspace member by email in any case', async () => {
    const found = await w.client.users.lookupByEmail({ email: 'SAM@example.com' });
    expect(found.user?.id).toBe(w.sam);
  });

  it('lists usergroups and their members', async () => {
    const group = w.sandbox.addUsergroup({
      handle: 'sre-oncall',
      name: 'SRE on call',
      userIds: [w.alex, w.sam],
    });
    expect(group.id).toMatch(/^S/);
    const list = await w.client.usergroups.list({ include_users: true, include_count: true });
    expect(list.usergroups?.[0]).toMatchObject({
      handle: 'sre-oncall',
      users: [w.alex, w.sam],
      user_count: 2,
    });
    const users = await w.client.usergroups.users.list({ usergroup: group.id });
    expect(users.users).toEqual([w.alex, w.sam]);
  });
});

describe('reactions, pins and bookmarks', () => {
  it('adds the bot’s reaction and shows reactions in history', async () => {
    const { ts } = await w.client.chat.postMessage({ channel: w.incidents, text: 'x' });
    await w.sandbox.driver.addReaction({
      userId: w.alex,
      channelId: w.incidents,
      ts: ts!,
      name: 'eyes',
    });
    await w.client.reactions.add({ channel: w.incidents, timestamp: ts!, name: 'eyes' });
    const history = await w.client.conversations.history({ channel: w.incidents });
    expect(history.messages?.[0]?.reactions).toEqual([
      { name: 'eyes', users: [w.alex, 'U01BOT00001'], count: 2 },
    ]);
  });

  it('pins a message and counts it in history', async () => {
    const { ts } = await w.client.chat.postMessage({ channel: w.incidents, text: 'summary' });
    await w.client.pins.add({ channel: w.incidents, timestamp: ts! });
    const history = await w.client.conversations.history({ channel: w.incidents });
    expect(history.pin_count).toBe(1);
    const first = history.messages?.[0] as Record<string, unknown> | undefined;
    expect(first?.pinned_to).toEqual([w.incidents]);
    expect(w.sandbox.messages(w.incidents)[0]?.pinned).toBe(true);
  });

  it('adds a link bookmark in the documented shape', async () => {
    const result = await w.client.bookmarks.add({
      channel_id: w.incidents,
      title: 'Runbook',
      type: 'link',
      link: 'https://runbooks.example.com/orders-db',
      emoji: ':book:',
    });
    expect(result.bookmark).toMatchObject({
      id: expect.stringMatching(/^Bk/),
      channel_id: w.incidents,
      title: 'Runbook',
    });
    expect(w.sandbox.channel(w.incidents)?.bookmarks).toHaveLength(1);
  });
});

describe('scheduled messages and canvases', () => {
  it('posts a scheduled message once the sandbox clock reaches post_at', async () => {
    const postAt = Math.floor(w.clock.now().getTime() / 1000) + 600;
    const result = await w.client.chat.scheduleMessage({
      channel: w.incidents,
      text: 'Update due',
      post_at: postAt,
    });
    expect(result.scheduled_message_id).toMatch(/^Q/);
    expect(w.sandbox.deliverDueScheduledMessages()).toEqual([]);
    w.clock.advanceMs(600_000);
    expect(w.sandbox.deliverDueScheduledMessages().map((m) => m.text)).toEqual(['Update due']);
  });

  it('creates a canvas from markdown', async () => {
    const result = await w.client.canvases.create({
      title: 'Postmortem',
      document_content: { type: 'markdown', markdown: '# Postmortem' },
    });
    expect(result.canvas_id).toMatch(/^F/);
  });
});

describe('files', () => {
  it('serves an uploaded file’s bytes at url_private to the bot token only', async () => {
    await w.client.filesUploadV2({
      channel_id: w.incidents,
      filename: 'graph.txt',
      content: 'p99=3s',
    });
    const share = w.sandbox.messages(w.incidents).find((m) => m.files);
    const history = await w.client.conversations.history({ channel: w.incidents });
    const file = history.messages?.[0]?.files?.[0] as { url_private: string };
    const url = file.url_private;
    expect(url.startsWith(w.sandbox.url)).toBe(true);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${botToken}` } });
    expect(await ok.text()).toBe('p99=3s');
    expect((await fetch(url)).status).toBe(401);
    expect(share?.files?.[0]?.name).toBe('graph.txt');
  });

  it('emits a person’s file share with the file attached', async () => {
    const message = await w.sandbox.driver.postMessage({
      userId: w.sam,
      channelId: w.incidents,
      text: 'screenshot',
      files: [{ name: 'orders-db-p99.png', content: Buffer.from([1, 2, 3]) }],
    });
    expect(message.subtype).toBe('file_share');
    expect(message.files?.[0]).toMatchObject({ mimetype: 'image/png', filetype: 'png', length: 3 });
    const event = w.sandbox.events.at(-1)?.event as Record<string, unknown>;
    expect(event.subtype).toBe('file_share');
  });

  it('refuses an upload without the bot token', async () => {
    const ticket = await w.client.files.getUploadURLExternal({ filename: 'a.txt', length: 1 });
    const response = await fetch(ticket.upload_url!, { method: 'POST', body: 'a' });
    expect(response.status).toBe(401);
    const data = await slackError(
      webClient(w.sandbox).files.completeUploadExternal({ files: [{ id: ticket.file_id! }] }),
    );
    expect(data.error).toBe('file_not_found');
  });
});
