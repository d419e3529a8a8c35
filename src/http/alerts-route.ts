import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { AlertFormatError } from '../detection/alert.js';
import { parseAlerts } from '../detection/parse-alerts.js';
import { type AlertOutcome, deploymentsOf, receiveAlerts } from '../detection/receive-alerts.js';
import { newErrorReference } from '../errors.js';
import { getIncident } from '../incidents/queries.js';
import { alertLine } from '../slack/blocks/alert-messages.js';
import type { SlackDeps } from '../slack/deps.js';
import { formatterFor } from '../slack/time-format.js';

export const maxAlertBodyBytes = 1024 * 1024;

function answer(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const digest = (text: string) => createHash('sha256').update(text).digest();

function isAuthorized(req: IncomingMessage, url: URL, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  const given = bearer ?? url.searchParams.get('token') ?? '';
  return timingSafeEqual(digest(given), digest(token));
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxAlertBodyBytes) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Sets up channels of incidents just opened, then tells each incident what fired. */
async function announce(deps: SlackDeps, outcome: AlertOutcome): Promise<void> {
  if (outcome.opened.length > 0) await deps.scheduler.runDue();
  for (const notice of outcome.notices) {
    const incident = getIncident(deps.ctx.db, notice.incidentId);
    const where = incident.channelId
      ? { channel: incident.channelId }
      : incident.announceChannelId && incident.announceTs
        ? { channel: incident.announceChannelId, thread_ts: incident.announceTs }
        : undefined;
    if (!where) continue;
    const text = alertLine(notice, formatterFor(incident));
    try {
      await deps.client.chat.postMessage({ ...where, text, unfurl_links: false });
    } catch (error) {
      deps.ctx.logger.warn('alert line not posted', { incidentId: incident.id, error });
    }
  }
}

async function handleAlerts(
  deps: SlackDeps,
  token: string | undefined,
  req: IncomingMessage & { params?: Record<string, string | string[]> },
  res: ServerResponse,
): Promise<void> {
  if (!token) return answer(res, 503, { error: 'alert webhooks are off; set VIGIL_ALERT_TOKEN' });
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!isAuthorized(req, url, token)) {
    return answer(res, 401, {
      error: 'wrong or missing token; send Authorization: Bearer <VIGIL_ALERT_TOKEN> or ?token=',
    });
  }
  const tooLarge = {
    error: `the body is over ${maxAlertBodyBytes} bytes; send fewer alerts per request`,
  };
  if (Number(req.headers['content-length'] ?? 0) > maxAlertBodyBytes) {
    res.setHeader('connection', 'close');
    return answer(res, 413, tooLarge);
  }

  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      res.setHeader('connection', 'close');
      return answer(res, 413, tooLarge);
    }
    const reason = error instanceof Error ? error.message : String(error);
    return answer(res, 400, {
      error: `the body is not JSON (${reason}); send the webhook's JSON body unchanged`,
    });
  }

  const ctx = deps.ctx;
  const named = req.params?.format;
  const format = (typeof named === 'string' ? named : url.searchParams.get('format')) ?? undefined;
  try {
    const parsed = parseAlerts(body, format, deploymentsOf(ctx), ctx.clock.now());
    const outcome = receiveAlerts(ctx, parsed.alerts, parsed.format, deps.bot.userId);
    ctx.logger.info('alerts received', {
      format: parsed.format,
      alerts: parsed.alerts.length,
      opened: outcome.opened,
      enriched: outcome.enriched,
      ignored: outcome.ignored.length,
    });
    void deps.track(announce(deps, outcome));
    const { opened, enriched, ignored } = outcome;
    return answer(res, 202, { opened, enriched, ignored });
  } catch (error) {
    if (error instanceof AlertFormatError) return answer(res, 422, { error: error.message });
    const reference = newErrorReference();
    ctx.logger.error('alert webhook failed', { reference, error });
    return answer(res, 500, { error: `Vigil could not record these alerts (${reference})` });
  }
}

/** POST /alerts and /alerts/FORMAT, served by the same receiver as Slack's events. */
export function alertRoutes(deps: SlackDeps, token: string | undefined): CustomRoute[] {
  const handler: CustomRoute['handler'] = (req, res) => {
    handleAlerts(deps, token, req, res).catch((error) => {
      deps.ctx.logger.error('alert webhook failed', { error });
      if (!res.headersSent) answer(res, 500, { error: 'Vigil could not record these alerts' });
    });
  };
  return [
    { path: '/alerts', method: 'POST', handler },
    { path: '/alerts/:format', method: 'POST', handler },
  ];
}
