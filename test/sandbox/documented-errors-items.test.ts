import { describe, expect, it } from 'vitest';
import {
  botMessage,
  describeDocumentedErrors,
  modal,
  openModal,
  type Scenario,
} from './documented-errors.js';
import { slackError, startWorld, triggerFor } from './helpers.js';

const scenarios: Scenario[] = [
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

describeDocumentedErrors(
  'documented errors of pins, reactions, bookmarks, users, views and files',
  scenarios,
);

describe('views.publish with the Home tab off', () => {
  it('answers not_enabled', async () => {
    const w = await startWorld({ homeTabEnabled: false });
    const view = { type: 'home' as const, blocks: [] };
    const data = await slackError(w.client.views.publish({ user_id: w.alex, view }));
    expect(data.error).toBe('not_enabled');
    await w.sandbox.stop();
  });
});
