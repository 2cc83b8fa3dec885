import { memoryRateWindows, type RateWindows } from '../platform/http/rate-windows';
import { backupDatabase } from './backup';
import { openDatabase, type Db } from './open-database';
import { SqliteConnection } from './sqlite-connection';

/** The store's database: transactions, health and shutdown, whatever the database is. */
export interface DatabaseHandle {
  /**
   * Runs `fn` as one atomic change: its reads and writes commit together or not at all. Called
   * inside an open transaction, it joins it as a savepoint. A transaction never awaits network I/O.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Runs `fn` as one atomic change that, inside an open transaction, may simply be part of it: if
   * `fn` throws there, the enclosing transaction must not commit either (PostgreSQL then rolls it
   * back at its end; SQLite undoes `fn` alone, as a savepoint). Cheaper than a savepoint where one
   * failing write means the whole change fails, as for a reply queued inside a turn.
   */
  atomic<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Runs `fn` as one atomic change that may share its commit with other work started at the same
   * moment (bot turns, delivery results); each unit still succeeds or fails alone, and its promise
   * settles once its writes are committed.
   */
  batched<T>(fn: () => Promise<T>): Promise<T>;
  /** Rate limits' counts, shared by every instance of this store. */
  rateWindows: RateWindows;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  /** A consistent copy of the live database written to `destination`. */
  backup(destination: string): Promise<{ bytes: number; schemaVersion: number }>;
  close(): Promise<void>;
}

/** The SQLite handle: one connection, which SQLite-specific code and tests may reach. */
export interface SqliteHandle extends DatabaseHandle {
  db: Db;
  sql: SqliteConnection;
}

export function openDatabaseHandle(file: string): SqliteHandle {
  const db = openDatabase(file);
  const sql = new SqliteConnection(db);
  return {
    db,
    sql,
    rateWindows: memoryRateWindows(),
    transaction: (fn) => sql.transaction(fn),
    atomic: (fn) => sql.transaction(fn),
    batched: (fn) => sql.batched(fn),
    async ping() {
      try {
        return await sql.run(() => (db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1);
      } catch {
        return false;
      }
    },
    backup: (destination) => backupDatabase(db, destination),
    close: () => sql.close(),
  };
}
