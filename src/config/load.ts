import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { type ConfigProblem, findCrossFieldProblems, formatConfigPath } from './cross-checks.js';
import { Config } from './schema.js';

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

function formatIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatConfigPath([...issue.path, key])}: ${issue.message}`);
  }
  return [`${formatConfigPath(issue.path)}: ${issue.message}`];
}

function formatProblem(problem: ConfigProblem): string {
  return `${formatConfigPath(problem.path)}: ${problem.message}`;
}

/** Parses and validates a config document; `sourceName` only labels YAML syntax errors. */
export function parseConfigText(text: string, sourceName: string): ConfigResult {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const errors = document.errors.map((error) => {
      const { line, col } = error.linePos?.[0] ?? { line: 0, col: 0 };
      const reason = error.message.split(/ at line \d+, column \d+/)[0];
      return `${sourceName}:${line}:${col}: ${reason}`;
    });
    return { ok: false, errors };
  }

  const raw: unknown = document.toJS();
  if (raw === null || raw === undefined) {
    return {
      ok: false,
      errors: [`${sourceName}: the file is empty; start from vigil.config.example.yaml`],
    };
  }
  const parsed = Config.safeParse(raw);
  const errors = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap(formatIssue)),
    ...findCrossFieldProblems(raw).map(formatProblem),
  ];
  if (errors.length > 0 || !parsed.success) return { ok: false, errors: [...new Set(errors)] };
  return { ok: true, config: parsed.data };
}

/** Reads the config file at start; every way it can fail comes back as lines for the operator. */
export function loadConfig(path: string): ConfigResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${path} (${resolve(path)})`;
    const hint =
      code === 'ENOENT'
        ? 'no such file; copy vigil.config.example.yaml there, ' +
          'or set VIGIL_CONFIG to the path of your config file'
        : `cannot be read (${code ?? 'unknown error'}); ` +
          'check the path and its permissions, or set VIGIL_CONFIG';
    return { ok: false, errors: [`${where}: ${hint}`] };
  }
  return parseConfigText(text, path);
}
