import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';
import { StoreOpenError } from './store-open-error';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the SQLite file in WAL mode and applies pending migrations. A file or
 * folder that cannot be created, opened or written raises a StoreOpenError naming the path.
 */
export function openDatabase(file: string): Db {
  try {
    if (file !== ':memory:') createPrivately(file);
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db);
      probeWrite(db);
    } catch (err) {
      db.close();
      throw err;
    }
    cacheStatements(db);
    // Deleted rows (an erasure, retention) are overwritten with zeros, not left readable in free pages.
    db.pragma('secure_delete = ON');
    return db;
  } catch (err) {
    throw storeOpenError(err, file) ?? err;
  }
}

/**
 * The database holds patients' messages: a new file (and its folder) is readable by the server's
 * user only. SQLite gives the -wal and -shm files the database file's mode.
 */
function createPrivately(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
}

/** SQLite's and the file system's answers that no retry changes; others (busy, disk full, a bug) pass on. */
const UNWRITABLE = /^(SQLITE_READONLY|SQLITE_PERM|EACCES$|EPERM$|EROFS$)/;
const UNOPENABLE = /^(SQLITE_CANTOPEN|SQLITE_NOTADB|ENOTDIR$|EEXIST$|EISDIR$)/;

function storeOpenError(err: unknown, file: string): StoreOpenError | undefined {
  const code = String((err as { code?: unknown } | undefined)?.code ?? '');
  const shown = file === ':memory:' ? file : path.resolve(file);
  const reason = (err as Error).message;
  if (UNWRITABLE.test(code)) return new StoreOpenError('database_unwritable', shown, reason);
  if (UNOPENABLE.test(code)) return new StoreOpenError('database_unopenable', shown, reason);
  return undefined;
}

/**
 * Every repository prepares its SQL where it runs it; compiling the same text again on each call
 * cost more than running it. Prepared statements are kept by their text (no statement is iterated,
 * so one object per text is safe to reuse).
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      cache.set(source, statement);
    }
    return statement;
  }) as Db['prepare'];
}

/**
 * SQLite opens a file it may not write read-only without a word, and a database with no pending
 * migration writes nothing while it opens: one write, rolled back, finds out now rather than at the
 * first patient message.
 */
function probeWrite(db: Db): void {
  if (db.memory) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    db.prepare('DELETE FROM schema_migrations WHERE 0').run();
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .all()
      .map((row) => (row as { version: number }).version),
  );
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      );
    })();
  }
}
