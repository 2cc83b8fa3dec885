import { z } from 'zod';
import { allOrNone, optionalSecret, parseEnv, secretList } from '../../platform/config';
import { ConfigError } from '../../platform/errors';

export type XMode = 'webhook' | 'poll';

export interface XConfig {
  /** Several while rotating (`new,old`): the first signs requests and answers CRC checks, any verifies a delivery. */
  consumerSecrets: readonly string[];
  consumerKey: string;
  accessToken: string;
  accessSecret: string;
  /** The practice's X user id (numeric), the `for_user_id` of webhook deliveries. */
  accountId: string;
  mode: XMode;
  pollIntervalMs: number;
  apiBase: string;
}

/** The variables that must be set together; the rest have defaults. */
export const X_REQUIRED_VARS = ['X_CONSUMER_KEY', 'X_CONSUMER_SECRET', 'X_ACCESS_TOKEN', 'X_ACCESS_SECRET', 'X_ACCOUNT_ID'] as const;

export const X_ENV_HELP: ReadonlyArray<readonly [string, string]> = [
  ['X_CONSUMER_KEY', 'X app API Key (consumer key)'],
  ['X_CONSUMER_SECRET', 'X app API Key Secret; comma-separated while rotating, current first'],
  ['X_ACCESS_TOKEN', "access token of the practice's X account (user context, read+write+DM)"],
  ['X_ACCESS_SECRET', 'access token secret of that account'],
  ['X_ACCOUNT_ID', "the practice account's numeric X user id"],
  ['X_MODE', 'webhook (Account Activity, POST /webhooks/x) or poll (GET /2/dm_events and mentions); default webhook'],
  ['X_POLL_SECONDS', 'poll mode: seconds between reads (default 90; rate limits are honoured anyway)'],
  ['X_API_BASE', 'X API host (default https://api.x.com; tests point it at a local fake)'],
];

export const X_HOW_TO_ENABLE = `set ${X_REQUIRED_VARS.join(', ')} (see README "Connect an X account")`;

const DEFAULT_POLL_SECONDS = 90;

const schema = z.object({
  X_CONSUMER_KEY: optionalSecret,
  X_CONSUMER_SECRET: optionalSecret,
  X_ACCESS_TOKEN: optionalSecret,
  X_ACCESS_SECRET: optionalSecret,
  X_ACCOUNT_ID: optionalSecret.pipe(
    z
      .string()
      .regex(/^\d{1,25}$/, 'must be the numeric user id of the practice account (not the @handle)')
      .optional(),
  ),
  X_MODE: z.enum(['webhook', 'poll'], 'must be webhook or poll').default('webhook'),
  // Fractions are allowed so tests can poll fast; operators use whole seconds.
  X_POLL_SECONDS: z.coerce
    .number('must be a number of seconds from 1 to 3600')
    .min(0.05, 'must be a number of seconds from 1 to 3600')
    .max(3600, 'must be a number of seconds from 1 to 3600')
    .default(DEFAULT_POLL_SECONDS),
  X_API_BASE: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://api.x.com' }).default('https://api.x.com'),
});

/**
 * X's slice of the environment. All-or-none: none of the keys set is `undefined` (channel off; the
 * variables with defaults alone do not turn it on); some set throws naming the missing ones; a bad
 * value throws naming the variable.
 */
export function readXConfig(env: NodeJS.ProcessEnv): XConfig | undefined {
  const e = parseEnv(schema, env);
  const keys = {
    X_CONSUMER_KEY: e.X_CONSUMER_KEY,
    X_CONSUMER_SECRET: e.X_CONSUMER_SECRET,
    X_ACCESS_TOKEN: e.X_ACCESS_TOKEN,
    X_ACCESS_SECRET: e.X_ACCESS_SECRET,
    X_ACCOUNT_ID: e.X_ACCOUNT_ID,
  };
  if (allOrNone(keys, X_REQUIRED_VARS, 'X') === 'none') return undefined;
  const consumerSecrets = secretList(e.X_CONSUMER_SECRET);
  if (consumerSecrets.length === 0) {
    throw new ConfigError(
      'Invalid configuration. X_CONSUMER_SECRET: must list at least one API Key Secret (comma-separated for rotation).',
    );
  }
  return Object.freeze({
    consumerSecrets: Object.freeze(consumerSecrets),
    consumerKey: e.X_CONSUMER_KEY as string,
    accessToken: e.X_ACCESS_TOKEN as string,
    accessSecret: e.X_ACCESS_SECRET as string,
    accountId: e.X_ACCOUNT_ID as string,
    mode: e.X_MODE,
    pollIntervalMs: Math.round(e.X_POLL_SECONDS * 1000),
    apiBase: e.X_API_BASE.replace(/\/+$/, ''),
  });
}
