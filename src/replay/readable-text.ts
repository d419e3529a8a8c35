/** Names the transcript shows for Slack ids: people by @handle, channels by #name. */
export interface NameBook {
  userHandle(id: string): string | undefined;
  channelName(id: string): string | undefined;
  groupHandle(id: string): string | undefined;
}

const specialMentions: Record<string, string> = {
  here: '@here',
  channel: '@channel',
  everyone: '@everyone',
};

function readToken(inner: string, names: NameBook): string {
  const [target = '', label] = inner.split('|', 2) as [string, string | undefined];
  if (target.startsWith('@')) {
    const handle = names.userHandle(target.slice(1));
    return `@${handle ?? label?.replace(/^@/, '') ?? target.slice(1)}`;
  }
  if (target.startsWith('#')) {
    return `#${names.channelName(target.slice(1)) ?? label ?? target.slice(1)}`;
  }
  if (target.startsWith('!subteam^')) {
    const handle = names.groupHandle(target.slice('!subteam^'.length));
    return `@${handle ?? label?.replace(/^@/, '') ?? target.slice(1)}`;
  }
  if (target.startsWith('!date^')) return label ?? target;
  if (target.startsWith('!')) return specialMentions[target.slice(1)] ?? `@${target.slice(1)}`;
  if (label && label !== target) return `${label} (${target.replace(/^mailto:/, '')})`;
  return target.replace(/^mailto:/, '');
}

/** Slack mrkdwn as a person reads it: mentions by name, links with their text, entities decoded. */
export function readableText(text: string, names: NameBook): string {
  return text
    .replace(/<([^<>\s][^<>]*)>/g, (_match, inner: string) => readToken(inner, names))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
