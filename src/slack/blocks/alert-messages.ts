import type { AlertNotice } from '../../detection/receive-alerts.js';
import { escapeMrkdwn, truncate } from '../mrkdwn.js';

const maxSummary = 300;

/** Slack link syntax ends at `|` and `>`, so those are percent-encoded in the target. */
function link(url: string, label: string): string {
  const target = url.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C');
  return `<${target}|${label}>`;
}

/** One short line in the incident channel for an alert that fired or resolved. */
export function alertLine(notice: AlertNotice, formatTime: (at: Date) => string): string {
  const { alert } = notice;
  const name = `*${escapeMrkdwn(alert.name)}*`;
  const source = alert.url ? ` · ${link(alert.url, 'source')}` : '';
  if (notice.kind === 'resolved') {
    const at = alert.endsAt ? ` at ${formatTime(alert.endsAt)}` : '';
    return `:white_check_mark: Alert resolved: ${name}${at}${source}`;
  }
  const summary = alert.summary.trim();
  const said =
    summary === '' || summary === alert.name
      ? ''
      : ` — ${escapeMrkdwn(truncate(summary, maxSummary))}`;
  const since = `(since ${formatTime(alert.startsAt)})`;
  return `:rotating_light: Alert fired: ${name}${said} ${since}${source}`;
}
