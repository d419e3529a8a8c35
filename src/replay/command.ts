import { relative } from 'node:path';
import { type ReplayOptions, replayScenario } from './runner.js';

const usage = 'usage: vigil replay FILE [--out DIR] [--config CONFIG] [--db FILE]';

const flags: Record<string, keyof ReplayOptions> = {
  '--out': 'outDir',
  '--config': 'configPath',
  '--db': 'dbPath',
};

type Parsed = { file: string; options: ReplayOptions } | { error: string };

export function parseReplayArgs(argv: string[]): Parsed {
  const options: ReplayOptions = {};
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (flag === '--quiet') {
      options.quiet = true;
      continue;
    }
    const key = flag ? flags[flag] : undefined;
    if (key) {
      const value = inline ?? argv[++i];
      if (!value) return { error: `${flag} needs a value` };
      (options as Record<string, string>)[key] = value;
    } else if (arg.startsWith('-')) {
      return { error: `unknown option ${arg}` };
    } else {
      files.push(arg);
    }
  }
  if (files.length !== 1)
    return { error: files.length === 0 ? 'no scenario file' : 'one file at a time' };
  return { file: files[0]!, options };
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);
const shown = (path: string) => relative(process.cwd(), path) || '.';

/** `vigil replay FILE …`: plays the scenario, prints a short summary, returns the exit status. */
export async function replayCommand(argv: string[]): Promise<number> {
  const parsed = parseReplayArgs(argv);
  if ('error' in parsed) {
    err(`vigil replay: ${parsed.error}\n${usage}`);
    return 2;
  }
  const outcome = await replayScenario(parsed.file, parsed.options);
  const { result, files } = outcome;

  if (result) {
    out(`Scenario ${result.scenario}`);
    for (const incident of result.incidents) {
      const where = incident.channel ? ` #${incident.channel}` : '';
      const { ref, severity, status, title } = incident;
      out(`  ${ref} ${severity} ${status} — ${title}${where}`);
    }
    if (result.incidents.length === 0) out('  no incidents declared');
    if (files.transcript) out(`Transcript: ${shown(files.transcript)}`);
    for (const path of files.postmortems) out(`Post-mortem: ${shown(path)}`);
    if (files.result) out(`Result: ${shown(files.result)}`);
  }
  if (outcome.exitCode === 2) {
    err(`vigil replay: ${parsed.file} could not be played:`);
    for (const line of outcome.problems) err(`  ${line}`);
    return 2;
  }
  for (const line of outcome.problems) err(line);
  if (outcome.refusedForms && outcome.refusedForms.length > 0) {
    out('Forms Vigil refused (as the person was told):');
    for (const line of outcome.refusedForms) out(`  ${line}`);
  }
  const expectations = result?.expectations ?? [];
  const passed = expectations.filter((e) => e.pass).length;
  out(`Expectations: ${passed} passed, ${expectations.length - passed} failed`);
  return outcome.exitCode;
}
