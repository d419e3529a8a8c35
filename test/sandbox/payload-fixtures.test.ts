import type { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody, postSigned, slackSignature } from '../../src/sandbox/index.js';
import {
  type BoltHandle,
  fixture,
  fixtureNames,
  fixtureText,
  signingSecret,
  startBolt,
  startWorld,
  type World,
} from './helpers.js';

const seen: string[] = [];

function listen(app: App): void {
  app.event('message', async ({ event }) => {
    seen.push(`message:${event.subtype ?? 'plain'}`);
  });
  for (const type of ['app_mention', 'member_joined_channel', 'reaction_added'] as const) {
    app.event(type, async () => {
      seen.push(type);
    });
  }
  app.command('/incident', async ({ ack }) => {
    seen.push('command');
    await ack();
  });
  app.action('incident_ack', async ({ ack }) => {
    seen.push('action:incident_ack');
    await ack();
  });
  app.action('severity_select', async ({ ack }) => {
    seen.push('action:severity_select');
    await ack();
  });
  app.shortcut('add_to_timeline', async ({ ack }) => {
    seen.push('shortcut');
    await ack();
  });
  app.view('declare_incident', async ({ ack, body, context }) => {
    seen.push(`view:${body.user.team_id}:${context.teamId}`);
    await ack();
  });
}

const expectedEvent: Record<string, string | undefined> = {
  'app_mention.json': 'app_mention',
  'member_joined_channel.json': 'member_joined_channel',
  'message-bot_message-subtype.json': 'message:bot_message',
  'message-changed.json': 'message:message_changed',
  'message-channel_join.json': 'message:channel_join',
  'message-deleted.json': 'message:message_deleted',
  'message-file_share.json': 'message:file_share',
  'message-from-app-bot.json': undefined,
  'message-slack-connect-external-user.json': 'message:plain',
  'message-thread-reply.json': 'message:plain',
  'message.json': 'message:plain',
  'reaction_added.json': 'reaction_added',
};

const expectedInteraction: Record<string, string> = {
  'block-actions-button-in-message.json': 'action:incident_ack',
  'block-actions-select-in-modal.json': 'action:severity_select',
  'shortcut-message-action.json': 'shortcut',
  'view-submission.json': 'view:T0100000001:T0100000001',
  'view-submission-slack-connect-external-user.json': 'view:T0200000002:T0100000001',
};

let w: World;
let bolt: BoltHandle;

beforeAll(async () => {
  w = await startWorld();
  bolt = await startBolt(w.sandbox, listen);
});

afterAll(async () => {
  await bolt.stop();
  await w.sandbox.stop();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('signing', () => {
  it('reproduces both published signing vectors', () => {
    const vectors = fixture<Array<Record<string, string>>>('payloads/signing-test-vectors.json');
    for (const v of vectors) {
      expect(slackSignature(v.signing_secret!, v.x_slack_request_timestamp!, v.body!)).toBe(
        v.x_slack_signature,
      );
    }
  });
});

describe('every example payload reaches the right Bolt listener', () => {
  const eventFiles = fixtureNames('payloads/events').filter((f) => f !== 'url_verification.json');

  it('covers every event file', () => {
    expect(eventFiles.sort()).toEqual(Object.keys(expectedEvent).sort());
  });

  it.each(eventFiles)('events/%s', async (file) => {
    seen.length = 0;
    const body = fixtureText(`payloads/events/${file}`);
    const result = await postSigned({
      url: bolt.url,
      signingSecret,
      body,
      contentType: 'application/json',
    });
    await settle();
    expect(result.status).toBe(200);
    const expected = expectedEvent[file];
    expect(seen).toEqual(expected ? [expected] : []);
  });

  it('answers the url_verification challenge', async () => {
    const body = fixtureText('payloads/events/url_verification.json');
    const result = await postSigned({
      url: bolt.url,
      signingSecret,
      body,
      contentType: 'application/json',
    });
    expect(result.body).toEqual({ challenge: JSON.parse(body).challenge });
  });

  it.each(Object.keys(expectedInteraction))('interactivity/%s', async (file) => {
    seen.length = 0;
    const payload = fixtureText(`payloads/interactivity/${file}`);
    const body = formBody({ payload: JSON.stringify(JSON.parse(payload)) });
    const contentType = 'application/x-www-form-urlencoded';
    const result = await postSigned({ url: bolt.url, signingSecret, body, contentType });
    expect(result.status).toBe(200);
    expect(seen).toEqual([expectedInteraction[file]]);
  });

  it('delivers the slash command form body and its JSON twin alike', async () => {
    seen.length = 0;
    const raw = fixtureText('payloads/interactivity/slash-command.form.txt').trim();
    const contentType = 'application/x-www-form-urlencoded';
    const fromJson = formBody(
      fixture<Record<string, string>>('payloads/interactivity/slash-command.json'),
    );
    expect(fromJson).toBe(raw);
    const result = await postSigned({ url: bolt.url, signingSecret, body: raw, contentType });
    expect(result.status).toBe(200);
    expect(seen).toEqual(['command']);
  });

  it('is refused by Bolt when signed with another secret', async () => {
    const body = fixtureText('payloads/events/message.json');
    const result = await postSigned({
      url: bolt.url,
      signingSecret: 'wrong',
      body,
      contentType: 'application/json',
    });
    expect(result.status).toBe(401);
  });
});

describe('example ack bodies drive the modal as Slack would', () => {
  it('keeps the modal open on the errors ack and replaces it on the update ack', async () => {
    const errors = fixture('payloads/interactivity/view-submission-ack-errors.json');
    const update = fixture('payloads/interactivity/view-submission-ack-update.json');
    const acks = [errors, update];
    bolt.app.command('/declare', async ({ ack, body, client }) => {
      await ack();
      const view = fixture<{ view: Record<string, unknown> }>(
        'payloads/web-api-responses/views.open.json',
      ).view;
      const { blocks, title, submit, close, callback_id } = view;
      await client.views.open({
        trigger_id: body.trigger_id,
        view: {
          type: 'modal',
          blocks,
          title,
          submit,
          close,
          callback_id: `${callback_id}_fixture`,
        } as never,
      });
    });
    bolt.app.view('declare_incident_fixture', async ({ ack }) => {
      await ack(acks.shift() as never);
    });
    await w.sandbox.driver.command({
      userId: w.alex,
      channelId: w.incidents,
      command: '/declare',
      text: '',
    });
    await w.sandbox.settled();
    const values = { title: 'Orders DB latency', severity: 'sev2' };
    const first = await w.sandbox.driver.submitView({ userId: w.alex, values });
    expect(first.body).toEqual(errors);
    expect(w.sandbox.openViews(w.alex)[0]?.title).toBe('Declare incident');
    await w.sandbox.driver.submitView({ userId: w.alex, values });
    expect(w.sandbox.openViews(w.alex).map((v) => v.title)).toEqual(['Incident declared']);
  });
});
