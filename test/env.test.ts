import { describe, expect, it } from 'vitest';
import { parseEnv } from '../src/env.js';

const valid = {
  SLACK_BOT_TOKEN: 'xoxb-123-456-abc',
  SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
};

describe('parseEnv', () => {
  it('accepts a bot token and signing secret and fills the defaults', () => {
    const result = parseEnv(valid);
    expect(result).toEqual({
      ok: true,
      env: expect.objectContaining({
        botToken: valid.SLACK_BOT_TOKEN,
        configPath: 'vigil.config.yaml',
        databasePath: 'data/vigil.sqlite',
        port: 3000,
        logLevel: 'info',
      }),
    });
  });

  it('names every missing or malformed variable, one line each', () => {
    const result = parseEnv({
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'SLACK_BOT_TOKEN: must start with xoxb- (the Bot User OAuth Token)',
      'PORT: must be a port number',
      'LOG_LEVEL: must be one of debug, info, warn, error',
      expect.stringMatching(/^SLACK_SIGNING_SECRET: is not set; HTTP mode needs it/),
    ]);
  });

  it('takes the alert token and refuses one too short to be a secret', () => {
    const token = 'a1b2c3d4e5f6a7b8c9d0';
    const accepted = parseEnv({ ...valid, VIGIL_ALERT_TOKEN: token });
    const refused = parseEnv({ ...valid, VIGIL_ALERT_TOKEN: 'secret' });

    expect(accepted.ok && accepted.env.alertToken).toBe(token);
    expect(refused).toEqual({
      ok: false,
      errors: [
        'VIGIL_ALERT_TOKEN: is too short; use at least 16 random characters ' +
          '(e.g. openssl rand -hex 24)',
      ],
    });
  });

  it('says how to get the bot token when it is missing', () => {
    const result = parseEnv({ SLACK_SIGNING_SECRET: valid.SLACK_SIGNING_SECRET });
    expect(result.ok ? [] : result.errors).toEqual([
      'SLACK_BOT_TOKEN: is not set; copy the Bot User OAuth Token (xoxb-…) from your Slack app',
    ]);
  });

  it('lets Socket Mode run without a signing secret but refuses a malformed app token', () => {
    expect(
      parseEnv({ SLACK_BOT_TOKEN: valid.SLACK_BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A1-2' }).ok,
    ).toBe(true);
    const bad = parseEnv({ ...valid, SLACK_APP_TOKEN: 'xoxb-not-an-app-token' });
    expect(bad.ok ? [] : bad.errors).toEqual([
      'SLACK_APP_TOKEN: must start with xapp- (an app-level token for Socket Mode)',
    ]);
  });

  it('treats empty variables as unset', () => {
    const result = parseEnv({ ...valid, PORT: '', VIGIL_DB: '' });
    expect(result.ok && result.env.port).toBe(3000);
  });
});
