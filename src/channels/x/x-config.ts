import { ConfigError } from '../../platform/errors';

export type XMode = 'webhook' | 'poll';

export interface XConfig {
  /** Several while rotating (`old,new`); the first answers CRC checks, any verifies a signature. */
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
  ['X_CONSUMER_SECRET', 'X app API Key Secret; comma-separated while rotating (signs webhooks, answers CRC)'],
  ['X_ACCESS_TOKEN', "access token of the practice's X account (user context, read+write+DM)"],
  ['X_ACCESS_SECRET', 'access token secret of that account'],
  ['X_ACCOUNT_ID', "the practice account's numeric X user id"],
  ['X_MODE', 'webhook (Account Activity, POST /webhooks/x) or poll (GET /2/dm_events and mentions); default webhook'],
  ['X_POLL_SECONDS', 'poll mode: seconds between reads (default 90; rate limits are honoured anyway)'],
  ['X_API_BASE', 'X API host (default https://api.x.com; tests point it at a local fake)'],
];

export const X_HOW_TO_ENABLE = `set ${X_REQUIRED_VARS.join(', ')} (see README "Connect an X account")`;

const DEFAULT_POLL_SECONDS = 90;

/**
 * X's slice of the environment. All-or-none: none of the required variables set is `undefined`
 * (channel off); some set throws naming the missing ones; a bad value throws naming the variable.
 */
export function readXConfig(env: NodeJS.ProcessEnv): XConfig | undefined {
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const present = X_REQUIRED_VARS.filter((name) => value(name) !== undefined);
  // X_MODE, X_POLL_SECONDS and X_API_BASE have defaults and alone do not turn the channel on.
  if (present.length === 0) return undefined;
  if (present.length < X_REQUIRED_VARS.length) {
    // Half a channel is almost always a typo in .env; refusing to start beats silently dropping patients.
    const missing = X_REQUIRED_VARS.filter((name) => value(name) === undefined);
    throw new ConfigError(
      `Invalid configuration. X is partly configured: set ${missing.join(' and ')} too, or unset ${present.join(' and ')} to disable the channel.`,
    );
  }

  const consumerSecrets = (value('X_CONSUMER_SECRET') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (consumerSecrets.length === 0) throw invalid('X_CONSUMER_SECRET', 'must list at least one API Key Secret (comma-separated for rotation)');
  const accountId = value('X_ACCOUNT_ID') as string;
  if (!/^\d{1,25}$/.test(accountId)) throw invalid('X_ACCOUNT_ID', 'must be the numeric user id of the practice account (not the @handle)');

  const mode = value('X_MODE') ?? 'webhook';
  if (mode !== 'webhook' && mode !== 'poll') throw invalid('X_MODE', 'must be webhook or poll');

  const pollRaw = value('X_POLL_SECONDS');
  const pollSeconds = pollRaw === undefined ? DEFAULT_POLL_SECONDS : Number(pollRaw);
  // Fractions are allowed so tests can poll fast; operators use whole seconds.
  if (!Number.isFinite(pollSeconds) || pollSeconds < 0.05 || pollSeconds > 3600) {
    throw invalid('X_POLL_SECONDS', 'must be a number of seconds from 1 to 3600');
  }

  const apiBase = (value('X_API_BASE') ?? 'https://api.x.com').replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    throw invalid('X_API_BASE', 'must be an http(s) URL such as https://api.x.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('X_API_BASE', 'must be an http(s) URL such as https://api.x.com');

  return Object.freeze({
    consumerSecrets: Object.freeze(consumerSecrets),
    consumerKey: value('X_CONSUMER_KEY') as string,
    accessToken: value('X_ACCESS_TOKEN') as string,
    accessSecret: value('X_ACCESS_SECRET') as string,
    accountId,
    mode,
    pollIntervalMs: Math.round(pollSeconds * 1000),
    apiBase,
  });
}

function invalid(name: string, rule: string): ConfigError {
  return new ConfigError(`Invalid configuration. ${name}: ${rule}. See .env.example.`);
}
