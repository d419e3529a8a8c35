import { z } from 'zod';
import type { Level } from './logger.js';

/** The only module that reads process.env. */
export const Env = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'is not set; copy the Bot User OAuth Token (xoxb-…) from your Slack app' })
    .startsWith('xoxb-', { error: 'must start with xoxb- (the Bot User OAuth Token)' }),
  SLACK_SIGNING_SECRET: z
    .string()
    .regex(/^[0-9a-f]{32}$|^[\w-]{8,}$/, {
      error: 'is not a signing secret; copy it from Basic Information › App Credentials',
    })
    .optional(),
  SLACK_APP_TOKEN: z
    .string()
    .startsWith('xapp-', { error: 'must start with xapp- (an app-level token for Socket Mode)' })
    .optional(),
  SLACK_API_URL: z.url({ error: 'must be a URL such as http://127.0.0.1:4000/api/' }).optional(),
  VIGIL_CONFIG: z.string().min(1).default('vigil.config.yaml'),
  VIGIL_DB: z.string().min(1).default('data/vigil.sqlite'),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int()
    .min(0, { error: 'must be a port number from 0 to 65535' })
    .max(65535, { error: 'must be a port number from 0 to 65535' })
    .default(3000),
  VIGIL_ALERT_TOKEN: z
    .string()
    .min(16, {
      error: 'is too short; use at least 16 random characters (e.g. openssl rand -hex 24)',
    })
    .optional(),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], { error: 'must be one of debug, info, warn, error' })
    .default('info'),
});
export type Env = z.infer<typeof Env>;

export interface AppEnv {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  slackApiUrl?: string;
  configPath: string;
  databasePath: string;
  port: number;
  logLevel: Level;
  alertToken?: string;
}

export type EnvResult = { ok: true; env: AppEnv } | { ok: false; errors: string[] };

export function parseEnv(source: NodeJS.ProcessEnv): EnvResult {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = Env.safeParse(cleaned);
  const errors = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (!cleaned.SLACK_APP_TOKEN && !cleaned.SLACK_SIGNING_SECRET) {
    errors.push(
      'SLACK_SIGNING_SECRET: is not set; HTTP mode needs it ' +
        '(Basic Information › App Credentials), or set SLACK_APP_TOKEN to use Socket Mode',
    );
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  const env = parsed.data;
  return {
    ok: true,
    env: {
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      slackApiUrl: env.SLACK_API_URL,
      configPath: env.VIGIL_CONFIG,
      databasePath: env.VIGIL_DB,
      port: env.PORT,
      logLevel: env.LOG_LEVEL,
      alertToken: env.VIGIL_ALERT_TOKEN,
    },
  };
}

export function readProcessEnv(): EnvResult {
  return parseEnv(process.env);
}
