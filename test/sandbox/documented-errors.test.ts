import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  fixture,
  slackError,
  startAckServer,
  startWorld,
  triggerFor,
  type World,
} from './helpers.js';

type Call = { method: string; args: Record<string, unknown> };
type Scenario = [error: string, description: string, setup: (w: World) => Promise<Call>];

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'Declare' },
  blocks: [section('hi')],
  ...extra,
});

async function botMessage(w: World, channel = w.incidents): Promise<string> {
  return (await w.client.chat.postMessage({ channel, text: 'root' })).ts!;
}

async function openModal(w: World, view = modal()): Promise<string> {
  const trigger = await triggerFor(w.sandbox, w.alex, w.incidents);
  return (await w.client.views.open({ trigger_id: trigger, view: view as never })).view!.id!;
}

const scenarios: Scenario[] = [
  [
    'invalid_name_specials',
    'conversations.create refuses a channel name with capitals',
    async () => ({ method: 'conversations.create', args: { name: 'Inc-DB' } }),
  ],
  [
    'invalid_name_specials',
    'conversations.create refuses a channel name with spaces',
    async () => ({ method: 'conversations.create', args: { name: 'inc db' } }),
  ],
  [
    'invalid_name_maxlength',
    'conversations.create refuses an 81-character name',
    async () => ({ method: 'conversations.create', args: { name: 'a'.repeat(81) } }),
  ],
  [
    'invalid_name_punctuation',
    'conversations.create refuses a name of only punctuation',
    async () => ({ method: 'conversations.create', args: { name: '-_-' } }),
  ],
  [
    'name_taken',
    'conversations.create refuses the name of an archived channel',
    async (w) => {
      const { channel } = await w.client.conversations.create({ name: 'inc-old' });
      await w.client.conversations.archive({ channel: channel!.id! });
      return { method: 'conversations.create', args: { name: 'inc-old' } };
    },
  ],
  [
    'name_taken',
    'conversations.rename refuses another channel’s name',
    async (w) => ({
      method: 'conversations.rename',
      args: { channel: w.incidents, name: 'general' },
    }),
  ],
  [
    'not_in_channel',
    'chat.postMessage refuses a channel the bot is not in',
    async (w) => ({ method: 'chat.postMessage', args: { channel: w.general, text: 'x' } }),
  ],
  [
    'channel_not_found',
    'chat.postMessage cannot see a private channel the bot is not in',
    async (w) => {
      const secret = w.sandbox.addChannel({ name: 'secret', isPrivate: true, memberIds: [w.alex] });
      return { method: 'chat.postMessage', args: { channel: secret.id, text: 'x' } };
    },
  ],
  [
    'is_archived',
    'chat.postMessage refuses an archived channel',
    async (w) => {
      await w.client.conversations.archive({ channel: w.incidents });
      return { method: 'chat.postMessage', args: { channel: w.incidents, text: 'x' } };
    },
  ],
  [
    'no_text',
    'chat.postMessage refuses a message with neither text nor blocks',
    async (w) => ({ method: 'chat.postMessage', args: { channel: w.incidents } }),
  ],
  [
    'invalid_blocks_format',
    'chat.postMessage refuses blocks that are not JSON',
    async (w) => ({
      method: 'chat.postMessage',
      args: { channel: w.incidents, text: 'x', blocks: '[{' },
    }),
  ],
  [
    'markdown_text_conflict',
    'chat.postMessage refuses markdown_text with text',
    async (w) => ({
      method: 'chat.postMessage',
      args: { channel: w.incidents, text: 'x', markdown_text: '**x**' },
    }),
  ],
  [
    'cant_update_message',
    'chat.update refuses a person’s message',
    async (w) => {
      const m = await w.sandbox.driver.postMessage({
        userId: w.alex,
        channelId: w.incidents,
        text: 'mine',
      });
      return { method: 'chat.update', args: { channel: w.incidents, ts: m.ts, text: 'x' } };
    },
  ],
  [
    'message_not_found',
    'chat.update refuses an unknown ts',
    async (w) => ({
      method: 'chat.update',
      args: { channel: w.incidents, ts: '1715680000.000001', text: 'x' },
    }),
  ],
  [
    'cant_delete_message',
    'chat.delete refuses a person’s message',
    async (w) => {
      const m = await w.sandbox.driver.postMessage({
        userId: w.alex,
        channelId: w.incidents,
        text: 'mine',
      });
      return { method: 'chat.delete', args: { channel: w.incidents, ts: m.ts } };
    },
  ],
  [
    'user_not_in_channel',
    'chat.postEphemeral refuses someone outside the channel',
    async (w) => ({
      method: 'chat.postEphemeral',
      args: { channel: w.incidents, user: w.jordan, text: 'x' },
    }),
  ],
  [
    'message_not_found',
    'chat.getPermalink refuses an unknown ts',
    async (w) => ({
      method: 'chat.getPermalink',
      args: { channel: w.incidents, message_ts: '1715680000.000001' },
    }),
  ],
  [
    'time_in_past',
    'chat.scheduleMessage refuses a time in the past',
    async (w) => ({
      method: 'chat.scheduleMessage',
      args: { channel: w.incidents, text: 'x', post_at: 1715680000 },
    }),
  ],
  [
    'already_in_channel',
    'conversations.invite refuses a member',
    async (w) => ({
      method: 'conversations.invite',
      args: { channel: w.incidents, users: w.alex },
    }),
  ],
  [
    'cant_invite_self',
    'conversations.invite refuses the bot itself',
    async (w) => ({
      method: 'conversations.invite',
      args: { channel: w.incidents, users: w.sandbox.bot.userId },
    }),
  ],
  [
    'user_not_found',
    'conversations.invite refuses an unknown user',
    async (w) => ({
      method: 'conversations.invite',
      args: { channel: w.incidents, users: 'U0999999999' },
    }),
  ],
  [
    'cant_invite',
    'conversations.invite refuses a partner-org person',
    async (w) => ({
      method: 'conversations.invite',
      args: { channel: w.incidents, users: w.casey },
    }),
  ],
  [
    'cant_invite',
    'conversations.invite refuses a deactivated person',
    async (w) => ({
      method: 'conversations.invite',
      args: { channel: w.incidents, users: w.riley },
    }),
  ],
  [
    'not_in_channel',
    'conversations.invite refuses when the bot is not a member',
    async (w) => ({ method: 'conversations.invite', args: { channel: w.general, users: w.casey } }),
  ],
  [
    'too_long',
    'conversations.setTopic refuses 251 characters',
    async (w) => ({
      method: 'conversations.setTopic',
      args: { channel: w.incidents, topic: 'x'.repeat(251) },
    }),
  ],
  [
    'too_long',
    'conversations.setPurpose refuses 251 characters',
    async (w) => ({
      method: 'conversations.setPurpose',
      args: { channel: w.incidents, purpose: 'x'.repeat(251) },
    }),
  ],
  [
    'already_archived',
    'conversations.archive refuses an archived channel',
    async (w) => {
      await w.client.conversations.archive({ channel: w.incidents });
      return { method: 'conversations.archive', args: { channel: w.incidents } };
    },
  ],
  [
    'not_archived',
    'conversations.unarchive refuses a live channel',
    async (w) => ({ method: 'conversations.unarchive', args: { channel: w.incidents } }),
  ],
  [
    'method_not_supported_for_channel_type',
    'conversations.join refuses a private channel',
    async (w) => {
      const secret = w.sandbox.addChannel({ name: 'secret', isPrivate: true, botIsMember: true });
      return { method: 'conversations.join', args: { channel: secret.id } };
    },
  ],
  [
    'not_in_channel',
    'conversations.history refuses a channel the bot is not in',
    async (w) => ({ method: 'conversations.history', args: { channel: w.general } }),
  ],
  [
    'invalid_cursor',
    'conversations.history refuses a made-up cursor',
    async (w) => ({
      method: 'conversations.history',
      args: { channel: w.incidents, cursor: 'bm9wZQ==' },
    }),
  ],
  [
    'invalid_ts_latest',
    'conversations.history refuses a malformed latest',
    async (w) => ({
      method: 'conversations.history',
      args: { channel: w.incidents, latest: 'yesterday' },
    }),
  ],
  [
    'thread_not_found',
    'conversations.replies refuses an unknown ts',
    async (w) => ({
      method: 'conversations.replies',
      args: { channel: w.incidents, ts: '1715680000.000001' },
    }),
  ],
  [
    'invalid_limit',
    'conversations.members refuses a limit over 1000',
    async (w) => ({ method: 'conversations.members', args: { channel: w.incidents, limit: 1001 } }),
  ],
  [
    'already_pinned',
    'pins.add refuses a pinned message',
    async (w) => {
      const ts = await botMessage(w);
      await w.client.pins.add({ channel: w.incidents, timestamp: ts });
      return { method: 'pins.add', args: { channel: w.incidents, timestamp: ts } };
    },
  ],
  [
    'message_not_found',
    'pins.add refuses an unknown message',
    async (w) => ({
      method: 'pins.add',
      args: { channel: w.incidents, timestamp: '1715680000.000001' },
    }),
  ],
  [
    'already_reacted',
    'reactions.add refuses the same reaction twice',
    async (w) => {
      const ts = await botMessage(w);
      await w.client.reactions.add({ channel: w.incidents, timestamp: ts, name: 'eyes' });
      return {
        method: 'reactions.add',
        args: { channel: w.incidents, timestamp: ts, name: 'eyes' },
      };
    },
  ],
  [
    'invalid_name',
    'reactions.add refuses an emoji name wrapped in colons',
    async (w) => ({
      method: 'reactions.add',
      args: { channel: w.incidents, timestamp: await botMessage(w), name: ':eyes:' },
    }),
  ],
  [
    'bad_timestamp',
    'reactions.add refuses a malformed timestamp',
    async (w) => ({
      method: 'reactions.add',
      args: { channel: w.incidents, timestamp: 'abc', name: 'eyes' },
    }),
  ],
  [
    'invalid_link',
    'bookmarks.add refuses a link without http(s)',
    async (w) => ({
      method: 'bookmarks.add',
      args: { channel_id: w.incidents, title: 'x', type: 'link', link: 'ftp://x' },
    }),
  ],
  [
    'invalid_bookmark_type',
    'bookmarks.add refuses a type other than link',
    async (w) => ({
      method: 'bookmarks.add',
      args: { channel_id: w.incidents, title: 'x', type: 'folder', link: 'https://x' },
    }),
  ],
  [
    'users_not_found',
    'users.lookupByEmail does not find a partner-org person',
    async () => ({ method: 'users.lookupByEmail', args: { email: 'casey@partner.example' } }),
  ],
  [
    'user_not_found',
    'users.info refuses an unknown id',
    async () => ({ method: 'users.info', args: { user: 'U0999999999' } }),
  ],
  [
    'no_such_subteam',
    'usergroups.users.list refuses an unknown group',
    async () => ({ method: 'usergroups.users.list', args: { usergroup: 'S0999999999' } }),
  ],
  [
    'invalid_trigger_id',
    'views.open refuses a trigger in the wrong format',
    async () => ({ method: 'views.open', args: { trigger_id: 'abc', view: modal() } }),
  ],
  [
    'expired_trigger_id',
    'views.open refuses a trigger older than three seconds',
    async (w) => {
      const trigger = await triggerFor(w.sandbox, w.alex, w.incidents);
      w.clock.advanceMs(3001);
      return { method: 'views.open', args: { trigger_id: trigger, view: modal() } };
    },
  ],
  [
    'exchanged_trigger_id',
    'views.open refuses a trigger used once already',
    async (w) => {
      const trigger = await triggerFor(w.sandbox, w.alex, w.incidents);
      await w.client.views.open({ trigger_id: trigger, view: modal() as never });
      return { method: 'views.open', args: { trigger_id: trigger, view: modal() } };
    },
  ],
  [
    'duplicate_external_id',
    'views.open refuses an external_id already in use',
    async (w) => {
      await openModal(w, modal({ external_id: 'inc-1' }));
      return {
        method: 'views.open',
        args: {
          trigger_id: await triggerFor(w.sandbox, w.sam, w.incidents),
          view: modal({ external_id: 'inc-1' }),
        },
      };
    },
  ],
  [
    'view_too_large',
    'views.open refuses a view over 250 kB',
    async (w) => ({
      method: 'views.open',
      args: {
        trigger_id: await triggerFor(w.sandbox, w.alex, w.incidents),
        view: modal({ private_metadata: 'x'.repeat(260_000) }),
      },
    }),
  ],
  [
    'hash_conflict',
    'views.update refuses a stale hash',
    async (w) => ({
      method: 'views.update',
      args: { view_id: await openModal(w), hash: '1.stale', view: modal() },
    }),
  ],
  [
    'not_found',
    'views.update refuses an unknown view',
    async () => ({ method: 'views.update', args: { view_id: 'V0999999999', view: modal() } }),
  ],
  [
    'push_limit_reached',
    'views.push refuses a fourth view',
    async (w) => {
      await openModal(w);
      for (let i = 0; i < 2; i++) {
        await w.client.views.push({
          trigger_id: await triggerFor(w.sandbox, w.alex, w.incidents),
          view: modal() as never,
        });
      }
      return {
        method: 'views.push',
        args: { trigger_id: await triggerFor(w.sandbox, w.alex, w.incidents), view: modal() },
      };
    },
  ],
  [
    'file_not_found',
    'files.completeUploadExternal refuses an unknown file',
    async (w) => ({
      method: 'files.completeUploadExternal',
      args: { files: [{ id: 'F0999999999' }], channel_id: w.incidents },
    }),
  ],
];

let w: World;
let ack: { close(): void };

beforeEach(async () => {
  w = await startWorld();
  ack = await startAckServer(w.sandbox);
});

afterEach(async () => {
  ack.close();
  await w.sandbox.stop();
});

describe('documented errors', () => {
  it.each(scenarios)('answers %s: %s', async (expected, _description, setup) => {
    const { method, args } = await setup(w);
    const errors = fixture<{ errors: Record<string, unknown> }>(`methods/${method}.json`).errors;
    expect(Object.keys(errors), `${expected} is not documented for ${method}`).toContain(expected);
    const data = await slackError(w.client.apiCall(method, args));
    expect(data.error).toBe(expected);
  });

  it('answers views.publish not_enabled when the Home tab is off', async () => {
    await w.sandbox.stop();
    w = await startWorld({ homeTabEnabled: false });
    const data = await slackError(
      w.client.views.publish({ user_id: w.alex, view: { type: 'home', blocks: [] } }),
    );
    expect(data.error).toBe('not_enabled');
  });
});
