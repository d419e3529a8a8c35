import { renderBlocksToText } from '../sandbox/index.js';
import type { Evidence, ReadableMessage } from './expectations.js';
import { readableText } from './readable-text.js';
import { readIncidents, readPostmortems } from './result.js';
import { localParts } from './scenario-time.js';
import type { ReplaySession } from './session.js';
import {
  displayName,
  isFromBot,
  isSystemMessage,
  messageText,
  nameBook,
  type WorkspaceView,
} from './transcript.js';

export function workspaceView(session: ReplaySession): WorkspaceView {
  const { sandbox } = session;
  const channels = sandbox.channels();
  const memberIds = new Set(channels.flatMap((c) => c.memberIds));
  const users = [...memberIds, ...session.scenario.users.map((u) => sandbox.user(u.id)?.id ?? '')]
    .map((id) => sandbox.user(id))
    .filter((u) => u !== undefined);
  const handleOf = (id: string) => (id === sandbox.bot.userId ? 'Vigil' : sandbox.user(id)?.handle);
  return {
    channels,
    messages: (channelId) => sandbox.messages(channelId),
    users: [...new Map(users.map((u) => [u.id, u])).values()],
    usergroups: session.usergroups,
    botUserId: sandbox.bot.userId,
    botId: sandbox.bot.botId,
    renderBlocks: (blocks, fallback) => renderBlocksToText(blocks, fallback, handleOf),
  };
}

/** Everything that answered the last command: its ack, response_url posts, later ephemerals. */
function lastCommandReply(session: ReplaySession, view: WorkspaceView): string | null {
  const command = session.lastCommand;
  if (!command) return null;
  const names = nameBook(view);
  const render = (body: unknown) => {
    if (typeof body === 'string') return body;
    const { text, blocks } = (body ?? {}) as { text?: string; blocks?: unknown[] };
    return view.renderBlocks(blocks ?? [], text ?? '');
  };
  const posted = session.sandbox.responseUrlPosts
    .filter((post) => command.responseUrl.endsWith(post.id))
    .map((post) => render(post.body));
  const ephemerals = view.channels.flatMap((channel) =>
    view
      .messages(channel.id)
      .filter((m) => m.ephemeralFor === command.userId && Number(m.ts) > Number(command.afterTs))
      .map((m) => messageText(view, m, names)),
  );
  const parts = [render(command.ackBody), ...posted, ...ephemerals, ...command.refusals];
  return parts
    .map((part) => readableText(part, names))
    .filter((p) => p.trim() !== '')
    .join('\n');
}

export function gatherEvidence(session: ReplaySession, view: WorkspaceView): Evidence {
  const names = nameBook(view);
  const { offsetMinutes } = session.scenario;
  const readable = (channelId: string): ReadableMessage[] =>
    view
      .messages(channelId)
      .filter((m) => !m.deleted)
      .map((m) => {
        const { time } = localParts(new Date(Math.floor(Number(m.ts) * 1000)), offsetMinutes);
        const author = isFromBot(view, m) ? 'Vigil' : displayName(view, m.user);
        return {
          label: `${time} ${author}`,
          text: messageText(view, m, names),
          isFromVigil: isFromBot(view, m),
          userId: m.user,
          isCounted: !m.ephemeralFor && !isSystemMessage(m),
        };
      });
  return {
    resolveChannel: (reference) => {
      try {
        return session.resolveChannel(reference);
      } catch (error) {
        return { problem: (error as Error).message };
      }
    },
    channelMessages: readable,
    incidents: readIncidents(session.app.store.db, names.userHandle),
    postmortems: new Map(readPostmortems(session.app.store.db).map((p) => [p.ref, p.markdown])),
    lastCommandReply: lastCommandReply(session, view),
    userIdOf: (symbol) => session.sandbox.user(symbol)?.id,
  };
}
