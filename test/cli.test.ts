import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/clock.js';
import { SlackSandbox } from '../src/sandbox/index.js';
import { botScopes } from '../src/slack/manifest.js';

const tsx = resolve('node_modules/.bin/tsx');
const cli = resolve('src/cli.ts');
const botToken = 'xoxb-cli-test-0000';
const signingSecret = 'cli-test-signing-secret-000000';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(
  args: string[],
  env: Record<string, string>,
  onStdout?: (text: string, child: ChildProcess) => void,
  command: [string, ...string[]] = [tsx, cli],
): Promise<Run> {
  const [program, ...programArgs] = command;
  return new Promise((done) => {
    const child = spawn(program, [...programArgs, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const goodConfig = `
announce_channel: incidents
oncall:
  P1: ["@ai-oncall", dana]
admins: [dana]
clients:
  - key: acme
    name: Acme Energy
    channel: acme-support
    timezone: Europe/Rome
    technical_lead: lee
    sla:
      P1: {first_contact: 15m, update_every: 30m}
      P2: {first_contact: 1h, update_every: 2h}
    deployments:
      - {key: acme-chat, channel: chat}
`;

describe('vigil start and doctor', () => {
  let sandbox: SlackSandbox;
  let folder: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    sandbox = await SlackSandbox.start({
      clock: systemClock,
      botToken,
      signingSecret,
      scopes: [...botScopes],
    });
    const dana = sandbox.addUser({ handle: 'dana', realName: 'Dana Ops' });
    const sam = sandbox.addUser({ handle: 'sam' });
    const lee = sandbox.addUser({ handle: 'lee', external: true });
    sandbox.addUsergroup({ handle: 'ai-oncall', userIds: [sam.id] });
    sandbox.addChannel({ name: 'incidents', memberIds: [dana.id], botIsMember: true });
    sandbox.addChannel({
      name: 'acme-support',
      isShared: true,
      memberIds: [dana.id, lee.id],
      botIsMember: true,
    });
    folder = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    writeFileSync(join(folder, 'good.yaml'), goodConfig);
    env = {
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: sandbox.apiUrl,
      VIGIL_CONFIG: join(folder, 'good.yaml'),
      VIGIL_DB: join(folder, 'vigil.sqlite'),
      PORT: '0',
      LOG_LEVEL: 'error',
    };
  });

  afterAll(async () => {
    await sandbox.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('refuses to start with an incomplete environment and names each variable', async () => {
    const run = await runCli(['start'], { SLACK_BOT_TOKEN: 'not-a-token' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('SLACK_BOT_TOKEN: must start with xoxb-');
    expect(run.stderr).toContain('SLACK_SIGNING_SECRET: is not set');
  });

  it('refuses a config with problems, one line per field path', async () => {
    writeFileSync(
      join(folder, 'bad.yaml'),
      goodConfig
        .replace('update_every: 2h', 'update_every: half an hour')
        .replace('Europe/Rome', 'Europe/Atlantis'),
    );
    const run = await runCli(['start'], { ...env, VIGIL_CONFIG: join(folder, 'bad.yaml') });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'clients[0].sla.P2.update_every: expected a duration like 30m, got "half an hour"',
    );
    expect(run.stderr).toContain('clients[0].timezone');
  });

  it('says which config path is missing', async () => {
    const run = await runCli(['start'], { ...env, VIGIL_CONFIG: join(folder, 'nope.yaml') });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nope.yaml');
  });

  it('refuses to start when a name in the config is not in the workspace', async () => {
    writeFileSync(join(folder, 'ghost.yaml'), goodConfig.replace('[dana]', '[dana, ghost]'));
    const run = await runCli(['start'], { ...env, VIGIL_CONFIG: join(folder, 'ghost.yaml') });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/admins\[1\]: .*ghost/);
  });

  // `npm start` builds, then runs the compiled CLI: this is that second half, on a fresh build.
  it('starts from the compiled build, answers /healthz and stops on SIGTERM', async () => {
    const build = spawnSync('npm', ['run', 'build', '--silent'], { encoding: 'utf8' });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    let health: { status: number; body: unknown } | null = null;
    const compiled: [string, string] = [process.execPath, resolve('dist/src/cli.js')];
    const run = await runCli(
      ['start'],
      env,
      (stdout, child) => {
        const match = /listening on (http:\/\/[\d.:]+)/.exec(stdout);
        if (!match || health) return;
        health = { status: 0, body: null };
        void fetch(`${match[1]}/healthz`).then(async (response) => {
          health = { status: response.status, body: await response.json() };
          child.kill('SIGTERM');
        });
      },
      compiled,
    );
    expect(health).toEqual({ status: 200, body: { ok: true, team: 'T0100000001' } });
    expect(run.code).toBe(0);
  });

  it('doctor checks token, scopes, config and names against the workspace', async () => {
    const run = await runCli(['doctor'], env);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      '✓ environment: all variables present and well-formed',
      expect.stringMatching(/^✓ token: bot \S+ in team /),
      `✓ scopes: all ${botScopes.length} scopes granted`,
      expect.stringMatching(/^✓ config: .*good\.yaml is valid$/),
      '✓ names: every channel, user and group in the config resolves',
    ]);
    expect(run.code).toBe(0);
  });

  it('doctor names the scopes a token lacks and exits 1', async () => {
    const narrow = await SlackSandbox.start({
      clock: systemClock,
      botToken,
      signingSecret,
      scopes: ['chat:write', 'commands'],
    });
    const run = await runCli(['doctor'], { ...env, SLACK_API_URL: narrow.apiUrl });
    await narrow.stop();
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ scopes: missing .*channels:manage.*reinstall/);
  });
});

describe('vigil doctor without a reachable Slack', () => {
  it('says Slack could not be reached instead of blaming the token', async () => {
    const run = await runCli(['doctor'], {
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      VIGIL_CONFIG: resolve('test/fixtures/config/vigil.test.yaml'),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ token: could not reach http:\/\/127\.0\.0\.1:9\/api\//);
    expect(run.stdout).not.toContain('refused the token');
  });
});
