import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './open-database';
import { MIGRATIONS } from './migrations';

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/**
 * A consistent copy of a live database with SQLite's online backup API. All pages are copied in one
 * step, inside one read transaction, so writes by the running server neither restart nor tear the
 * copy. The copy is written next to `destination` and renamed into place only once it is checked.
 */
export async function backupDatabase(source: Db | string, destination: string): Promise<{ bytes: number; schemaVersion: number }> {
  const target = path.resolve(destination);
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  // A backup holds every patient's messages: readable by the server's user only, from its first byte.
  fs.closeSync(fs.openSync(partial, 'wx', 0o600));
  const db = typeof source === 'string' ? openExisting(source) : source;
  try {
    await db.backup(partial, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
  } finally {
    if (typeof source === 'string') db.close();
  }
  // A backup is one self-contained file: no -wal or -shm beside it.
  const copy = new Database(partial);
  copy.pragma('journal_mode = DELETE');
  copy.close();
  const { schemaVersion } = inspectBackup(partial);
  fs.chmodSync(partial, 0o600);
  fs.renameSync(partial, target);
  return { bytes: fs.statSync(target).size, schemaVersion };
}

function openExisting(file: string): Db {
  if (!fs.existsSync(file)) throw new BackupError(`No database at ${file}: check DATABASE_PATH.`);
  const db = new Database(file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * Checks a backup file before it is trusted: SQLite's integrity check passes, it is a Frontdesk
 * database, and its schema is not newer than this version of Frontdesk knows.
 */
export function inspectBackup(file: string): { schemaVersion: number } {
  if (!fs.existsSync(file)) throw new BackupError(`No backup file at ${file}.`);
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BackupError(`${file} cannot be opened as a SQLite database (${(err as Error).message}).`);
  }
  try {
    let integrity: string[];
    try {
      integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    } catch (err) {
      throw new BackupError(`${file} is not a usable SQLite database (${(err as Error).message}).`);
    }
    if (integrity.join() !== 'ok') throw new BackupError(`${file} failed SQLite's integrity check: ${integrity.slice(0, 3).join('; ')}`);
    const hasMigrations = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (!hasMigrations) throw new BackupError(`${file} is a SQLite database but not a Frontdesk one (no schema_migrations table).`);
    const versions = (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version);
    const known = new Set(MIGRATIONS.map((m) => m.version));
    const unknown = versions.filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new BackupError(
        `${file} was written by a newer Frontdesk (schema versions ${unknown.join(', ')} are unknown here): upgrade Frontdesk first, then restore.`,
      );
    }
    return { schemaVersion: Math.max(0, ...versions) };
  } finally {
    db.close();
  }
}

/** `<database>.lock` holds the pid of the server using the database, while it runs. */
export function lockFileOf(databasePath: string): string {
  return `${databasePath}.lock`;
}

/** The pid of a live server holding the database, or undefined. A lock left by a crash is ignored. */
export function runningServerPid(databasePath: string): number | undefined {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(lockFileOf(databasePath), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

/** What the database to be replaced holds that a backup does not: what a restore would remove. */
export type RestoreLoss =
  { state: 'no database' } | { state: 'counted'; patientMessages: number; replies: number } | { state: 'unreadable'; reason: string };

export interface RestorePlan {
  schemaVersion: number;
  loss: RestoreLoss;
}

/**
 * What `restoreDatabase` checks first (no server running, the backup sound), and what the restore
 * would remove: the patient messages the current database acknowledged after the backup was taken
 * (inbox events, by the platform's event id) and the replies written after it (outbox items with a
 * transcript row, by their idempotency key; alerts to the practice are not replies).
 */
export function planRestore(backupFile: string, databasePath: string): RestorePlan {
  const target = path.resolve(databasePath);
  refuseWhileRunning(target);
  const { schemaVersion } = inspectBackup(backupFile);
  if (!fs.existsSync(target)) return { schemaVersion, loss: { state: 'no database' } };
  let db: Db | undefined;
  try {
    db = new Database(target, { readonly: true, fileMustExist: true });
    db.prepare('ATTACH DATABASE ? AS backup').run(path.resolve(backupFile));
    const counts = db
      .prepare(
        `SELECT
           (SELECT COUNT(*) FROM main.inbox i
             WHERE NOT EXISTS (SELECT 1 FROM backup.inbox b WHERE b.channel = i.channel AND b.event_id = i.event_id)) AS patientMessages,
           (SELECT COUNT(*) FROM main.outbox o
             WHERE o.message_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM backup.outbox b WHERE b.dedupe_key = o.dedupe_key)) AS replies`,
      )
      .get() as { patientMessages: number; replies: number };
    return { schemaVersion, loss: { state: 'counted', ...counts } };
  } catch (err) {
    return { schemaVersion, loss: { state: 'unreadable', reason: (err as Error).message } };
  } finally {
    db?.close();
  }
}

function refuseWhileRunning(target: string): void {
  const pid = runningServerPid(target);
  if (pid !== undefined)
    throw new BackupError(
      `Frontdesk is running with this database (pid ${pid}): stop it first (systemctl stop frontdesk), then restore. If no Frontdesk is running, delete ${lockFileOf(target)}.`,
    );
}

/**
 * Replaces the database with a checked backup. The server must be stopped. The database being
 * replaced is kept next to it as `<name>.before-restore-<time>` (with its -wal file), so a restore
 * can itself be undone. `plan`, from planRestore just before, spares checking the backup twice.
 */
export function restoreDatabase(
  backupFile: string,
  databasePath: string,
  now = Date.now(),
  plan?: RestorePlan,
): { schemaVersion: number; previous: string | undefined } {
  const target = path.resolve(databasePath);
  refuseWhileRunning(target);
  const { schemaVersion } = plan ?? inspectBackup(backupFile);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const incoming = `${target}.restoring`;
  fs.copyFileSync(backupFile, incoming);
  fs.chmodSync(incoming, 0o600);
  const fd = fs.openSync(incoming, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  let previous: string | undefined;
  if (fs.existsSync(target)) {
    previous = `${target}.before-restore-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(target, previous);
    for (const suffix of ['-wal', '-shm']) {
      if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, previous + suffix);
    }
  }
  fs.renameSync(incoming, target);
  return { schemaVersion, previous };
}

const BACKUP_NAME = /^frontdesk-\d{8}-\d{6}\.db$/;

/** `frontdesk-YYYYMMDD-HHMMSS.db` (UTC), so names sort by time. */
export function backupFileName(at: number): string {
  const iso = new Date(at).toISOString();
  return `frontdesk-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}.db`;
}

/** The scheduled backups in `dir`, oldest first. */
export function listBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .sort();
}

/** Deletes the oldest scheduled backups beyond `keep`; returns the names removed. */
export function rotateBackups(dir: string, keep: number): string[] {
  const names = listBackups(dir);
  const remove = names.slice(0, Math.max(0, names.length - keep));
  for (const name of remove) fs.rmSync(path.join(dir, name), { force: true });
  return remove;
}
