import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors';
import { readOidcConfig, type OidcConfig } from './oidc-config';
import { readPostgresConfig, type PostgresConfig } from './postgres-config';

/**
 * systemd's EnvironmentFile takes only whole lines starting with # as comments: `KEY=value  # note`
 * sets KEY to "value  # note". No Frontdesk value holds whitespace followed by #, so such a value
 * carries a comment; the message names the variable but not the value (it may be a secret).
 */
const INLINE_COMMENT = /\s#/;

/**
 * Validates variables with a zod schema; a failure names each variable and what it must look like.
 * Channels use it for their own slice of the environment.
 */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const commented = (schema instanceof z.ZodObject ? Object.keys(schema.shape) : []).filter((name) => INLINE_COMMENT.test(env[name] ?? ''));
  if (commented.length > 0) {
    throw new ConfigError(
      `Invalid configuration. ${commented.join(', ')}: a comment after the value (" # …"); systemd EnvironmentFile keeps text after # as part of the value: put comments on their own line.`,
    );
  }
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration. ${lines.join('; ')}. See .env.example.`);
}

/**
 * The all-or-none rule for a channel's secrets: none set is off; some set is almost always a typo
 * in .env, and refusing to start beats silently dropping patients.
 */
export function allOrNone(env: Record<string, string | undefined>, names: readonly string[], channel: string): 'all' | 'none' {
  const present = names.filter((name) => env[name] !== undefined);
  if (present.length === names.length) return 'all';
  if (present.length === 0) return 'none';
  const missing = names.filter((name) => env[name] === undefined);
  throw new ConfigError(
    `Invalid configuration. ${channel} is partly configured: set ${missing.join(' and ')} too, or unset ${present.join(' and ')} to disable the channel.`,
  );
}

/** Splits a comma-separated list of secrets (rotation: `old,new`). */
export function secretList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** An optional secret: blank counts as unset. */
export const optionalSecret = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** ALERT_WEBHOOK_FORMAT: the signed frontdesk JSON, Slack's incoming-webhook body, or a Teams Adaptive Card message. */
export const ALERT_FORMATS = ['frontdesk', 'slack', 'teams'] as const;
export type AlertFormat = (typeof ALERT_FORMATS)[number];

const attachmentMaxBytes = z.coerce
  .number()
  .int()
  .min(1024, 'must be at least 1024 bytes')
  .max(100 * 1024 * 1024, 'must be at most 104857600 (100 MB)')
  .default(10 * 1024 * 1024);

/** ATTACHMENT_MAX_BYTES, for a channel that takes uploads itself (the chat page). */
export function attachmentMaxBytesFromEnv(env: NodeJS.ProcessEnv): number {
  return parseEnv(z.object({ ATTACHMENT_MAX_BYTES: attachmentMaxBytes }), env).ATTACHMENT_MAX_BYTES;
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().trim().min(1).default('./data/frontdesk.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STAFF_API_TOKEN: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.string().min(24, 'must be at least 24 characters (e.g. `openssl rand -hex 24`)').optional())
    .optional(),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(1).max(600_000).default(2000),
  OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(64),
  OUTBOX_RETRY_HORIZON_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  INTENTS_DIR: z.string().trim().min(1).optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false'], 'must be auto, true or false').default('auto'),
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z.:/,\s]+$/, 'must be false, true, a hop count like 1, or addresses/subnets such as loopback or 10.0.0.0/8')
    .default('false'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  ALERT_WEBHOOK_URL: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional())
    .optional(),
  ALERT_WEBHOOK_SECRET: optionalSecret.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  ALERT_INCLUDE_TEXT: z.enum(['true', 'false']).default('false'),
  ALERT_WEBHOOK_FORMAT: z.enum(ALERT_FORMATS, 'must be frontdesk, slack or teams').default('frontdesk'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty'], 'must be auto, json or pretty').default('auto'),
  METRICS_TOKEN: optionalSecret.pipe(z.string().min(24, 'must be at least 24 characters (e.g. `openssl rand -hex 24`)').optional()),
  READY_OUTBOX_STALL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  DELIVERY_ALERT_AFTER_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(15),
  DELIVERY_ALERT_REPEAT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  BACKUP_DIR: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  BACKUP_EVERY_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  RETENTION_DAYS: z
    .string()
    .trim()
    .regex(/^(off|\d+)$/, 'must be off or a number of days such as 365')
    .default('off')
    .transform((v) => (v === 'off' ? undefined : Number(v)))
    .pipe(z.number().int().min(7, 'must be at least 7 days (or off)').max(36_500).optional()),
  ASSIGNMENT: z.enum(['off', 'round-robin'], 'must be off or round-robin').default('round-robin'),
  ASSIGNMENT_CAPACITY: z.coerce.number().int().min(1).max(1000).default(5),
  AWAY_AFTER_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  REOPEN_WITHIN_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(72),
  DISCLOSURE_REPEAT_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  ATTACHMENT_MAX_BYTES: attachmentMaxBytes,
});

/** Whether a channel is on; when it is off, what to set to turn it on. */
export type ChannelSwitch = { enabled: false; howToEnable: string } | { enabled: true };

/**
 * What the config core reads of a channel: its id and how it reads its own slice of the
 * environment. The channel port is one; its setup type passes through to `Config.channels`.
 */
export interface ChannelEnvReader<TSetup extends ChannelSwitch> {
  readonly id: string;
  fromEnv(env: NodeJS.ProcessEnv): TSetup;
}

export interface Config<TSetup extends ChannelSwitch = ChannelSwitch> {
  port: number;
  host: string;
  /** The SQLite file: the store unless `postgres` is set. */
  databasePath: string;
  /** DATABASE_URL: everything is stored in PostgreSQL instead of SQLite (several instances may share it). */
  postgres: Readonly<PostgresConfig> | undefined;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Every channel in the list given to loadConfig, with its setup from the environment. */
  channels: ReadonlyArray<{ id: string; setup: TSetup }>;
  /** Why a channel is disabled, one line each, for the start-up log. */
  disabledChannels: ReadonlyArray<{ channel: string; howToEnable: string }>;
  staffApiToken: string | undefined;
  outbox: {
    maxAttempts: number;
    retryBaseMs: number;
    /** Sends in flight at once per channel (one recipient's messages always one after another). */
    concurrency: number;
    /** A reply that used its tries is retried when its channel recovers, for this long after it was written. */
    retryHorizonMs: number;
  };
  intentsDir: string | undefined;
  /** Express "trust proxy": whether X-Forwarded-For/-Proto are believed (client IP in the audit log, https). */
  trustProxy: boolean | number | string;
  staff: StaffConsoleConfig;
  /**
   * Emergency alerts to staff's own endpoint (or a Slack / Teams webhook); undefined when not
   * configured. `secret` signs the frontdesk format; Slack and Teams URLs are their own secret.
   */
  alert: { url: string; secret: string | undefined; format: AlertFormat; includeText: boolean } | undefined;
  /** `auto`: human-readable when writing to a terminal outside production, JSON otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** DISCLOSURE_REPEAT_DAYS: the bot says again that it is a bot once this long has passed since it last did. */
  disclosureRepeatMs: number;
  operations: OperationsConfig;
  /** Largest file a patient may attach (downloaded or uploaded); larger ones are recorded, not stored. */
  attachmentMaxBytes: number;
  queue: QueuePolicy;
}

/** How the queue shares work out: auto-assignment, capacity, idle staff, a resolved thread's follow-up. */
export interface QueuePolicy {
  /** `round-robin`: new items go in turn to available staff who may handle them; `off`: staff claim. */
  assignment: 'off' | 'round-robin';
  /** Open items one person is given at most, unless an admin set their own capacity. */
  defaultCapacity: number;
  /** An available person without a request for this long counts as away. */
  awayAfterMs: number;
  /** A patient's message this soon after their thread was resolved reopens it to the same person (0: never). */
  reopenWithinMs: number;
}

export interface OperationsConfig {
  /** Bearer token for GET /metrics; without it /metrics answers loopback requests only. */
  metricsToken: string | undefined;
  /** /readyz fails when a message has been due for delivery longer than this. */
  readyOutboxStallMs: number;
  /** The alert webhook hears about a channel whose delivery has failed this long… */
  deliveryAlertAfterMs: number;
  /** …and again at most this often while it keeps failing. */
  deliveryAlertRepeatMs: number;
  /** Scheduled backups: where (off when undefined), how many to keep, how often. */
  backup: { dir: string; keep: number; everyMs: number } | undefined;
  /** Message text and notes of idle, closed conversations are removed after this many days; undefined: kept. */
  retentionDays: number | undefined;
}

export interface StaffConsoleConfig {
  /** A console session ends after this long without a request from the user… */
  sessionIdleMs: number;
  /** …and after this long in any case. */
  sessionMaxMs: number;
  /**
   * `auto`: the session cookie is Secure when the request came over https (directly or through a
   * trusted proxy), so a newcomer on http://127.0.0.1 can still sign in; `always` / `never` force it.
   */
  cookieSecure: 'auto' | 'always' | 'never';
  /** Failed logins in a row before an account is locked… */
  loginMaxFailures: number;
  /** …for this long. */
  loginLockoutMs: number;
  /** Single sign-on through an OpenID Connect provider; undefined: passwords only. */
  oidc?: Readonly<OidcConfig> | undefined;
}

/**
 * Reads the environment once into a frozen, validated object: the core settings here, and each
 * channel's own slice through its definition. Throws a ConfigError naming the variable and what it
 * must look like, so start-up fails with a message an operator can act on.
 */
export function loadConfig<TSetup extends ChannelSwitch = ChannelSwitch>(
  env: NodeJS.ProcessEnv = process.env,
  channels: readonly ChannelEnvReader<TSetup>[] = [],
): Readonly<Config<TSetup>> {
  const e = parseEnv(schema, env);
  const disabledChannels: Array<{ channel: string; howToEnable: string }> = [];
  const setups = channels.map((definition) => {
    const setup = definition.fromEnv(env);
    if (!setup.enabled) disabledChannels.push({ channel: definition.id, howToEnable: setup.howToEnable });
    return Object.freeze({ id: definition.id, setup });
  });

  if (e.ALERT_WEBHOOK_URL && !e.ALERT_WEBHOOK_SECRET && e.ALERT_WEBHOOK_FORMAT === 'frontdesk') {
    throw new ConfigError(
      'Invalid configuration. ALERT_WEBHOOK_SECRET: required when ALERT_WEBHOOK_URL is set (at least 16 random characters; alerts are signed with it), unless ALERT_WEBHOOK_FORMAT is slack or teams.',
    );
  }
  const alert = e.ALERT_WEBHOOK_URL
    ? Object.freeze({
        url: e.ALERT_WEBHOOK_URL,
        secret: e.ALERT_WEBHOOK_SECRET,
        format: e.ALERT_WEBHOOK_FORMAT,
        includeText: e.ALERT_INCLUDE_TEXT === 'true',
      })
    : undefined;

  const postgres = readPostgresConfig(env);
  if (postgres && e.BACKUP_DIR) {
    throw new ConfigError(
      'Invalid configuration. BACKUP_DIR: scheduled backups copy the SQLite file, and DATABASE_URL makes the store PostgreSQL; unset BACKUP_DIR and back up with pg_dump (docs/going-live.md, "Two servers and PostgreSQL").',
    );
  }

  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databasePath: path.resolve(e.DATABASE_PATH),
    postgres,
    logLevel: e.LOG_LEVEL,
    channels: Object.freeze(setups),
    disabledChannels: Object.freeze(disabledChannels),
    staffApiToken: e.STAFF_API_TOKEN,
    outbox: Object.freeze({
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      retryBaseMs: e.OUTBOX_RETRY_BASE_MS,
      concurrency: e.OUTBOX_CONCURRENCY,
      retryHorizonMs: Math.round(e.OUTBOX_RETRY_HORIZON_HOURS * 3_600_000),
    }),
    intentsDir: e.INTENTS_DIR ? path.resolve(e.INTENTS_DIR) : undefined,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    staff: Object.freeze({
      sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
      sessionMaxMs: e.SESSION_MAX_HOURS * 3_600_000,
      cookieSecure: e.COOKIE_SECURE === 'auto' ? 'auto' : e.COOKIE_SECURE === 'true' ? 'always' : 'never',
      loginMaxFailures: e.LOGIN_MAX_FAILURES,
      loginLockoutMs: e.LOGIN_LOCKOUT_MINUTES * 60_000,
      oidc: readOidcConfig(env),
    } as const),
    alert,
    logFormat: e.LOG_FORMAT,
    disclosureRepeatMs: e.DISCLOSURE_REPEAT_DAYS * 86_400_000,
    operations: Object.freeze({
      metricsToken: e.METRICS_TOKEN,
      readyOutboxStallMs: e.READY_OUTBOX_STALL_SECONDS * 1000,
      deliveryAlertAfterMs: e.DELIVERY_ALERT_AFTER_MINUTES * 60_000,
      deliveryAlertRepeatMs: e.DELIVERY_ALERT_REPEAT_MINUTES * 60_000,
      backup: e.BACKUP_DIR
        ? Object.freeze({ dir: path.resolve(e.BACKUP_DIR), keep: e.BACKUP_KEEP, everyMs: e.BACKUP_EVERY_HOURS * 3_600_000 })
        : undefined,
      retentionDays: e.RETENTION_DAYS,
    }),
    queue: Object.freeze({
      assignment: e.ASSIGNMENT,
      defaultCapacity: e.ASSIGNMENT_CAPACITY,
      // Signed out is away too: a session that timed out has not been active for longer.
      awayAfterMs: Math.min(e.AWAY_AFTER_MINUTES, e.SESSION_IDLE_MINUTES) * 60_000,
      reopenWithinMs: Math.round(e.REOPEN_WITHIN_HOURS * 3_600_000),
    }),
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
  });
}

/** TRUST_PROXY as express's "trust proxy" setting: a boolean, a hop count, or addresses/subnets. */
function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
