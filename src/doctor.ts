import { LogLevel, WebClient } from '@slack/web-api';
import { loadConfig } from './config/load.js';
import { resolveWorkspaceNames } from './config/resolve.js';
import type { SlackDirectory } from './config/workspace-directory.js';
import { parseEnv } from './env.js';
import { botScopes } from './slack/manifest.js';
import { describeSlackFailure } from './slack/users.js';

type Print = (line: string) => void;

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** Every check runs even when an earlier one fails, so one pass shows everything to fix. */
export async function doctorChecks(env: NodeJS.ProcessEnv): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const parsed = (() => {
    const result = parseEnv(env);
    checks.push({
      name: 'environment',
      ok: result.ok,
      detail: result.ok ? 'all variables present and well-formed' : result.errors.join('; '),
    });
    return result;
  })();
  if (!parsed.ok) return checks;

  const client = new WebClient(parsed.env.botToken, {
    slackApiUrl: parsed.env.slackApiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
  try {
    const auth = await client.auth.test();
    checks.push({ name: 'token', ok: true, detail: `bot ${auth.user} in team ${auth.team}` });
    const granted = new Set(auth.response_metadata?.scopes ?? []);
    const missing = botScopes.filter((scope) => !granted.has(scope));
    checks.push({
      name: 'scopes',
      ok: missing.length === 0,
      detail:
        missing.length === 0
          ? `all ${botScopes.length} scopes granted`
          : `missing ${missing.join(', ')}: add them under OAuth & Permissions ` +
            '(or recreate the app from manifests/) and reinstall the app',
    });
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    checks.push({
      name: 'token',
      ok: false,
      detail: code
        ? `Slack refused the token (${code}); copy the Bot User OAuth Token again`
        : describeSlackFailure(error, parsed.env.slackApiUrl),
    });
  }

  const config = loadConfig(parsed.env.configPath);
  checks.push({
    name: 'config',
    ok: config.ok,
    detail: config.ok ? `${parsed.env.configPath} is valid` : config.errors.join('; '),
  });
  if (config.ok && checks.every((c) => c.name !== 'token' || c.ok)) {
    const resolved = await resolveWorkspaceNames(
      config.config,
      client as unknown as SlackDirectory,
    );
    checks.push({
      name: 'names',
      ok: resolved.ok,
      detail: resolved.ok
        ? 'every channel, user and group in the config resolves'
        : resolved.errors.join('; '),
    });
  }
  return checks;
}

export async function runDoctor(
  print: Print,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const checks = await doctorChecks(env);
  for (const check of checks) print(`${check.ok ? '✓' : '✗'} ${check.name}: ${check.detail}`);
  return checks.every((c) => c.ok) ? 0 : 1;
}
