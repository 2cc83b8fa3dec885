import { ConfigError } from './errors';

/** Where the PostgreSQL store lives and how many connections one instance may hold. */
export interface PostgresConfig {
  /** DATABASE_URL as given, for node-postgres. It holds the password: never log it, log `target`. */
  connectionString: string;
  host: string;
  port: number;
  database: string;
  /** Undefined when the URL names none (node-postgres then uses PGUSER or the OS user). */
  user: string | undefined;
  /** host:port/database: how logs and errors name the server. */
  target: string;
  /** Connections this instance's pool may open at most (PGPOOL_MAX). */
  poolMax: number;
}

const URL_SHAPE = 'must look like postgres://user:password@host:5432/database (user name and password percent-encoded)';
const DEFAULT_PORT = 5432;
const DEFAULT_POOL_MAX = 10;
const POOL_MAX_LIMIT = 1000;

/**
 * Reads the PostgreSQL settings from the environment. Without DATABASE_URL (unset or blank) the
 * store stays SQLite and this returns undefined. A URL that is malformed or not postgres:// throws a
 * ConfigError naming the variable and the shape it must have; the value itself is never repeated,
 * because it carries the password.
 */
export function readPostgresConfig(env: Record<string, string | undefined> = process.env): Readonly<PostgresConfig> | undefined {
  const raw = env.DATABASE_URL?.trim();
  if (raw === undefined || raw === '') return undefined;

  const url = parseUrl(raw);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    fail(`DATABASE_URL: ${URL_SHAPE}; it starts with ${url.protocol}//, only postgres:// and postgresql:// are supported`);
  }
  if (url.hostname === '') fail(`DATABASE_URL: ${URL_SHAPE}; the host is missing`);
  const database = decode(url.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) fail(`DATABASE_URL: ${URL_SHAPE}; the database name after the host is missing`);
  const user = url.username === '' ? undefined : decode(url.username);
  decode(url.password);
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);

  return Object.freeze({
    connectionString: raw,
    host: url.hostname,
    port,
    database,
    user,
    target: `${url.hostname}:${port}/${database}`,
    poolMax: readPoolMax(env.PGPOOL_MAX),
  });
}

function parseUrl(raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    return fail(`DATABASE_URL: ${URL_SHAPE}; it is not a valid URL`);
  }
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return fail(`DATABASE_URL: ${URL_SHAPE}; a % in it does not start a valid escape (write a literal % as %25)`);
  }
}

function readPoolMax(raw: string | undefined): number {
  const value = raw?.trim();
  if (value === undefined || value === '') return DEFAULT_POOL_MAX;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > POOL_MAX_LIMIT) {
    fail(`PGPOOL_MAX: must be a whole number from 1 to ${POOL_MAX_LIMIT} (connections per instance; default ${DEFAULT_POOL_MAX})`);
  }
  return n;
}

function fail(detail: string): never {
  throw new ConfigError(`Invalid configuration. ${detail}. See .env.example.`);
}
