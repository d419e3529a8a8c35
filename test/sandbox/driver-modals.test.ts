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
    const values = app.submissions[0]!.view.state.values;
    expect(values.title?.title_input).toEqual({
      type: 'plain_text_input',
      value: 'Orders DB latency',
    });
    expect(values.severity?.severity_select?.selected_option?.value).toBe('sev3');
    expect(values.responders?.responders_select?.selected_users).toEqual([w.sam, w.jordan]);
    const startedBlock = Object.values(values).find((v) => 'started_at_picker' in v);
    expect(startedBlock?.started_at_picker?.selected_date_time).toBe(1715680500);
    expect(values.notify?.notify_box?.selected_options?.map((o) => o.value)).toEqual(['yes']);
    expect(app.submissions[0]!.view.private_metadata).toBe('{"source":"command"}');
    expect(w.sandbox.openViews(w.alex)).toHaveLength(0);
  });

  it('picks a select option by its visible text, case-insensitively', async () => {
    await openDeclareModal();
    await w.sandbox.driver.submitView({
      userId: w.alex,
      values: { Title: 'x', severity: 'sev1 - CRITICAL' },
    });
    expect(
      app.submissions[0]!.view.state.values.severity?.severity_select?.selected_option?.value,
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
    expect(app.closed).toEqual([id]);
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
