import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  botToken,
  fixture,
  fixtureNames,
  rawCall,
  startAckServer,
  startWorld,
  triggerFor,
  type World,
} from './helpers.js';

interface MethodDoc {
  args: { required?: string[] };
  errors: Record<string, unknown>;
}

/** Errors any method can answer (Slack's common error list). */
const genericErrors = new Set([
  'not_authed',
  'invalid_auth',
  'missing_scope',
  'invalid_arguments',
  'invalid_arg_name',
  'invalid_array_arg',
  'invalid_form_data',
  'invalid_json',
  'fatal_error',
  'internal_error',
]);

const methods = fixtureNames('methods').map((f) => f.replace(/\.json$/, ''));
const docs = new Map(methods.map((m) => [m, fixture<MethodDoc>(`methods/${m}.json`)]));

function documented(method: string, error: string): boolean {
  return genericErrors.has(error) || error in (docs.get(method)?.errors ?? {});
}

let w: World;
let ack: { close(): void };
let botTs: string;

const modal = (title = 'Declare') => ({
  type: 'modal',
  title: { type: 'plain_text', text: title },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }],
});

/** A call that succeeds for each method; the tests below take one required arg away at a time. */
async function validArgs(method: string): Promise<Record<string, string>> {
  const upload = await w.client.files.getUploadURLExternal({ filename: 'a.txt', length: 1 });
  const view = JSON.stringify(modal());
  const table: Record<string, Record<string, string>> = {
    'bookmarks.add': {
      channel_id: w.incidents,
      title: 'Runbook',
      type: 'link',
      link: 'https://runbooks.example.com',
    },
    'chat.delete': { channel: w.incidents, ts: botTs },
    'chat.getPermalink': { channel: w.incidents, message_ts: botTs },
    'chat.postEphemeral': { channel: w.incidents, user: w.alex, text: 'psst' },
    'chat.postMessage': { channel: w.incidents, text: 'hi' },
    'chat.scheduleMessage': { channel: w.incidents, post_at: '1715690000', text: 'later' },
    'chat.update': { channel: w.incidents, ts: botTs, text: 'edited' },
    'conversations.create': { name: 'inc-new' },
    'conversations.invite': { channel: w.incidents, users: w.jordan },
    'conversations.rename': { channel: w.incidents, name: 'incidents-2' },
    'conversations.replies': { channel: w.incidents, ts: botTs },
    'conversations.setPurpose': { channel: w.incidents, purpose: 'p' },
    'conversations.setTopic': { channel: w.incidents, topic: 't' },
    'files.completeUploadExternal': { files: JSON.stringify([{ id: upload.file_id }]) },
    'files.getUploadURLExternal': { filename: 'a.txt', length: '3' },
    'pins.add': { channel: w.incidents, timestamp: botTs },
    'reactions.add': { channel: w.incidents, name: 'eyes', timestamp: botTs },
    'usergroups.users.list': { usergroup: 'S0100000001' },
    'users.info': { user: w.alex },
    'users.lookupByEmail': { email: 'alex@example.com' },
    'views.open': { view, trigger_id: await triggerFor(w.sandbox, w.alex, w.incidents) },
    'views.publish': { user_id: w.alex, view: JSON.stringify({ type: 'home', blocks: [] }) },
    'views.push': { view, trigger_id: await triggerFor(w.sandbox, w.alex, w.incidents) },
    'views.update': { view, view_id: 'V0100000001' },
  };
  return table[method] ?? { channel: w.incidents };
}

beforeAll(async () => {
  w = await startWorld();
  ack = await startAckServer(w.sandbox);
  w.sandbox.addUsergroup({ handle: 'sre', userIds: [w.alex] });
  botTs = (await w.client.chat.postMessage({ channel: w.incidents, text: 'root' })).ts!;
});

afterAll(async () => {
  ack.close();
  await w.sandbox.stop();
});

describe('required arguments', () => {
  const cases = methods.flatMap((method) =>
    (docs.get(method)?.args.required ?? [])
      .filter((a) => a !== 'token')
      .map((arg) => [method, arg] as const),
  );

  it.each(cases)('%s without %s answers an error from its documented list', async (method, arg) => {
    const args = await validArgs(method);
    delete args[arg];
    const response = await rawCall(w.sandbox, method, new URLSearchParams(args).toString(), {
      authorization: `Bearer ${botToken}`,
    });
    expect(response.json.ok).toBe(false);
    const error = String(response.json.error);
    expect(documented(method, error), `${method} answered undocumented ${error}`).toBe(true);
  });

  it('covers every implemented method that has a documentation file', () => {
    const implemented = Object.keys(w.sandbox.methods);
    for (const method of methods) expect(implemented).toContain(method);
  });
});

describe('responses match the documented examples', () => {
  it('answers auth.test with the same fields as the documented bot example', async () => {
    const example = fixture('payloads/web-api-responses/auth.test.bot.json');
    const result = await w.client.auth.test();
    expect(
      Object.keys(result)
        .filter((k) => k !== 'response_metadata')
        .sort(),
    ).toEqual(Object.keys(example).sort());
  });

  it('answers conversations.create with the documented channel fields', async () => {
    const example = fixture<{ channel: Record<string, unknown> }>(
      'payloads/web-api-responses/conversations.create.json',
    );
    const result = await w.client.conversations.create({ name: 'inc-shape-check' });
    expect(Object.keys(result.channel ?? {}).sort()).toEqual(Object.keys(example.channel).sort());
  });

  it('answers chat.postMessage with the documented message fields', async () => {
    const example = fixture<{ message: Record<string, unknown> }>(
      'payloads/web-api-responses/chat.postMessage.json',
    );
    const blocks = [
      { type: 'header', block_id: 'hdr1', text: { type: 'plain_text', text: 'SEV2' } },
    ];
    const result = await w.client.chat.postMessage({ channel: w.incidents, text: 'x', blocks });
    expect(Object.keys(result.message ?? {}).sort()).toEqual(Object.keys(example.message).sort());
  });
});
