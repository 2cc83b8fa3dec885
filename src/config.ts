import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors';

const optionalSecret = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().trim().min(1).default('./data/frontdesk.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEBCHAT_ENABLED: z.enum(['true', 'false']).default('true'),
  MESSENGER_APP_SECRET: optionalSecret,
  MESSENGER_VERIFY_TOKEN: optionalSecret,
  MESSENGER_PAGE_ACCESS_TOKEN: optionalSecret,
  GRAPH_API_BASE: z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com'),
  GRAPH_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v23.0')
    .default('v23.0'),
  STAFF_API_TOKEN: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.string().min(24, 'must be at least 24 characters (e.g. `openssl rand -hex 24`)').optional())
    .optional(),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(1).max(600_000).default(2000),
  INTENTS_DIR: z.string().trim().min(1).optional(),
});

export interface MessengerConfig {
  appSecrets: readonly string[];
  verifyToken: string;
  pageAccessToken: string;
  graphApiBase: string;
  graphApiVersion: string;
}

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  webchatEnabled: boolean;
  /** undefined when the channel is disabled (its secrets are absent). */
  messenger: MessengerConfig | undefined;
  /** Why a channel is disabled, one line each, for the start-up log. */
  disabledChannels: ReadonlyArray<{ channel: string; howToEnable: string }>;
  staffApiToken: string | undefined;
  outbox: { maxAttempts: number; retryBaseMs: number };
  intentsDir: string | undefined;
}

const MESSENGER_VARS = ['MESSENGER_APP_SECRET', 'MESSENGER_VERIFY_TOKEN', 'MESSENGER_PAGE_ACCESS_TOKEN'] as const;

/**
 * Reads the environment once into a frozen, validated object. Throws a ConfigError naming the
 * variable and what it must look like, so start-up fails with a message an operator can act on.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `${name}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration. ${lines.join('; ')}. See .env.example.`);
  }
  const e = parsed.data;

  const disabledChannels: Array<{ channel: string; howToEnable: string }> = [];
  const present = MESSENGER_VARS.filter((name) => e[name] !== undefined);
  let messenger: MessengerConfig | undefined;
  if (present.length === MESSENGER_VARS.length) {
    const appSecrets = (e.MESSENGER_APP_SECRET ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (appSecrets.length === 0) {
      throw new ConfigError('Invalid configuration. MESSENGER_APP_SECRET: must list at least one app secret (comma-separated for rotation).');
    }
    messenger = {
      appSecrets,
      verifyToken: e.MESSENGER_VERIFY_TOKEN ?? '',
      pageAccessToken: e.MESSENGER_PAGE_ACCESS_TOKEN ?? '',
      graphApiBase: e.GRAPH_API_BASE.replace(/\/+$/, ''),
      graphApiVersion: e.GRAPH_API_VERSION,
    };
  } else if (present.length > 0) {
    // Half a channel is almost always a typo in .env; refusing to start beats silently dropping patients.
    const missing = MESSENGER_VARS.filter((name) => e[name] === undefined);
    throw new ConfigError(
      `Invalid configuration. Messenger is partly configured: set ${missing.join(' and ')} too, or unset ${present.join(' and ')} to disable the channel.`,
    );
  } else {
    disabledChannels.push({
      channel: 'messenger',
      howToEnable: `set ${MESSENGER_VARS.join(', ')} (see README "Connect a Facebook Page")`,
    });
  }

  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databasePath: path.resolve(e.DATABASE_PATH),
    logLevel: e.LOG_LEVEL,
    webchatEnabled: e.WEBCHAT_ENABLED === 'true',
    messenger: messenger && Object.freeze({ ...messenger, appSecrets: Object.freeze(messenger.appSecrets) }),
    disabledChannels: Object.freeze(disabledChannels),
    staffApiToken: e.STAFF_API_TOKEN,
    outbox: Object.freeze({ maxAttempts: e.OUTBOX_MAX_ATTEMPTS, retryBaseMs: e.OUTBOX_RETRY_BASE_MS }),
    intentsDir: e.INTENTS_DIR ? path.resolve(e.INTENTS_DIR) : undefined,
  });
}
