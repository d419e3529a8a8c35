import type { Clock } from '../clock.js';

export interface SandboxOptions {
  clock: Clock;
  /** Signs everything the sandbox sends to the app. */
  signingSecret: string;
  /** The only Bearer token accepted by the Web API (anything else is `invalid_auth`). */
  botToken: string;
  /** Granted bot scopes; default: every scope an implemented method needs. */
  scopes?: string[];
  teamId?: string;
  teamDomain?: string;
  teamName?: string;
  botName?: string;
  /** Legacy verification token placed in payloads' `token` field. */
  verificationToken?: string;
  /** When false, views.publish answers `not_enabled`. */
  homeTabEnabled?: boolean;
}

export interface SandboxBot {
  userId: string;
  botId: string;
  appId: string;
  teamId: string;
}

export interface SandboxUser {
  id: string;
  teamId: string;
  handle: string;
  realName: string;
  email?: string;
  external: boolean;
  deleted: boolean;
  isBot: boolean;
  tz: string;
}

export interface SandboxUsergroup {
  id: string;
  handle: string;
  name: string;
  userIds: string[];
}

export interface ChannelText {
  value: string;
  creator: string;
  lastSetAt: number;
}

export interface SandboxBookmark {
  id: string;
  title: string;
  link: string;
  emoji?: string;
  type: string;
  createdAt: number;
}

export interface SandboxChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isShared: boolean;
  isIm: boolean;
  isArchived: boolean;
  isGeneral: boolean;
  memberIds: string[];
  creator: string;
  createdAt: number;
  topic: ChannelText;
  purpose: ChannelText;
  previousNames: string[];
  bookmarks: SandboxBookmark[];
}

export interface SandboxReaction {
  name: string;
  users: string[];
}

export interface SandboxFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  length: number;
  user: string;
  createdAt: number;
  altText?: string;
  content?: Buffer;
  sharedIn: string[];
}

export interface SandboxMessage {
  channelId: string;
  ts: string;
  threadTs?: string;
  user?: string;
  botId?: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  files?: SandboxFile[];
  subtype?: string;
  edited?: { user: string; ts: string };
  deleted?: boolean;
  ephemeralFor?: string;
  reactions: SandboxReaction[];
  pinned: boolean;
  metadata?: unknown;
  clientMsgId?: string;
  inviter?: string;
  /** Extra subtype fields Slack adds (topic, purpose, old_name, name …). */
  extra?: Record<string, unknown>;
}

export interface SandboxView {
  id: string;
  userId: string;
  type: 'modal' | 'home';
  hash: string;
  externalId: string;
  callbackId: string;
  privateMetadata: string;
  title: string;
  rootViewId: string;
  previousViewId: string | null;
  notifyOnClose: boolean;
  clearOnClose: boolean;
  blocks: Array<Record<string, unknown>>;
  /** The view object exactly as the Web API returns it. */
  raw: Record<string, unknown>;
}

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  atMs: number;
}

export interface InjectedFault {
  method: string;
  times?: number;
  error?: string;
  status?: number;
  ratelimited?: { retryAfterSeconds: number };
  delayMs?: number;
}

export interface DeliveryResult {
  status: number;
  /** Parsed JSON ack body, or text, or null when empty. */
  body: unknown;
}

export interface Delivery extends DeliveryResult {
  kind: 'event' | 'command' | 'interaction';
  payload: unknown;
  retryNum: number;
  elapsedMs: number;
}

export interface ResponseUrlPost {
  id: string;
  body: unknown;
}

export interface SandboxDriver {
  command(p: {
    userId: string;
    channelId: string;
    command?: string;
    text: string;
  }): Promise<DeliveryResult & { triggerId: string; responseUrl: string }>;
  clickButton(p: {
    userId: string;
    label: string;
    channelId?: string;
    inView?: boolean;
  }): Promise<DeliveryResult>;
  blockAction(p: {
    userId: string;
    channelId: string;
    messageTs: string;
    actionId: string;
    value?: string;
    blockId?: string;
  }): Promise<DeliveryResult>;
  submitView(p: { userId: string; values: Record<string, unknown> }): Promise<DeliveryResult>;
  closeView(p: { userId: string }): Promise<DeliveryResult>;
  messageShortcut(p: {
    userId: string;
    channelId: string;
    messageTs: string;
    callbackId: string;
  }): Promise<DeliveryResult>;
  postMessage(p: {
    userId: string;
    channelId: string;
    text: string;
    threadTs?: string;
    files?: Array<{ name: string; mimetype?: string; content?: string | Buffer }>;
  }): Promise<SandboxMessage>;
  editMessage(p: { userId: string; channelId: string; ts: string; text: string }): Promise<void>;
  deleteMessage(p: { userId: string; channelId: string; ts: string }): Promise<void>;
  addReaction(p: { userId: string; channelId: string; ts: string; name: string }): Promise<void>;
  removeReaction(p: { userId: string; channelId: string; ts: string; name: string }): Promise<void>;
  joinChannel(p: { userId: string; channelId: string }): Promise<void>;
  redeliverLast(reason?: string): Promise<DeliveryResult>;
}
