import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { VirtualClock } from '../clock.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { createLogger } from '../logger.js';
import { SlackSandbox } from '../sandbox/index.js';
import { SettingsError } from '../settings-load.js';
import { botScopes } from '../slack/manifest.js';
import { gatherEvidence, workspaceView } from './evidence.js';
import { checkExpectations, describeFailure } from './expectations.js';
import { playStep } from './play-step.js';
import { channelCounts, type ReplayResult } from './result.js';
import { readScenario, type Scenario, ScenarioError } from './scenario.js';
import { seedWorkspace } from './seed.js';
import { ReplaySession, replaySecrets } from './session.js';
import { renderTranscript } from './transcript.js';

export interface ReplayOptions {
  outDir?: string;
  configPath?: string;
  dbPath?: string;
  /** Keeps the app's error lines off stderr; they are in vigil.log either way. */
  quiet?: boolean;
}

export interface ReplayOutcome {
  exitCode: 0 | 1 | 2;
  result: ReplayResult | null;
  outDir: string | null;
  /** Why the scenario could not be played, or which expectations failed; one line each. */
  problems: string[];
  /** Forms Vigil refused during the run: not failures, but what a person was told. */
  refusedForms?: string[];
  files: { transcript?: string; result?: string; postmortems: string[]; log?: string };
}

const invalid = (problems: string[], outDir: string | null = null): ReplayOutcome => ({
  exitCode: 2,
  result: null,
  outDir,
  problems,
  files: { postmortems: [] },
});

function configFor(scenario: Scenario, options: ReplayOptions): Config | string[] {
  const path = scenario.configPath ?? options.configPath;
  if (!path) {
    return ['no config: add `config: FILE` to the scenario (relative to it) or pass --config FILE'];
  }
  const loaded = loadConfig(path);
  if (!loaded.ok) return [`config ${path} has problems:`, ...loaded.errors.map((e) => `  ${e}`)];
  return loaded.config;
}

function freshDatabase(options: ReplayOptions): { path: string; cleanup(): void } | string {
  if (options.dbPath) {
    const path = resolve(options.dbPath);
    if (existsSync(path)) {
      return (
        `--db ${options.dbPath} already exists; replay starts from a fresh database, ` +
        'so give a new path'
      );
    }
    return { path, cleanup: () => {} };
  }
  const folder = mkdtempSync(join(tmpdir(), 'vigil-replay-'));
  return {
    path: join(folder, 'vigil.db'),
    cleanup: () => rmSync(folder, { recursive: true, force: true }),
  };
}

function writeOutputs(session: ReplaySession, outDir: string, result: ReplayResult, log: string[]) {
  mkdirSync(outDir, { recursive: true });
  for (const stale of readdirSync(outDir).filter((f) => /^postmortem-.*\.md$/.test(f))) {
    rmSync(join(outDir, stale));
  }
  const view = workspaceView(session);
  const { scenario } = session;
  const transcript = join(outDir, 'transcript.md');
  writeFileSync(transcript, renderTranscript(view, { title: scenario.name, ...scenario }));
  const resultPath = join(outDir, 'result.json');
  writeFileSync(resultPath, `${JSON.stringify(result, null, 2)}\n`);
  const evidence = gatherEvidence(session, view);
  const postmortems = [...evidence.postmortems].map(([ref, markdown]) => {
    const path = join(outDir, `postmortem-${ref}.md`);
    writeFileSync(path, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    return path;
  });
  const logPath = join(outDir, 'vigil.log');
  writeFileSync(logPath, log.length > 0 ? `${log.join('\n')}\n` : '');
  return { transcript, result: resultPath, postmortems, log: logPath };
}

async function play(session: ReplaySession): Promise<string[]> {
  try {
    await session.startApp();
  } catch (error) {
    if (error instanceof SettingsError) {
      return [
        "the config's names do not resolve in the scenario's workspace:",
        ...error.errors.map((e) => `  ${e}`),
      ];
    }
    return [`the app did not start: ${(error as Error).message}`];
  }
  for (const step of session.scenario.steps) {
    try {
      await playStep(session, step);
    } catch (error) {
      return [(error as Error).message];
    }
  }
  return [];
}

/** Plays a scenario file against a fresh sandbox and database; writes transcript and results. */
export async function replayScenario(
  file: string,
  options: ReplayOptions = {},
): Promise<ReplayOutcome> {
  let scenario: Scenario;
  try {
    scenario = readScenario(file);
  } catch (error) {
    if (error instanceof ScenarioError) return invalid(error.message.split('\n'));
    throw error;
  }
  const config = configFor(scenario, options);
  if (Array.isArray(config)) return invalid(config);
  const database = freshDatabase(options);
  if (typeof database === 'string') return invalid([database]);
  const folder = scenario.name.replace(/[\\/:]+/g, '-');
  const outDir = resolve(options.outDir ?? join('out', folder));

  const log: string[] = [];
  const clock = new VirtualClock(scenario.startAt);
  const logger = createLogger({
    level: 'info',
    now: () => clock.now(),
    write: (line) => {
      log.push(line);
      if (!options.quiet && /"level":"error"/.test(line)) process.stderr.write(`${line}\n`);
    },
  });
  // The sandbox grants exactly the manifest's scopes, so a call the manifest does not cover fails.
  const sandbox = await SlackSandbox.start({ clock, ...replaySecrets, scopes: [...botScopes] });
  const session = new ReplaySession(scenario, sandbox, clock, config, database.path, logger);
  try {
    seedWorkspace(sandbox, scenario, session);
    const problems = await play(session);
    if (!session.app) return invalid(problems);

    const view = workspaceView(session);
    const evidence = gatherEvidence(session, view);
    const expectations =
      problems.length > 0 ? [] : checkExpectations(evidence, scenario.expectations);
    const result: ReplayResult = {
      scenario: scenario.name,
      incidents: evidence.incidents,
      channels: channelCounts(view),
      expectations,
    };
    const files = writeOutputs(session, outDir, result, log);
    if (problems.length > 0) return { ...invalid(problems, outDir), result, files };
    const failures = expectations.filter((e) => !e.pass).map(describeFailure);
    return {
      exitCode: failures.length > 0 ? 1 : 0,
      result,
      outDir,
      problems: failures,
      refusedForms: session.refusedForms,
      files,
    };
  } finally {
    await session.stop();
    await sandbox.stop();
    database.cleanup();
  }
}
