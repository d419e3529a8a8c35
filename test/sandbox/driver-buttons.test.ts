import type { BlockAction } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BoltHandle, startBolt, startWorld, type World } from './helpers.js';
import { type IncidentApp, incidentApp } from './incident-app.js';

let w: World;
let bolt: BoltHandle;
let app: IncidentApp;

async function openDeclareModal(): Promise<void> {
  await w.sandbox.driver.command({ userId: w.alex, channelId: w.incidents, text: '' });
  await w.sandbox.settled();
}

beforeEach(async () => {
  w = await startWorld();
  app = incidentApp(() => w.incidents);
  bolt = await startBolt(w.sandbox, app.register);
});

afterEach(async () => {
  await w.sandbox.settled();
  await bolt.stop();
  await w.sandbox.stop();
});

describe('buttons and response_url', () => {
  it('clicks the newest button with that label and applies replace_original from respond()', async () => {
    await openDeclareModal();
    await w.sandbox.driver.submitView({ userId: w.alex, values: { title: 'Checkout errors' } });
    await w.sandbox.settled();
    const result = await w.sandbox.driver.clickButton({
      userId: w.sam,
      channelId: w.incidents,
      label: 'Acknowledge',
    });
    expect(result.status).toBe(200);
    await w.sandbox.settled();
    const message = w.sandbox.messages(w.incidents).find((m) => m.botId);
    expect(message?.text).toBe(`Acknowledged by <@${w.sam}>`);
    expect(w.sandbox.responseUrlPosts).toHaveLength(1);
    expect(w.sandbox.responseUrlPosts[0]?.body).toMatchObject({ replace_original: true });
  });

  it('throws listing the buttons present when no button has the label', async () => {
    await w.client.chat.postMessage({
      channel: w.incidents,
      text: 'x',
      blocks: [
        {
          type: 'actions',
          elements: [{ type: 'button', text: { type: 'plain_text', text: 'Resolve' } }],
        },
      ],
    });
    await expect(
      w.sandbox.driver.clickButton({ userId: w.sam, channelId: w.incidents, label: 'Escalate' }),
    ).rejects.toThrow(/buttons there: Resolve/);
  });

  it('posts an ephemeral reply for a plain respond() and refuses a sixth use of the URL', async () => {
    bolt.app.command('/ask', async ({ ack }) => {
      await ack();
    });
    const cmd = { userId: w.alex, channelId: w.incidents, command: '/ask', text: '' };
    const { responseUrl } = await w.sandbox.driver.command(cmd);
    const post = (body: unknown) =>
      fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post({ text: `reply ${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    const ephemerals = w.sandbox.messages(w.incidents).filter((m) => m.ephemeralFor === w.alex);
    expect(ephemerals.map((m) => m.text)).toEqual([
      'reply 0',
      'reply 1',
      'reply 2',
      'reply 3',
      'reply 4',
    ]);
  });

  it('posts in the channel for response_type in_channel', async () => {
    bolt.app.command('/ask', async ({ ack }) => {
      await ack();
    });
    const cmd = { userId: w.alex, channelId: w.incidents, command: '/ask', text: '' };
    const { responseUrl } = await w.sandbox.driver.command(cmd);
    await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'in_channel', text: 'Declared INC-7' }),
    });
    const posted = w.sandbox.messages(w.incidents).at(-1);
    expect(posted).toMatchObject({ text: 'Declared INC-7', botId: w.sandbox.bot.botId });
    expect(posted?.ephemeralFor).toBeUndefined();
  });

  it('sends block_actions for a modal button with the view and its current state', async () => {
    const actions: BlockAction[] = [];
    bolt.app.action<BlockAction>('add_field', async ({ ack, body }) => {
      await ack();
      actions.push(body);
    });
    bolt.app.command('/form', async ({ ack }) => {
      await ack();
    });
    const cmd = { userId: w.sam, channelId: w.incidents, command: '/form', text: '' };
    const { triggerId } = await w.sandbox.driver.command(cmd);
    await w.client.views.open({
      trigger_id: triggerId,
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: 'Form' },
        blocks: [
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: 'add_field', text: { type: 'plain_text', text: 'Add' } },
            ],
          },
        ],
      },
    });
    await w.sandbox.driver.clickButton({ userId: w.sam, label: 'Add', inView: true });
    expect(actions[0]?.container).toMatchObject({
      type: 'view',
      view_id: w.sandbox.openViews(w.sam)[0]?.id,
    });
    expect(actions[0]?.view?.hash).toBe(w.sandbox.openViews(w.sam)[0]?.hash);
  });
});
