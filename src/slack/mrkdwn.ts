/**
 * Escapes user text for Slack mrkdwn: `&`, `<` and `>` are the only control characters, and
 * escaping them is what stops `<!channel>` or `<@U123>` in a title from pinging anyone.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function mentionUser(userId: string): string {
  return `<@${userId}>`;
}

export function mentionGroup(groupId: string): string {
  return `<!subteam^${groupId}>`;
}

export function mentionChannel(channelId: string): string {
  return `<#${channelId}>`;
}

/** Slack shows at most this many characters of a section; longer user text is cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1)}…`;
}

/**
 * For text already in Slack's markup (message text, typed notes): user mentions and links stay,
 * but `<!channel>`, `<!here>`, `<!everyone>` and group mentions are shown, never sent as pings.
 */
export function defuseBroadcasts(text: string): string {
  return text.replace(/<!([^>]*)>/g, '&lt;!$1&gt;');
}
