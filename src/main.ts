import { CHANNELS } from './channels';
import { loadConfig } from './platform/config';
import { ConfigError } from './platform/errors';
import { createLogger, type Logger } from './platform/logger';
import { StoreOpenError } from './store/store-open-error';

const CORE_HELP: ReadonlyArray<readonly [string, string]> = [
  ['PORT, HOST', 'where to listen (default 3000 on 127.0.0.1)'],
  ['DATABASE_PATH', 'SQLite file (default ./data/frontdesk.db)'],
  ['DATABASE_URL', 'postgres://user:password@host:5432/db: PostgreSQL instead (instances may share it)'],
  ['PGPOOL_MAX', 'with DATABASE_URL: connections of this instance (default 10)'],
  ['LOG_LEVEL', 'fatal|error|warn|info|debug|trace|silent (default info)'],
  ['LOG_FORMAT', 'auto|json|pretty (auto: pretty on a terminal unless NODE_ENV=production)'],
  ['STAFF_API_TOKEN', 'service token for automation on the staff API (off when unset)'],
  ['SESSION_IDLE_MINUTES', 'staff console: sign out after this much inactivity (default 30)'],
  ['SESSION_MAX_HOURS', 'staff console: sessions end after this long anyway (default 12)'],
  ['COOKIE_SECURE', 'auto|true|false: Secure session cookie (auto: when the request is https)'],
  ['TRUST_PROXY', 'reverse proxy in front: false|true|hop count|addresses, e.g. loopback (default false; client IPs, https)'],
  ['LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_MINUTES', 'staff sign-in lockout (defaults 5 failures, 15 min)'],
  ['OIDC_ISSUER_URL, OIDC_CLIENT_ID', 'single sign-on through your OpenID Connect provider (off when unset)…'],
  ['OIDC_CLIENT_SECRET', '…with its secret; redirect URI https://<host>/auth/oidc/callback'],
  ['OIDC_PROVIDER_NAME', 'the sign-in button says "Sign in with <name>" (default: issuer host)'],
  ['OIDC_ROLE_CLAIM', 'role from a claim: roles, or groups:Nurses=clinician,Front Desk=agent'],
  ['OIDC_AUTO_CREATE_ROLE', 'agent|clinician|admin: make accounts for verified people (default: refuse)'],
  ['OIDC_DISABLE_PASSWORDS', 'true: linked accounts cannot use a password (default false)'],
  ['ALERT_WEBHOOK_URL, ALERT_WEBHOOK_SECRET', 'signed POST to your endpoint on every emergency'],
  ['ALERT_INCLUDE_TEXT', "put the patient's words in the alert (default false)"],
  ['ALERT_WEBHOOK_FORMAT', 'frontdesk|slack|teams: signed JSON, Slack or Teams message (default frontdesk)'],
  ['OUTBOX_MAX_ATTEMPTS, OUTBOX_RETRY_BASE_MS', 'delivery retries (defaults 8, 2000 ms)'],
  ['OUTBOX_CONCURRENCY', 'sends in flight per channel; one patient always in order (default 64)'],
  ['OUTBOX_RETRY_HORIZON_HOURS', 'retry failed replies when the channel recovers, this long (default 24)'],
  ['INTENTS_DIR', 'alternative intents/ folder (default: the one shipped)'],
  ['METRICS_TOKEN', 'bearer token for GET /metrics (without it: loopback requests only)'],
  ['READY_OUTBOX_STALL_SECONDS', '/readyz fails when a due message waited this long (default 300)'],
  ['DELIVERY_ALERT_AFTER_MINUTES', 'alert webhook: a channel failing this long (default 15)…'],
  ['DELIVERY_ALERT_REPEAT_MINUTES', '…and again at most this often while it fails (default 60)'],
  ['BACKUP_DIR, BACKUP_KEEP', 'scheduled backups into this folder, keeping the newest N (off; 7)'],
  ['BACKUP_EVERY_HOURS', 'how often scheduled backups run (default 24)'],
  ['RETENTION_DAYS', 'remove text and notes of idle, closed conversations after N days (default off)'],
  ['ASSIGNMENT', 'off|round-robin: new queue items go in turn to available staff (default round-robin)'],
  ['ASSIGNMENT_CAPACITY', 'open items one person is given at most; admins set it per person (default 5)'],
  ['AWAY_AFTER_MINUTES', 'an available person with no console activity this long counts as away (default 15)'],
  ['REOPEN_WITHIN_HOURS', "a patient's message this soon after a resolved thread reopens it to its holder (72; 0: off)"],
  ['DISCLOSURE_REPEAT_DAYS', '"I am the automated assistant" is said again after this many days (default 30)'],
  ['ATTACHMENT_MAX_BYTES', 'largest photo or file a patient may send, in bytes (default 10485760, 10 MB)'],
];

function helpText(): string {
  const line = ([name, text]: readonly [string, string]) => `  ${name.padEnd(34)} ${text}`;
  const channels = CHANNELS.map((c) => [`${c.displayName}:`, ...c.envHelp.map(line)].join('\n')).join('\n');
  return `Frontdesk: answers a medical practice's social inboxes (${CHANNELS.map((c) => c.displayName).join(', ')}),
triages every message, and queues clinical questions for staff.

Usage: npm start            (builds, then runs node dist/main.js)
       node dist/main.js [--help]

Configuration comes from the environment or a .env file in the working directory.
With nothing set it runs on its embedded defaults: http://127.0.0.1:3000/chat,
SQLite at ./data/frontdesk.db, the demo practice's content.

${CORE_HELP.map(line).join('\n')}

Channels (each is off until all of its secrets are set):
${channels}

Staff accounts: npm run staff -- add --email you@example.org --role admin
Backups:        npm run backup -- FILE   (while running)   npm run restore -- FILE   (stopped)
Retention:      npm run retention -- --dry-run   lists what RETENTION_DAYS would remove
Going live:     docs/going-live.md (HTTPS proxy, systemd, upgrades, HIPAA)
Every variable is described in .env.example and README.md.
`;
}

/** In-flight work gets this long after SIGTERM/SIGINT; then the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;
/** How long the last log lines may take to reach a slow reader before the process exits without them. */
const LOG_FLUSH_MS = 1_000;

/** Exits once the log lines written so far are out, or after LOG_FLUSH_MS: a log reader never holds up exit. */
function exitAfterLogs(log: Logger, code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), LOG_FLUSH_MS).unref();
  log.flush(() => process.exit(code));
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(helpText());
    return;
  }
  // A reader of stderr that went away (EPIPE) must not crash the server: what it would have read is lost.
  process.stderr.on('error', () => undefined);
  // dotenv is loaded here only, quietly: its tips would otherwise go to stdout.
  (await import('dotenv')).config({ quiet: true });

  const config = loadConfig(process.env, CHANNELS);
  const log = createLogger(config.logLevel, undefined, config.logFormat);
  // The server (bot, stores, web routes) is loaded only now: --help and configuration errors answer at once.
  const { startServer } = await import('./app');
  const server = await startServer(config, { log });
  log.info(
    {
      url: server.url,
      store: config.postgres ? `postgres ${config.postgres.target}` : `sqlite ${config.databasePath}`,
      channels: config.channels.filter((c) => c.setup.enabled).map((c) => c.id),
    },
    'frontdesk listening',
  );

  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down: finishing in-flight work');
    const force = setTimeout(() => {
      log.error(`shutdown took longer than ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting`);
      exitAfterLogs(log, 1);
    }, SHUTDOWN_DEADLINE_MS);
    force.unref();
    server.close().then(
      () => {
        log.info('stopped');
        exitAfterLogs(log, 0);
      },
      () => exitAfterLogs(log, 1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  // EX_CONFIG: a setting or the database file to fix; starting again cannot help, so a service manager should not.
  if (err instanceof ConfigError || err instanceof StoreOpenError) {
    process.stderr.write(`frontdesk: ${err.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`frontdesk: failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
