import { writeFileSync } from 'node:fs';
import { startVigil } from './app.js';
import { systemClock } from './clock.js';
import { loadConfig } from './config/load.js';
import { runDoctor } from './doctor.js';
import { readProcessEnv } from './env.js';
import { createLogger } from './logger.js';
import { loadSettings, SettingsError } from './settings-load.js';
import { buildManifest } from './slack/manifest.js';
import { describeSlackFailure } from './slack/users.js';

const usage = `Usage: vigil <command>

  start                 run Vigil against your Slack workspace (reads the environment)
  doctor                check the token, its scopes, the config and every name in it
  replay FILE [--out DIR] [--config CONFIG] [--db FILE]
                        play a scenario against the local Slack sandbox
  manifests             rewrite manifests/ from the code
  help                  show this text
`;

const write = (line: string) => process.stdout.write(`${line}\n`);
const fail = (line: string) => process.stderr.write(`${line}\n`);

async function start(): Promise<number> {
  const env = readProcessEnv();
  if (!env.ok) {
    fail('vigil: cannot start, the environment is not complete:');
    for (const error of env.errors) fail(`  ${error}`);
    return 1;
  }
  const config = loadConfig(env.env.configPath);
  if (!config.ok) {
    fail(`vigil: cannot start, ${env.env.configPath} has problems:`);
    for (const error of config.errors) fail(`  ${error}`);
    return 1;
  }
  const logger = createLogger({ level: env.env.logLevel, now: () => systemClock.now() });
  try {
    const vigil = await startVigil({
      botToken: env.env.botToken,
      signingSecret: env.env.signingSecret,
      appToken: env.env.appToken,
      slackApiUrl: env.env.slackApiUrl,
      databasePath: env.env.databasePath,
      clock: systemClock,
      logger,
      logLevel: env.env.logLevel,
      resolveSettings: (client) => loadSettings(config.config, client),
      port: env.env.port,
      wakeScheduler: true,
      alertToken: env.env.alertToken,
    });
    const shutdown = async (signal: string) => {
      logger.info('shutting down', { signal });
      await vigil.stop();
      process.exit(0);
    };
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
    if (vigil.url)
      write(
        `vigil: listening on ${vigil.url} (events at /slack/events, health at /healthz, ` +
          `alerts at /alerts${env.env.alertToken ? '' : ' once VIGIL_ALERT_TOKEN is set'})`,
      );
    else write('vigil: connected over Socket Mode');
    return -1;
  } catch (error) {
    if (error instanceof SettingsError) {
      fail('vigil: cannot start, names in the config do not resolve in the workspace:');
      for (const line of error.errors) fail(`  ${line}`);
      return 1;
    }
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code === 'invalid_auth' || code === 'not_authed' || code === 'token_revoked') {
      fail(
        `vigil: cannot start, Slack refused SLACK_BOT_TOKEN (${code}); ` +
          'copy a fresh Bot User OAuth Token',
      );
      return 1;
    }
    fail(`vigil: cannot start: ${describeSlackFailure(error, env.env.slackApiUrl)}`);
    return 1;
  }
}

function writeManifests(): number {
  writeFileSync('manifests/http.json', `${JSON.stringify(buildManifest('http'), null, 2)}\n`);
  writeFileSync(
    'manifests/socket-mode.json',
    `${JSON.stringify(buildManifest('socket'), null, 2)}\n`,
  );
  write('vigil: wrote manifests/http.json and manifests/socket-mode.json');
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return start();
    case 'doctor':
      return runDoctor(write);
    case 'replay': {
      const { replayCommand } = await import('./replay/command.js');
      return replayCommand(rest);
    }
    case 'manifests':
      return writeManifests();
    case undefined:
    case 'help':
    case '--help':
      write(usage);
      return 0;
    default:
      fail(`vigil: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error) => {
    fail(`vigil: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
