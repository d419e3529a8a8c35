import type { Server } from 'node:http';
import { createDriver } from './driver.js';
import { Activity, AppLink } from './events.js';
import { IdFactory } from './ids.js';
import { chatMethods } from './methods/chat.js';
import { conversationReadMethods } from './methods/conversations.js';
import { conversationManageMethods } from './methods/conversations-manage.js';
import { downloadRoute, fileMethods, uploadRoute } from './methods/files.js';
import { itemMethods } from './methods/items.js';
import { defaultScopes, type MethodTable } from './methods/registry.js';
import { userMethods } from './methods/users.js';
import { viewMethods } from './methods/views.js';
import { postAsBot } from './posting.js';
import { ResponseUrls } from './response-urls.js';
import { startServer } from './server.js';
import { type NewChannel, type NewUser, Workspace } from './state.js';
import type {
  ApiCall,
  Delivery,
  InjectedFault,
  ResponseUrlPost,
  SandboxBot,
  SandboxChannel,
  SandboxDriver,
  SandboxFile,
  SandboxMessage,
  SandboxOptions,
  SandboxUser,
  SandboxUsergroup,
  SandboxView,
} from './types.js';

export class SlackSandbox {
  readonly calls: ApiCall[] = [];
  readonly responseUrlPosts: ResponseUrlPost[] = [];
  readonly driver: SandboxDriver;
  readonly bot: SandboxBot;
  readonly methods: MethodTable;
  private readonly ws: Workspace;
  private readonly link: AppLink;
  private readonly faults: InjectedFault[] = [];
  private readonly responseUrls: ResponseUrls;
  private server?: Server;
  private baseUrl = '';

  private constructor(private readonly options: SandboxOptions) {
    const teamId = options.teamId ?? 'T0100000001';
    const ids = new IdFactory(options.clock);
    this.bot = { userId: 'U01BOT00001', botId: 'B0100000001', appId: 'A0100000001', teamId };
    const team = {
      id: teamId,
      domain: options.teamDomain ?? 'example-co',
      name: options.teamName ?? 'Example Co',
      externalId: 'T0200000002',
      externalDomain: 'partner-org',
      verificationToken: options.verificationToken ?? 'XXYYZZverificationTOKEN00',
    };
    this.ws = new Workspace(
      team,
      { ...this.bot, name: options.botName ?? 'incident-bot' },
      options.clock,
      ids,
    );
    this.link = new AppLink(this.ws, options.signingSecret, new Activity());
    const core = { ws: this.ws, link: this.link };
    this.responseUrls = new ResponseUrls(core, this.responseUrlPosts);
    this.driver = createDriver({ ...core, responseUrls: this.responseUrls });
    this.methods = {
      ...conversationReadMethods,
      ...conversationManageMethods,
      ...chatMethods,
      ...viewMethods(options.homeTabEnabled ?? true),
      ...userMethods,
      ...itemMethods,
      ...fileMethods,
    };
  }

  static async start(options: SandboxOptions): Promise<SlackSandbox> {
    const sandbox = new SlackSandbox(options);
    await sandbox.listen();
    return sandbox;
  }

  private async listen(): Promise<void> {
    const core = { ws: this.ws, link: this.link };
    const { server, url } = await startServer({
      ...core,
      botToken: this.options.botToken,
      scopes: new Set(this.options.scopes ?? defaultScopes),
      methods: this.methods,
      calls: this.calls,
      faults: this.faults,
      routes: this.extraRoutes(),
    });
    this.server = server;
    this.baseUrl = url;
    this.ws.baseUrl = url;
  }

  private extraRoutes() {
    const responses = this.responseUrls.route();
    return {
      '/upload/v1/': uploadRoute(this.ws, this.options.botToken),
      '/files-pri/': downloadRoute(this.ws, this.options.botToken),
      '/commands/': responses,
      '/actions/': responses,
      '/app/': responses,
    };
  }

  get url(): string {
    return this.baseUrl;
  }

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  connectApp(endpointUrl: string): void {
    this.link.endpointUrl = endpointUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  }

  addUser(u: NewUser): SandboxUser {
    return this.ws.addUser(u);
  }

  addUsergroup(g: { handle: string; name?: string; userIds: string[] }): SandboxUsergroup {
    return this.ws.addUsergroup(g);
  }

  addChannel(c: Omit<NewChannel, 'creator'>): SandboxChannel {
    return this.ws.addChannel(c);
  }

  user(idOrHandle: string): SandboxUser | undefined {
    return this.ws.user(idOrHandle);
  }

  channel(idOrName: string): SandboxChannel | undefined {
    return this.ws.channel(idOrName);
  }

  channels(): SandboxChannel[] {
    return [...this.ws.channelsById.values()];
  }

  messages(channelId: string): SandboxMessage[] {
    return [...this.ws.messages(this.ws.channel(channelId)?.id ?? channelId)];
  }

  openViews(userId: string): SandboxView[] {
    return this.ws.modalStack(this.ws.user(userId)?.id ?? userId);
  }

  homeView(userId: string): SandboxView | undefined {
    const id = this.ws.homeViews.get(userId);
    return id ? this.ws.views.get(id) : undefined;
  }

  file(id: string): SandboxFile | undefined {
    return this.ws.files.get(id);
  }

  /** Every Events API envelope the sandbox produced, delivered or not. */
  get events(): Array<Record<string, unknown>> {
    return this.link.emittedEvents;
  }

  get deliveries(): Delivery[] {
    return this.link.deliveries;
  }

  injectFault(f: InjectedFault): void {
    this.faults.push({ ...f, times: f.times ?? 1 });
  }

  settled(options: { quietMs?: number; maxWaitMs?: number } = {}): Promise<void> {
    return this.link.settled(options.quietMs, options.maxWaitMs);
  }

  /** Posts scheduled messages whose post_at has passed on the sandbox clock. */
  deliverDueScheduledMessages(): SandboxMessage[] {
    const now = this.ws.nowSeconds();
    const due = this.ws.scheduled.filter((s) => s.postAt <= now);
    this.ws.scheduled.splice(
      0,
      this.ws.scheduled.length,
      ...this.ws.scheduled.filter((s) => s.postAt > now),
    );
    const core = { ws: this.ws, link: this.link };
    return due.map((s) =>
      postAsBot(core, this.ws.requireChannel(s.channelId), {
        text: s.text,
        blocks: s.blocks,
        threadTs: s.threadTs,
      }),
    );
  }
}
