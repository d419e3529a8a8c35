import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Payload,
  slackError,
  startAckServer,
  startWorld,
  triggerFor,
  type World,
} from './helpers.js';

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

const modal = (title: string, extra: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: title },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: title } }],
  ...extra,
});

const trigger = () => triggerFor(w.sandbox, w.alex, w.incidents);

describe('views', () => {
  it('opens a modal with a trigger and returns the full view object', async () => {
    const result = await w.client.views.open({
      trigger_id: await trigger(),
      view: modal('Declare'),
    });
    expect(result.view).toMatchObject({
      type: 'modal',
      team_id: 'T0100000001',
      app_id: 'A0100000001',
      bot_id: 'B0100000001',
      app_installed_team_id: 'T0100000001',
      previous_view_id: null,
      state: { values: {} },
    });
    expect(result.view?.id).toMatch(/^V/);
    expect(result.view?.root_view_id).toBe(result.view?.id);
    expect(result.view?.hash).toMatch(/^\d+\.\w{8}$/);
  });

  it('accepts a trigger within three seconds of sandbox time', async () => {
    const id = await trigger();
    w.clock.advanceMs(3000);
    await expect(w.client.views.open({ trigger_id: id, view: modal('Ok') })).resolves.toMatchObject(
      { ok: true },
    );
  });

  it('refuses a modal title over 24 characters with invalid_arguments and a json-pointer', async () => {
    const data = await slackError(
      w.client.views.open({ trigger_id: await trigger(), view: modal('t'.repeat(25)) }),
    );
    expect(data).toMatchObject({
      error: 'invalid_arguments',
      response_metadata: {
        messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'],
      },
    });
  });

  it('refuses a modal with inputs but no submit button, and private_metadata over 3000', async () => {
    const input = {
      type: 'input',
      label: { type: 'plain_text', text: 'Title' },
      element: { type: 'plain_text_input' },
    };
    const view = modal('Form', { blocks: [input], private_metadata: 'm'.repeat(3001) });
    const data = await slackError(w.client.views.open({ trigger_id: await trigger(), view }));
    expect((data.response_metadata as { messages: string[] }).messages).toEqual([
      '[ERROR] missing required field: submit [json-pointer:/view]',
      '[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]',
    ]);
  });

  it('updates by view_id or external_id with the current hash and issues a new hash', async () => {
    const opened = await w.client.views.open({
      trigger_id: await trigger(),
      view: modal('One', { external_id: 'inc-42' }),
    });
    const updated = await w.client.views.update({
      view_id: opened.view!.id!,
      hash: opened.view!.hash!,
      view: modal('Two', { external_id: 'inc-42' }),
    });
    expect(updated.view?.id).toBe(opened.view?.id);
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    const byExternal = await w.client.views.update({ external_id: 'inc-42', view: modal('Three') });
    expect(byExternal.view?.title).toMatchObject({ text: 'Three' });
    expect(w.sandbox.openViews(w.alex).map((v) => v.title)).toEqual(['Three']);
  });

  it('pushes onto the stack with previous and root ids', async () => {
    const root = await w.client.views.open({ trigger_id: await trigger(), view: modal('Root') });
    const pushed = await w.client.views.push({
      trigger_id: await trigger(),
      view: modal('Second'),
    });
    expect(pushed.view).toMatchObject({
      previous_view_id: root.view?.id,
      root_view_id: root.view?.id,
    });
    expect(w.sandbox.openViews(w.alex).map((v) => v.title)).toEqual(['Root', 'Second']);
  });

  it('publishes a Home tab and refuses a stale hash on the next publish', async () => {
    const home = {
      type: 'home' as const,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }],
    };
    const first = await w.client.views.publish({ user_id: w.alex, view: home });
    await w.client.views.publish({ user_id: w.alex, view: home, hash: first.view!.hash! });
    const data = await slackError(
      w.client.views.publish({ user_id: w.alex, view: home, hash: first.view!.hash! }),
    );
    expect(data.error).toBe('hash_conflict');
    expect(w.sandbox.homeView(w.alex)?.id).toBe(first.view?.id);
  });

  it('opens a modal for a partner-org person and submits with their team and the host install', async () => {
    const button = {
      type: 'button',
      action_id: 'report',
      text: { type: 'plain_text', text: 'Report' },
    };
    const blocks = [{ type: 'actions', elements: [button] }];
    await w.client.chat.postMessage({ channel: w.partner, text: 'Report an issue', blocks });
    await w.sandbox.driver.clickButton({ userId: w.casey, channelId: w.partner, label: 'Report' });
    const click = w.sandbox.deliveries.at(-1)?.payload as Payload;
    expect(click.team.id).toBe('T0100000001');
    expect(click.user.team_id).toBe('T0200000002');
    const input = {
      type: 'input',
      block_id: 'what',
      label: { type: 'plain_text', text: 'What happened' },
      element: { type: 'plain_text_input', action_id: 'what_input' },
    };
    const view = modal('Report', { blocks: [input], submit: { type: 'plain_text', text: 'Send' } });
    await w.client.views.open({ trigger_id: click.trigger_id, view });
    await w.sandbox.driver.submitView({ userId: w.casey, values: { what: 'timeouts' } });
    const submission = w.sandbox.deliveries.at(-1)?.payload as Payload;
    expect(submission.team.id).toBe('T0200000002');
    expect(submission.view.app_installed_team_id).toBe('T0100000001');
    expect(submission.view.state.values.what.what_input.value).toBe('timeouts');
  });
});
