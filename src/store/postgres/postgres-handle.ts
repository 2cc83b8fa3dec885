import type { Logger } from '../../platform/logger';
import type { PostgresConfig } from '../../platform/postgres-config';
import type { DatabaseHandle } from '../database-handle';
import { installJobQueueSchema } from './job-queue';
import { PostgresError } from './postgres-error';
import { migratePostgres } from './postgres-migrations';
import { postgresRateWindows } from './postgres-rate-windows';
import { PostgresPool } from './postgres-pool';

/** The PostgreSQL handle: a pool that several instances share the database through. */
export interface PostgresHandle extends DatabaseHandle {
  pool: PostgresPool;
  postgres: Readonly<PostgresConfig>;
}

/**
 * Brings a database up to this version's schema, the store's and the job queue's, once across
 * instances (advisory locks): the instance that starts first migrates, the others wait and find
 * nothing left to do.
 */
export async function preparePostgres(
  pool: PostgresPool,
  config: Readonly<PostgresConfig>,
  log: Pick<Logger, 'info' | 'warn' | 'error'>,
): Promise<void> {
  await migratePostgres(pool, { logger: log });
  await installJobQueueSchema(pool, config.connectionString, log);
}

/** Opens the pool (failing with the server named when it does not answer) and migrates. */
export async function openPostgresHandle(
  config: Readonly<PostgresConfig>,
  log: Pick<Logger, 'info' | 'warn' | 'error'>,
): Promise<PostgresHandle> {
  const pool = await PostgresPool.open(config, { logger: log });
  try {
    await preparePostgres(pool, config, log);
  } catch (err) {
    await pool.close();
    throw err;
  }
  return {
    pool,
    postgres: config,
    rateWindows: postgresRateWindows(pool),
    transaction: (fn) => pool.withTransaction(() => fn()),
    atomic: (fn) => pool.withinTransaction(() => fn()),
    // Every transaction commits on its own connection: PostgreSQL's group commit joins them on disk.
    batched: (fn) => pool.withTransaction(() => fn()),
    ping: () => pool.ping(),
    backup: () =>
      Promise.reject(
        new PostgresError(
          'postgres_backup_external',
          `The store is PostgreSQL (${config.target}): back it up with pg_dump -Fc and restore with pg_restore, as docs/going-live.md shows.`,
        ),
      ),
    close: () => pool.close(),
  };
}
