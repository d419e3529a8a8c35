import type { Clock } from '../clock.js';
import { type IdFactory, unixSeconds } from './ids.js';
import type {
  SandboxBot,
  SandboxChannel,
  SandboxFile,
  SandboxMessage,
  SandboxUser,
  SandboxUsergroup,
  SandboxView,
} from './types.js';

export interface TeamInfo {
  id: string;
  domain: string;
  name: string;
  externalId: string;
  externalDomain: string;
  verificationToken: string;
}

export interface IssuedTrigger {
  userId: string;
  issuedAtMs: number;
  isUsed: boolean;
}

export interface ScheduledMessage {
  id: string;
  channelId: string;
  postAt: number;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
}

export interface NewUser {
  handle: string;
  realName?: string;
  email?: string;
  external?: boolean;
  deleted?: boolean;
  isBot?: boolean;
  tz?: string;
}

export interface NewChannel {
  name: string;
  isPrivate?: boolean;
  isShared?: boolean;
  memberIds?: string[];
  botIsMember?: boolean;
  isGeneral?: boolean;
  creator?: string;
}

/** The whole workspace as Slack's servers would hold it. */
export class Workspace {
  readonly users = new Map<string, SandboxUser>();
  readonly usergroups = new Map<string, SandboxUsergroup>();
  readonly channelsById = new Map<string, SandboxChannel>();
  readonly messagesByChannel = new Map<string, SandboxMessage[]>();
  readonly views = new Map<string, SandboxView>();
  readonly modalStacks = new Map<string, string[]>();
  readonly homeViews = new Map<string, string>();
  readonly triggers = new Map<string, IssuedTrigger>();
  readonly files = new Map<string, SandboxFile>();
  readonly canvases = new Map<string, { id: string; title: string; markdown: string }>();
  readonly scheduled: ScheduledMessage[] = [];
  /** Set once the HTTP server listens; file and response URLs point here. */
  baseUrl = '';

  constructor(
    readonly team: TeamInfo,
    readonly bot: SandboxBot & { name: string },
    readonly clock: Clock,
    readonly ids: IdFactory,
  ) {
    this.users.set(bot.userId, {
      id: bot.userId,
      teamId: team.id,
      handle: bot.name,
      realName: bot.name,
      external: false,
      deleted: false,
      isBot: true,
      tz: 'America/Los_Angeles',
    });
  }

  nowSeconds(): number {
    return unixSeconds(this.clock);
  }

  addUser(u: NewUser): SandboxUser {
    if (this.user(u.handle)) throw new Error(`a user with handle "${u.handle}" already exists`);
    const external = u.external ?? false;
    const user: SandboxUser = {
      id: this.ids.user(external),
      teamId: external ? this.team.externalId : this.team.id,
      handle: u.handle,
      realName: u.realName ?? u.handle,
      email: u.email,
      external,
      deleted: u.deleted ?? false,
      isBot: u.isBot ?? false,
      tz: u.tz ?? 'Europe/London',
    };
    this.users.set(user.id, user);
    return user;
  }

  addUsergroup(g: { handle: string; name?: string; userIds: string[] }): SandboxUsergroup {
    for (const id of g.userIds) this.requireUser(id);
    const group = { id: this.ids.usergroup(), handle: g.handle, name: g.name ?? g.handle };
    const usergroup: SandboxUsergroup = { ...group, userIds: [...g.userIds] };
    this.usergroups.set(usergroup.id, usergroup);
    return usergroup;
  }

  addChannel(c: NewChannel): SandboxChannel {
    if (this.channel(c.name)) throw new Error(`a channel named "${c.name}" already exists`);
    const members = new Set(c.memberIds ?? []);
    for (const id of members) this.requireUser(id);
    if (c.botIsMember) members.add(this.bot.userId);
    const now = this.nowSeconds();
    const channel: SandboxChannel = {
      id: this.ids.channel(),
      name: c.name,
      isPrivate: c.isPrivate ?? false,
      isShared: c.isShared ?? false,
      isIm: false,
      isArchived: false,
      isGeneral: c.isGeneral ?? false,
      memberIds: [...members],
      creator: c.creator ?? [...members][0] ?? this.bot.userId,
      createdAt: now,
      topic: { value: '', creator: '', lastSetAt: 0 },
      purpose: { value: '', creator: '', lastSetAt: 0 },
      previousNames: [],
      bookmarks: [],
    };
    this.channelsById.set(channel.id, channel);
    this.messagesByChannel.set(channel.id, []);
    return channel;
  }

  /** The app's DM with a user, opened on first use as Slack does for chat.postMessage to U…. */
  imWith(userId: string): SandboxChannel {
    const existing = [...this.channelsById.values()].find(
      (c) => c.isIm && c.memberIds.includes(userId),
    );
    if (existing) return existing;
    const im: SandboxChannel = {
      id: this.ids.im(),
      name: userId,
      isPrivate: true,
      isShared: false,
      isIm: true,
      isArchived: false,
      isGeneral: false,
      memberIds: [this.bot.userId, userId],
      creator: this.bot.userId,
      createdAt: this.nowSeconds(),
      topic: { value: '', creator: '', lastSetAt: 0 },
      purpose: { value: '', creator: '', lastSetAt: 0 },
      previousNames: [],
      bookmarks: [],
    };
    this.channelsById.set(im.id, im);
    this.messagesByChannel.set(im.id, []);
    return im;
  }

  user(idOrHandle: string): SandboxUser | undefined {
    const key = idOrHandle.replace(/^@/, '');
    return this.users.get(key) ?? [...this.users.values()].find((u) => u.handle === key);
  }

  requireUser(id: string): SandboxUser {
    const user = this.user(id);
    if (!user) throw new Error(`unknown user "${id}"; add it with addUser first`);
    return user;
  }

  channel(idOrName: string): SandboxChannel | undefined {
    const key = idOrName.replace(/^#/, '');
    const byId = this.channelsById.get(key);
    if (byId) return byId;
    return [...this.channelsById.values()].find((c) => !c.isIm && c.name === key);
  }

  requireChannel(id: string): SandboxChannel {
    const channel = this.channel(id);
    if (!channel) throw new Error(`unknown channel "${id}"`);
    return channel;
  }

  isMember(channel: SandboxChannel, userId: string): boolean {
    return channel.memberIds.includes(userId);
  }

  isBotMember(channel: SandboxChannel): boolean {
    return this.isMember(channel, this.bot.userId);
  }

  /** Private channels the bot is not in do not exist as far as the bot token can tell. */
  isVisibleToBot(channel: SandboxChannel): boolean {
    return !channel.isPrivate || this.isBotMember(channel);
  }

  messages(channelId: string): SandboxMessage[] {
    return this.messagesByChannel.get(channelId) ?? [];
  }

  /** A message everyone can see (not ephemeral, not deleted). */
  findMessage(channelId: string, ts: string): SandboxMessage | undefined {
    return this.messages(channelId).find((m) => m.ts === ts && !m.ephemeralFor && !m.deleted);
  }

  replies(channelId: string, parentTs: string): SandboxMessage[] {
    return this.messages(channelId).filter(
      (m) => m.threadTs === parentTs && m.ts !== parentTs && !m.ephemeralFor && !m.deleted,
    );
  }

  insertMessage(message: SandboxMessage): SandboxMessage {
    const list = this.messagesByChannel.get(message.channelId);
    if (!list) throw new Error(`unknown channel "${message.channelId}"`);
    list.push(message);
    list.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
    return message;
  }

  modalStack(userId: string): SandboxView[] {
    return (this.modalStacks.get(userId) ?? []).map((id) => this.views.get(id)!);
  }
}
