import { createHmac } from 'node:crypto';
import type { DeliveryResult } from './types.js';

/**
 * The only real-time reading in the sandbox. Request timestamps must be wall-clock seconds:
 * Bolt compares them with its own clock and rejects anything older than five minutes, so the
 * injected (possibly virtual) clock cannot be used here.
 */
export function wallClockSecondsForSigning(): number {
  return Math.floor(Date.now() / 1000);
}

export function slackSignature(secret: string, timestamp: number | string, body: string): string {
  const digest = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return `v0=${digest}`;
}

export type SlackContentType = 'application/json' | 'application/x-www-form-urlencoded';

export interface SignedPost {
  url: string;
  signingSecret: string;
  body: string;
  contentType: SlackContentType;
  headers?: Record<string, string>;
}

/** POSTs a body to the app the way Slack does: exact content-type, v0 signature headers. */
export async function postSigned(p: SignedPost): Promise<DeliveryResult> {
  const timestamp = wallClockSecondsForSigning();
  const response = await fetch(p.url, {
    method: 'POST',
    headers: {
      'content-type': p.contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(p.signingSecret, timestamp, p.body),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...p.headers,
    },
    body: p.body,
  });
  const text = await response.text();
  return { status: response.status, body: parseAckBody(text) };
}

export function parseAckBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
