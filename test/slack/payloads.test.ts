import { readdirSync, readFileSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaySecrets } from '../../src/replay/session.js';
import { formBody, postSigned } from '../../src/sandbox/index.js';
import { messages, timelineEntries } from '../../src/store/schema.js';
import { declareP1, type Harness, startHarness } from '../helpers/harness.js';

// The example payloads, as Slack sends them, posted to Vigil's own receiver (not a bare Bolt app).
const payloadDir = new URL('../fixtures/slack/payloads/', import.meta.url).pathname;
const eventFiles = readdirSync(`${payloadDir}events`)
  .filter((f) => f !== 'url_verification.json')
  .sort();
// The example workspace's incident channel and Slack Connect channel.
const exampleChannels = /C0100000102|C0100000103/g;
// Replies must never leave the machine: response URLs point at a closed local port.
const nowhere = 'http://127.0.0.1:9/response';

let h: Harness;
let incidentChannel: string;

beforeAll(async () => {
  h = await startHarness();
  await h.steps(declareP1);
  incidentChannel = h.channelId('$incident');
});

afterAll(async () => {
  await h.stop();
});

function eventsUrl(): string {
  return h.session.app.eventsUrl!;
}

async function post(
  body: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
) {
  const result = await postSigned({
    url: eventsUrl(),
    signingSecret: replaySecrets.signingSecret,
    body,
    contentType,
  });
  await h.session.quiesce();
  return result;
}

function stored(): number {
  return h.session.app.store.db.select({ n: count() }).from(messages).get()!.n;
}

function storedAt(ts: string) {
  return h.session.app.store.db.select().from(messages).where(eq(messages.ts, ts)).get();
}

/** The same event in the incident channel, under a new event_id so it is not a retry. */
function inIncidentChannel(file: string): string {
  const event = JSON.parse(
    readFileSync(`${payloadDir}events/${file}`, 'utf8').replace(exampleChannels, incidentChannel),
  );
  event.event_id = `${event.event_id}-incident`;
  return JSON.stringify(event);
}

describe('events from the example workspace', () => {
  it('answers the url_verification challenge', async () => {
    const body = readFileSync(`${payloadDir}events/url_verification.json`, 'utf8');
    const result = await post(body, 'application/json');

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ challenge: JSON.parse(body).challenge });
  });

  it.each(eventFiles)(
    'acknowledges %s in a channel without an incident and stores nothing',
    async (file) => {
      const before = stored();
      const result = await post(
        readFileSync(`${payloadDir}events/${file}`, 'utf8'),
        'application/json',
      );

      expect(result.status).toBe(200);
      expect(stored()).toBe(before);
    },
  );
});

describe('the same events in an incident channel', () => {
  it('stores a person’s message, then its edit', async () => {
    expect((await post(inIncidentChannel('message.json'), 'application/json')).status).toBe(200);
    expect(storedAt('1715680810.000100')).toMatchObject({ channelId: incidentChannel });

    expect((await post(inIncidentChannel('message-changed.json'), 'application/json')).status).toBe(
      200,
    );
    expect(storedAt('1715680810.000100')?.editedAt).not.toBeNull();
  });

  it.each([
    ['message-thread-reply.json', '1715680895.000200'],
    ['message-file_share.json', '1715680850.000900'],
    ['message-slack-connect-external-user.json', '1715681000.000100'],
  ])('stores %s', async (file, ts) => {
    const result = await post(inIncidentChannel(file), 'application/json');

    expect(result.status).toBe(200);
    expect(storedAt(ts)).toMatchObject({ channelId: incidentChannel });
  });

  it.each([
    ['message-from-app-bot.json', '1715680805.000500'],
    ['message-channel_join.json', '1715680830.000800'],
  ])('drops %s', async (file, ts) => {
    const result = await post(inIncidentChannel(file), 'application/json');

    expect(result.status).toBe(200);
    expect(storedAt(ts)).toBeUndefined();
  });

  it('adds nothing to the timeline for a reaction other than a pin', async () => {
    const entries = () =>
      h.session.app.store.db.select({ n: count() }).from(timelineEntries).get()!.n;
    const before = entries();
    const result = await post(inIncidentChannel('reaction_added.json'), 'application/json');

    expect(result.status).toBe(200);
    expect(entries()).toBe(before);
  });

  it('acknowledges a deletion of a message it never stored', async () => {
    const before = stored();
    const result = await post(inIncidentChannel('message-deleted.json'), 'application/json');

    expect(result.status).toBe(200);
    expect(stored()).toBe(before);
  });
});

describe('interactivity from the example workspace', () => {
  it('answers the slash command form body', async () => {
    const raw = readFileSync(`${payloadDir}interactivity/slash-command.form.txt`, 'utf8').trim();
    const fields = Object.fromEntries(new URLSearchParams(raw));
    const body = formBody({ ...fields, response_url: nowhere });
    const result = await post(body, 'application/x-www-form-urlencoded');

    expect(result.status).toBe(200);
  });

  it("opens the update modal from a button click rewritten to Vigil's own action", async () => {
    const payload = interaction('block-actions-button-in-message.json');
    payload.actions[0].action_id = 'vigil.send_update';
    payload.actions[0].value = String(h.latestIncident().id);
    const result = await postInteraction(payload);

    expect(result.status).toBe(200);
  });

  it('adds a message to the timeline from the message shortcut', async () => {
    const payload = interaction('shortcut-message-action.json');
    payload.callback_id = 'vigil.add_to_timeline';
    payload.message.ts = '1715680810.000100';
    const result = await postInteraction(payload);

    expect(result.status).toBe(200);
    const pinned = h.session.app.store.db
      .select()
      .from(timelineEntries)
      .where(eq(timelineEntries.sourceTs, '1715680810.000100'))
      .get();
    expect(pinned?.kind).toBe('pinned_message');
  });

  // Another app's callback ids: nothing in Vigil answers, so Bolt refuses them after its timeout.
  it.each([
    'block-actions-select-in-modal.json',
    'view-submission.json',
    'view-submission-slack-connect-external-user.json',
  ])('leaves %s, meant for another app, unanswered', async (file) => {
    const result = await postInteraction(interaction(file));

    expect(result.status).toBe(404);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: example payloads are free-form JSON.
function interaction(file: string): any {
  const text = readFileSync(`${payloadDir}interactivity/${file}`, 'utf8');
  const payload = JSON.parse(text.replace(exampleChannels, incidentChannel));
  if (payload.response_url) payload.response_url = nowhere;
  return payload;
}

function postInteraction(payload: unknown) {
  return post(formBody({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded');
}
