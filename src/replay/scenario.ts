import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { type Expectation, parseExpectations } from './expectation-schema.js';
import { ScenarioError } from './scenario-error.js';
import { type AtSpec, offsetMinutesOf, parseAt } from './scenario-time.js';
import { parseSteps, type Step } from './step-schema.js';

export type { Expectation } from './expectation-schema.js';
export type { Step } from './step-schema.js';
export { ScenarioError };

const symbol = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'expected a short id like dana (letters, digits, . _ -)');

const ScenarioUser = z.strictObject({
  id: symbol,
  name: z.string().min(1).optional(),
  email: z.string().includes('@', { message: 'expected an email address' }).optional(),
  external: z.boolean().default(false),
  deleted: z.boolean().default(false),
  bot: z.boolean().default(false),
});
export type ScenarioUser = z.output<typeof ScenarioUser>;

const ScenarioChannel = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, 'expected a Slack channel name'),
  shared: z.boolean().default(false),
  private: z.boolean().default(false),
  members: z.array(symbol).default([]),
});
export type ScenarioChannel = z.output<typeof ScenarioChannel>;

const ScenarioUsergroup = z.strictObject({
  handle: z.string().regex(/^@?[a-z0-9][a-z0-9._-]*$/i, 'expected a handle like ai-oncall'),
  name: z.string().optional(),
  members: z.array(symbol).default([]),
});
export type ScenarioUsergroup = z.output<typeof ScenarioUsergroup>;

const ScenarioFile = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  start: z.string({ error: 'expected an ISO time with offset like 2026-05-26T14:30:00+02:00' }),
  config: z.string().min(1).optional(),
  workspace: z.strictObject({
    users: z.array(ScenarioUser).min(1, 'expected at least one user'),
    channels: z.array(ScenarioChannel).default([]),
    usergroups: z.array(ScenarioUsergroup).default([]),
  }),
  steps: z.array(z.unknown()).default([]),
  expect: z.array(z.unknown()).default([]),
});

export interface Scenario {
  name: string;
  file: string;
  /** Resolved against the scenario file's folder. */
  configPath?: string;
  startAt: Date;
  /** The start's UTC offset: times of day in steps and the transcript use it. */
  offsetMinutes: number;
  users: ScenarioUser[];
  channels: ScenarioChannel[];
  usergroups: ScenarioUsergroup[];
  steps: Step[];
  expectations: Expectation[];
}

function describePath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`))
    .join('');
}

function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = describePath(issue.path) || '(top level)';
    if (issue.code === 'unrecognized_keys') return `${where}: unknown key ${issue.keys.join(', ')}`;
    return `${where}: ${issue.message}`;
  });
}

function checkReferences(scenario: Omit<Scenario, 'steps' | 'expectations'>): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const user of scenario.users) {
    if (ids.has(user.id)) problems.push(`workspace.users: "${user.id}" appears twice`);
    ids.add(user.id);
  }
  const known = [...ids].join(', ');
  const names = new Set<string>();
  for (const channel of scenario.channels) {
    if (names.has(channel.name)) problems.push(`workspace.channels: "${channel.name}" twice`);
    names.add(channel.name);
    for (const member of channel.members.filter((m) => !ids.has(m))) {
      problems.push(`channel ${channel.name}: unknown member "${member}"; users are ${known}`);
    }
  }
  for (const group of scenario.usergroups) {
    for (const member of group.members.filter((m) => !ids.has(m))) {
      problems.push(`usergroup ${group.handle}: unknown member "${member}"; users are ${known}`);
    }
  }
  return problems;
}

/** Parses scenario text; every problem is one line, naming the step (1-based) when it is in one. */
export function parseScenario(text: string, file: string): Scenario {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const lines = document.errors.map((e) => {
      const { line, col } = e.linePos?.[0] ?? { line: 0, col: 0 };
      return `${basename(file)}:${line}:${col}: ${e.message.split(/ at line \d+/)[0]}`;
    });
    throw new ScenarioError(lines.join('\n'));
  }
  const parsed = ScenarioFile.safeParse(document.toJS() ?? {});
  if (!parsed.success) throw new ScenarioError(zodProblems(parsed.error).join('\n'));
  const raw = parsed.data;

  const offsetMinutes = offsetMinutesOf(raw.start);
  const start = parseAt(raw.start);
  if (offsetMinutes === undefined || typeof start === 'string' || start.kind !== 'instant') {
    throw new ScenarioError(
      `start: expected an ISO time with offset like 2026-05-26T14:30:00+02:00, got "${raw.start}"`,
    );
  }
  const base = {
    name: raw.name ?? basename(file, extname(file)),
    file,
    configPath: raw.config ? resolve(dirname(file), raw.config) : undefined,
    startAt: (start as Extract<AtSpec, { kind: 'instant' }>).instant,
    offsetMinutes,
    users: raw.workspace.users,
    channels: raw.workspace.channels,
    usergroups: raw.workspace.usergroups,
  };
  const problems = checkReferences(base);
  if (problems.length > 0) throw new ScenarioError(problems.join('\n'));
  const userIds = new Set(base.users.map((u) => u.id));
  return {
    ...base,
    steps: parseSteps(raw.steps, userIds),
    expectations: parseExpectations(raw.expect, userIds),
  };
}

export function readScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScenarioError(
      `${file}: ${code === 'ENOENT' ? 'no such file' : `unreadable (${code})`}`,
    );
  }
  return parseScenario(text, file);
}
