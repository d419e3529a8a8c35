import { describeDocumentedErrors, type Scenario } from './documented-errors.js';

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
];

describeDocumentedErrors('documented errors of conversations and chat methods', scenarios);
