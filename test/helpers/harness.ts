import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { VirtualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/logger.js';
import { playStep } from '../../src/replay/play-step.js';
import { parseScenario, type Step } from '../../src/replay/scenario.js';
import { seedWorkspace } from '../../src/replay/seed.js';
import { ReplaySession, replaySecrets } from '../../src/replay/session.js';
import { type SandboxMessage, SlackSandbox } from '../../src/sandbox/index.js';
import { botScopes } from '../../src/slack/manifest.js';
import { incidents } from '../../src/store/schema.js';

// Before changing tests, read CONTRIBUTING.md: tests only talk to servers they start on 127.0.0.1.
export const testConfigPath = resolve('test/fixtures/config/vigil.test.yaml');

/** The people and channels every app test starts with; `lee` and `nora` are client-side guests. */
export const defaultWorkspace = `
workspace:
  users:
    - {id: dana, name: Dana Ops}
    - {id: sam, name: Sam Engineer}
    - {id: kai, name: Kai Support}
    - {id: lee, name: Lee Client, external: true}
    - {id: nora, name: Nora Client, external: true}
  usergroups:
    - {handle: ai-oncall, name: AI on-call, members: [sam]}
  channels:
    - {name: incidents}
    - {name: general}
    - {name: acme-support, shared: true, members: [lee]}
    - {name: northwind-support, shared: true, members: [nora]}
`;

export interface Harness {
  session: ReplaySession;
  sandbox: SlackSandbox;
  clock: VirtualClock;
  databasePath: string;
  /** Plays one scenario step (same shapes as a scenario file's steps). */
  step(step: Record<string, unknown>): Promise<void>;
  steps(steps: Array<Record<string, unknown>>): Promise<void>;
  advance(text: string): Promise<void>;
  userId(handle: string): string;
  channelId(name: string): string;
  latestIncident(): typeof incidents.$inferSelect;
  incident(ref: string): typeof incidents.$inferSelect | undefined;
  texts(channel: string): string[];
  stop(): Promise<void>;
}

/**
 * The real app on a real SQLite file, against the sandbox, on a virtual clock: the same machinery
 * scenario replay uses, driven step by step from a test.
 */
export async function startHarness(
  options: { start?: string; workspace?: string } = {},
): Promise<Harness> {
  const start = options.start ?? '2026-05-26T14:30:00+02:00';
  const text = `name: test\nstart: ${start}\n${options.workspace ?? defaultWorkspace}\nsteps: []\n`;
  const scenario = parseScenario(text, join(process.cwd(), 'test.yaml'));
  const loaded = loadConfig(testConfigPath);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const clock = new VirtualClock(scenario.startAt);
  const sandbox = await SlackSandbox.start({
    clock,
    signingSecret: replaySecrets.signingSecret,
    botToken: replaySecrets.botToken,
    scopes: [...botScopes],
  });
  const folder = mkdtempSync(join(tmpdir(), 'vigil-test-'));
  const databasePath = join(folder, 'vigil.db');
  const session = new ReplaySession(
    scenario,
    sandbox,
    clock,
    loaded.config,
    databasePath,
    silentLogger,
  );
  seedWorkspace(sandbox, scenario, session);
  await session.startApp();

  const stepParser = (raw: Record<string, unknown>): Step => {
    const parsed = parseScenario(
      `${text.replace('steps: []', '')}steps:\n  - ${JSON.stringify(raw)}\n`,
      join(process.cwd(), 'test.yaml'),
    );
    return parsed.steps[0]!;
  };
  const harness: Harness = {
    session,
    sandbox,
    clock,
    databasePath,
    step: (raw) => playStep(session, stepParser(raw)),
    async steps(list) {
      for (const raw of list) await harness.step(raw);
    },
    advance: (duration) => playStep(session, stepParser({ advance: duration })),
    userId: (handle) => session.userId(handle),
    channelId: (name) => session.resolveChannel(name).id,
    latestIncident() {
      const row = session.app.store.db
        .select()
        .from(incidents)
        .orderBy(desc(incidents.id))
        .limit(1)
        .get();
      if (!row) throw new Error('no incident yet');
      return row;
    },
    incident: (ref) =>
      session.app.store.db.select().from(incidents).where(eq(incidents.ref, ref)).get(),
    texts: (channel) =>
      sandbox.messages(session.resolveChannel(channel).id).map((m) => m.text ?? ''),
    async stop() {
      await session.stop();
      await sandbox.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
  return harness;
}

export const declareP1 = [
  { command: '/incident p1 CRM lookups time out', in: 'incidents' },
  {
    submit: {
      severity: 'P1',
      type: 'integration',
      client: 'acme',
      deployment: 'acme-chat',
      summary: 'The CRM API answers 504 on contract lookups.',
      detected_by: 'monitoring',
    },
  },
];

/** The declare form's fields for Acme's chat assistant; a test adds or overrides the rest. */
export const acmeChatForm: Record<string, unknown> = {
  type: 'integration',
  client: 'acme',
  deployment: 'acme-chat',
  detected_by: 'monitoring',
};

/** `/incident pN TITLE` in #incidents, then the form submitted with Acme's chat assistant. */
export function declareSteps(severity: string, title: string, form: Record<string, unknown> = {}) {
  return [
    { command: `/incident ${severity.toLowerCase()} ${title}`, in: 'incidents' },
    { submit: { ...acmeChatForm, ...form } },
  ];
}

/** What everyone in a channel sees: not ephemeral, not deleted, not a join or topic notice. */
export function isVisible(message: SandboxMessage): boolean {
  return !message.ephemeralFor && !message.deleted && !message.subtype;
}
