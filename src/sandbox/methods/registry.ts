import { type Args, fail, str } from '../args.js';
import type { Core } from '../posting.js';
import type { SandboxChannel } from '../types.js';

export interface MethodContext extends Core {
  args: Args;
  scopes: ReadonlySet<string>;
}

export type Result = Record<string, unknown>;

export interface MethodSpec {
  /** Bot scopes of which any one is enough; the first is what missing_scope reports as needed. */
  scopes?: string[] | ((ctx: MethodContext) => string[]);
  /** Required arg → the error Slack answers when it is missing or empty. */
  required?: Record<string, string>;
  handle(ctx: MethodContext): Result | Promise<Result>;
}

export type MethodTable = Record<string, MethodSpec>;

interface ScopesByType {
  public: string[];
  private: string[];
  im?: string[];
}

/** Scope depends on the conversation type named by args.channel. */
export function channelScopes(byType: ScopesByType, argName = 'channel') {
  return (ctx: MethodContext): string[] => {
    const id = str(ctx.args, argName);
    const channel = id ? ctx.ws.channel(id) : undefined;
    if (channel?.isIm) return byType.im ?? byType.private;
    return channel?.isPrivate ? byType.private : byType.public;
  };
}

export const readScopes: ScopesByType = {
  public: ['channels:read'],
  private: ['groups:read'],
  im: ['im:read'],
};
export const historyScopes: ScopesByType = {
  public: ['channels:history'],
  private: ['groups:history'],
  im: ['im:history'],
};
export const manageScopes: ScopesByType = {
  public: ['channels:manage', 'channels:write'],
  private: ['groups:write'],
  im: ['im:write'],
};

/** What a default install grants: enough for every implemented method. */
export const defaultScopes = [
  'bookmarks:write',
  'canvases:write',
  'channels:history',
  'channels:join',
  'channels:manage',
  'channels:read',
  'chat:write',
  'commands',
  'files:read',
  'files:write',
  'groups:history',
  'groups:read',
  'groups:write',
  'im:history',
  'im:read',
  'im:write',
  'pins:write',
  'reactions:write',
  'usergroups:read',
  'users:read',
  'users:read.email',
];

/**
 * Resolves a channel argument the way a bot token sees it: private channels the bot is not in
 * do not exist (channel_not_found).
 */
export function channelArg(ctx: MethodContext, key = 'channel', allowName = false): SandboxChannel {
  const id = str(ctx.args, key);
  if (!id) fail('channel_not_found');
  const channel = allowName ? ctx.ws.channel(id) : ctx.ws.channelsById.get(id);
  if (!channel || !ctx.ws.isVisibleToBot(channel)) fail('channel_not_found');
  return channel;
}

export function requireBotMember(ctx: MethodContext, channel: SandboxChannel): void {
  if (!ctx.ws.isBotMember(channel)) fail('not_in_channel');
}
