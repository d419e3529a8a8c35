import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  fixture,
  slackError,
  startAckServer,
  startWorld,
  triggerFor,
  type World,
} from './helpers.js';

export type Call = { method: string; args: Record<string, unknown> };
export type Scenario = [error: string, description: string, setup: (w: World) => Promise<Call>];

export const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
export const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'Declare' },
  blocks: [section('hi')],
  ...extra,
});

export async function botMessage(w: World, channel = w.incidents): Promise<string> {
  return (await w.client.chat.postMessage({ channel, text: 'root' })).ts!;
}

export async function openModal(w: World, view = modal()): Promise<string> {
  const trigger = await triggerFor(w.sandbox, w.alex, w.incidents);
  return (await w.client.views.open({ trigger_id: trigger, view: view as never })).view!.id!;
}

/**
 * Runs each scenario on a fresh workspace: the error must be in the method's documented list
 * and must be what the sandbox answers.
 */
export function describeDocumentedErrors(title: string, scenarios: Scenario[]): void {
  describe(title, () => {
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

    it.each(scenarios)('answers %s: %s', async (expected, _description, setup) => {
      const { method, args } = await setup(w);
      const errors = fixture<{ errors: Record<string, unknown> }>(`methods/${method}.json`).errors;
      expect(Object.keys(errors), `${expected} is not documented for ${method}`).toContain(
        expected,
      );
      const data = await slackError(w.client.apiCall(method, args));
      expect(data.error).toBe(expected);
    });
  });
}
