import type { App, BlockAction, ViewSubmitAction } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BoltHandle, startBolt, startWorld, type World } from './helpers.js';

const declareModal = {
  type: 'modal' as const,
  callback_id: 'declare_incident',
  private_metadata: '{"source":"command"}',
  notify_on_close: true,
  title: { type: 'plain_text' as const, text: 'Declare incident' },
  submit: { type: 'plain_text' as const, text: 'Declare' },
  close: { type: 'plain_text' as const, text: 'Cancel' },
  blocks: [
    {
      type: 'input',
      block_id: 'title',
      label: { type: 'plain_text', text: 'Title' },
      element: { type: 'plain_text_input', action_id: 'title_input', max_length: 150 },
    },
    {
      type: 'input',
      block_id: 'severity',
      label: { type: 'plain_text', text: 'Severity' },
      element: {
        type: 'static_select',
        action_id: 'severity_select',
        initial_option: { text: { type: 'plain_text', text: 'SEV3 - minor' }, value: 'sev3' },
        options: ['sev1', 'sev2', 'sev3'].map((v, i) => ({
          text: {
            type: 'plain_text',
            text: `${v.toUpperCase()} - ${['critical', 'major', 'minor'][i]}`,
          },
          value: v,
        })),
      },
    },
    {
      type: 'input',
      block_id: 'responders',
      optional: true,
      label: { type: 'plain_text', text: 'Responders' },
      element: { type: 'multi_users_select', action_id: 'responders_select' },
    },
    {
      type: 'input',
      optional: true,
      label: { type: 'plain_text', text: 'Started at' },
      element: { type: 'datetimepicker', action_id: 'started_at_picker' },
    },
    {
      type: 'input',
      block_id: 'notify',
      optional: true,
      label: { type: 'plain_text', text: 'Notify customers' },
      element: {
        type: 'checkboxes',
        action_id: 'notify_box',
        options: [{ text: { type: 'plain_text', text: 'Yes' }, value: 'yes' }],
      },
    },
  ],
};

let w: World;

async function openDeclareModal(): Promise<void> {
  await w.sandbox.driver.command({ userId: w.alex, channelId: w.incidents, text: '' });
  await w.sandbox.settled();
}
let bolt: BoltHandle;
const submissions: ViewSubmitAction[] = [];
const closed: string[] = [];

function registerIncidentApp(app: App): void {
  app.command('/incident', async ({ ack, body, client }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: declareModal });
  });
  app.view('declare_incident', async ({ ack, body, client }) => {
    submissions.push(body as ViewSubmitAction);
    const title = body.view.state.values.title?.title_input?.value ?? '';
    if (title === 'bad') {
      await ack({ response_action: 'errors', errors: { title: 'Give it a real title' } });
      return;
    }
    await ack();
    await client.chat.postMessage({
      channel: w.incidents,
      text: `Incident declared: ${title}`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*${title}*` } },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'ack',
              text: { type: 'plain_text', text: 'Acknowledge' },
              value: 'INC-1',
            },
          ],
        },
      ],
    });
  });
  app.view({ callback_id: 'declare_incident', type: 'view_closed' }, async ({ ack, body }) => {
    await ack();
    closed.push(body.view.id);
  });
  app.action<BlockAction>('ack', async ({ ack, respond, body }) => {
    await ack();
    await respond({ replace_original: true, text: `Acknowledged by <@${body.user.id}>` });
  });
}

beforeEach(async () => {
  submissions.length = 0;
  closed.length = 0;
  w = await startWorld();
  bolt = await startBolt(w.sandbox, registerIncidentApp);
});

afterEach(async () => {
  await w.sandbox.settled();
  await bolt.stop();
  await w.sandbox.stop();
});

describe('slash commands and modals', () => {
  it('sends /incident as an exact form post with a fresh trigger and a working response_url', async () => {
    const result = await w.sandbox.driver.command({
      userId: w.alex,
      channelId: w.incidents,
      text: 'declare',
    });
    expect(result.status).toBe(200);
    await w.sandbox.settled();
    expect(result.triggerId).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
    expect(result.responseUrl.startsWith(w.sandbox.url)).toBe(true);
    const [modal] = w.sandbox.openViews(w.alex);
    expect(modal).toMatchObject({ callbackId: 'declare_incident', title: 'Declare incident' });
  });

  it('submits typed and picked values keyed by block_id or label, prefilled values included', async () => {
    await openDeclareModal();
    const result = await w.sandbox.driver.submitView({
      userId: w.alex,
      values: {
        title: 'Orders DB latency',
        responders: ['sam', w.jordan],
        'started at': '2024-05-14T09:55:00Z',
        notify: true,
      },
    });
    expect(result.status).toBe(200);
    const values = submissions[0]!.view.state.values;
    expect(values.title?.title_input).toEqual({
      type: 'plain_text_input',
      value: 'Orders DB latency',
    });
    expect(values.severity?.severity_select?.selected_option?.value).toBe('sev3');
    expect(values.responders?.responders_select?.selected_users).toEqual([w.sam, w.jordan]);
    const startedBlock = Object.values(values).find((v) => 'started_at_picker' in v);
    expect(startedBlock?.started_at_picker?.selected_date_time).toBe(1715680500);
    expect(values.notify?.notify_box?.selected_options?.map((o) => o.value)).toEqual(['yes']);
    expect(submissions[0]!.view.private_metadata).toBe('{"source":"command"}');
    expect(w.sandbox.openViews(w.alex)).toHaveLength(0);
  });

  it('picks a select option by its visible text, case-insensitively', async () => {
    await openDeclareModal();
    await w.sandbox.driver.submitView({
      userId: w.alex,
      values: { Title: 'x', severity: 'sev1 - CRITICAL' },
    });
    expect(
      submissions[0]!.view.state.values.severity?.severity_select?.selected_option?.value,
    ).toBe('sev1');
  });

  it('keeps the modal open and returns the errors when the app answers response_action errors', async () => {
    await openDeclareModal();
    const result = await w.sandbox.driver.submitView({ userId: w.alex, values: { title: 'bad' } });
    expect(result.body).toEqual({
      response_action: 'errors',
      errors: { title: 'Give it a real title' },
    });
    expect(w.sandbox.openViews(w.alex)).toHaveLength(1);
  });

  it('throws naming the modal’s inputs when a value is given for an input that does not exist', async () => {
    await openDeclareModal();
    await expect(
      w.sandbox.driver.submitView({ userId: w.alex, values: { priority: 'high' } }),
    ).rejects.toThrow(/no input "priority".*title \("Title"\)/);
  });

  it('refuses to submit without a required value, as the Slack client does', async () => {
    await openDeclareModal();
    await expect(w.sandbox.driver.submitView({ userId: w.alex, values: {} })).rejects.toThrow(
      /"Title" is required/,
    );
  });

  it('sends view_closed when the modal asks to be notified on close', async () => {
    await openDeclareModal();
    const id = w.sandbox.openViews(w.alex)[0]!.id;
    const result = await w.sandbox.driver.closeView({ userId: w.alex });
    expect(result.status).toBe(200);
    expect(closed).toEqual([id]);
    expect(w.sandbox.openViews(w.alex)).toHaveLength(0);
  });

  it('refuses slash commands from people in a partner org', async () => {
    await expect(
      w.sandbox.driver.command({ userId: w.casey, channelId: w.partner, text: '' }),
    ).rejects.toThrow(/not a valid command/);
  });

  it('shows an ack body with text to the person only', async () => {
    bolt.app.command('/status', async ({ ack }) => {
      await ack({ text: 'All quiet' });
    });
    await w.sandbox.driver.command({
      userId: w.sam,
      channelId: w.incidents,
      command: '/status',
      text: '',
    });
    const shown = w.sandbox.messages(w.incidents).at(-1);
    expect(shown).toMatchObject({ text: 'All quiet', ephemeralFor: w.sam });
  });
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
