import { StoreUnavailableError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { PostgresError } from './postgres-error';
import type { PostgresPool } from './postgres-pool';
import { POSTGRES_MIGRATIONS } from './postgres-schema';

export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

export interface MigrateOptions {
  /** How long to wait for another instance that is migrating the same database (default 2 min). */
  lockTimeoutMs?: number;
  logger?: Pick<Logger, 'info'>;
  /** The schema to apply; the shipped one unless a test brings its own. */
  migrations?: readonly PostgresMigration[];
}

/**
 * The advisory lock every Frontdesk instance takes before migrating: the same fixed number for all,
 * so instances that start together migrate one at a time.
 */
export const MIGRATION_LOCK_KEY = 4_711_000_000_000_001;

const DEFAULT_LOCK_TIMEOUT_MS = 120_000;
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Applies the migrations the database has not seen, in order, each in its own transaction with its
 * row in schema_migrations. Holds the advisory lock meanwhile: an instance that starts while another
 * migrates waits, then finds nothing left to do. The lock belongs to the connection, so an instance
 * that dies mid-way frees it and its unfinished migration rolls back. Returns the versions applied.
 */
export async function migratePostgres(pool: PostgresPool, options: MigrateOptions = {}): Promise<{ applied: number[] }> {
  const migrations = [...(options.migrations ?? POSTGRES_MIGRATIONS)].sort((a, b) => a.version - b.version);
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  return pool.withConnection(async (session) => {
    await session.query(`SELECT set_config('lock_timeout', $1, false)`, [`${lockTimeoutMs}ms`]);
    try {
      await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    } catch (err) {
      if (sqlState(err) !== LOCK_NOT_AVAILABLE) throw err;
      throw new PostgresError(
        'postgres_migration_lock_timeout',
        `Another instance has been migrating ${pool.target} for over ${duration(lockTimeoutMs)}; start again once it is done.`,
      );
    }
    try {
      await session.query(`SELECT set_config('lock_timeout', '0', false)`);
      await session.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
      );
      const { rows } = await session.query<{ version: number }>('SELECT version FROM schema_migrations');
      const seen = new Set(rows.map((row) => row.version));
      const applied: number[] = [];
      for (const migration of migrations) {
        if (seen.has(migration.version)) continue;
        await apply(pool, migration);
        options.logger?.info({ version: migration.version, name: migration.name }, 'postgres migration applied');
        applied.push(migration.version);
      }
      return { applied };
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  });
}

async function apply(pool: PostgresPool, migration: PostgresMigration): Promise<void> {
  try {
    await pool.withTransaction(async (tx) => {
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        Date.now(),
      ]);
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new PostgresError(
      'postgres_migration_failed',
      `PostgreSQL migration ${migration.version} (${migration.name}) failed on ${pool.target}, nothing of it was applied: ${reason}`,
      { cause: err },
    );
  }
}

function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/** The server's SQLSTATE, also when the pool reported the error as the store being unavailable (its cause). */
function sqlState(err: unknown): string | undefined {
  const server = err instanceof StoreUnavailableError ? err.cause : err;
  const code = server instanceof Error ? (server as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
