import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  MessageShortcut,
  RespondFn,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackViewMiddlewareArgs,
  SlashCommand,
  ViewSubmitAction,
} from '@slack/bolt';
import { splitCommand } from './command-text.js';
import type { SlackDeps } from './deps.js';
import { ephemeral, presentError, presentViewError, type Reply } from './present.js';

export type Audience = 'anyone' | 'in an incident';

export interface CommandContext {
  command: SlashCommand;
  args: string;
  /** Answers the command; the first call acks it, later calls go through response_url. */
  reply(reply: Reply | string): Promise<void>;
  /** Acks with nothing; for work that answers later (opening a modal). */
  ackNow(): Promise<void>;
}

export interface CommandRoute {
  name: string;
  usage: string;
  help: string;
  audience: Audience;
  run(deps: SlackDeps, cmd: CommandContext): Promise<void>;
}

export interface ActionRoute {
  actionId: string;
  run(deps: SlackDeps, body: BlockAction, respond: RespondFn): Promise<void>;
}

export type ViewAck =
  | { response_action: 'errors'; errors: Record<string, string> }
  | { response_action: 'update'; view: unknown }
  | undefined;

export interface ViewRoute {
  callbackId: string;
  /** Field errors in the returned ack keep the modal open; nothing returned closes it. */
  run(deps: SlackDeps, body: ViewSubmitAction): Promise<ViewAck>;
  fallbackField: string;
}

export interface EventRoute {
  event: 'message' | 'reaction_added' | 'reaction_removed' | 'member_joined_channel';
  run(deps: SlackDeps, event: unknown): Promise<void>;
}

export interface ShortcutRoute {
  callbackId: string;
  run(deps: SlackDeps, body: MessageShortcut, respond: RespondFn): Promise<void>;
}

export interface Routes {
  commands: CommandRoute[];
  actions: ActionRoute[];
  views: ViewRoute[];
  events: EventRoute[];
  shortcuts: ShortcutRoute[];
}

export function helpText(routes: Routes): string {
  const groups = new Map<Audience, string[]>();
  for (const route of routes.commands) {
    const lines = groups.get(route.audience) ?? [];
    lines.push(`\`${route.usage}\` — ${route.help}`);
    groups.set(route.audience, lines);
  }
  const sections = [...groups.entries()].map(
    ([audience, lines]) =>
      `*${audience === 'anyone' ? 'Anywhere' : 'In an incident channel'}*\n${lines.join('\n')}`,
  );
  return `*Vigil commands*\n${sections.join('\n\n')}`;
}

export function registerRoutes(app: App, deps: SlackDeps, routes: Routes, command = '/incident') {
  const byName = new Map(routes.commands.map((r) => [r.name, r]));
  const names = new Set(byName.keys());

  app.command(command, async (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    let acked = false;
    const ackNow = async () => {
      if (acked) return;
      acked = true;
      await args.ack();
    };
    const reply = async (answer: Reply | string) => {
      const body = typeof answer === 'string' ? ephemeral(answer) : answer;
      if (!acked) {
        acked = true;
        await args.ack(body);
      } else {
        await args.respond(body);
      }
    };
    let parsed = { name: 'unknown', args: '' };
    const handle = async () => {
      try {
        parsed = splitCommand(args.command.text ?? '', names);
        const route = byName.get(parsed.name);
        if (!route) throw new Error(`no route for ${parsed.name}`);
        await route.run(deps, { command: args.command, args: parsed.args, reply, ackNow });
        await ackNow();
      } catch (error) {
        await reply(
          presentError(error, deps.ctx.logger, {
            command: parsed.name,
            channelId: args.command.channel_id,
          }),
        ).catch(() => {});
      }
    };
    // Work after the ack (opening a modal, answering through response_url) is tracked like
    // any other, so stopping the app or a replay waits for it.
    await deps.track(handle());
  });

  for (const route of routes.actions) {
    app.action(
      { type: 'block_actions', action_id: route.actionId },
      async (args: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
        await args.ack();
        try {
          await deps.track(route.run(deps, args.body, args.respond));
        } catch (error) {
          const answer = presentError(error, deps.ctx.logger, { actionId: route.actionId });
          await args.respond({ ...answer, replace_original: false }).catch(() => {});
        }
      },
    );
  }

  // Events are acked by Bolt before listeners run; ingest is tracked so replay can wait for it.
  for (const route of routes.events) {
    app.event(route.event, async ({ event }) => {
      try {
        await deps.track(route.run(deps, event));
      } catch (error) {
        presentError(error, deps.ctx.logger, { event: route.event });
      }
    });
  }

  for (const route of routes.shortcuts) {
    app.shortcut({ callback_id: route.callbackId, type: 'message_action' }, async (args) => {
      await args.ack();
      try {
        await deps.track(route.run(deps, args.shortcut as MessageShortcut, args.respond));
      } catch (error) {
        const answer = presentError(error, deps.ctx.logger, { shortcut: route.callbackId });
        await args.respond(answer).catch(() => {});
      }
    });
  }

  for (const route of routes.views) {
    app.view(
      route.callbackId,
      async (args: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
        let answer: ViewAck;
        try {
          answer = await route.run(deps, args.body);
        } catch (error) {
          const errors = presentViewError(
            error,
            deps.ctx.logger,
            { view: route.callbackId },
            route.fallbackField,
          );
          answer = { response_action: 'errors', errors };
        }
        await args.ack(answer as Parameters<typeof args.ack>[0]);
      },
    );
  }
}
