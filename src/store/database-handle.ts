import { openDatabase, type Db } from './open-database';

/** The store's database: the one handle every component builds its repositories on. */
export interface DatabaseHandle {
  db: Db;
  /** True when the database answers a trivial query. */
  ping(): boolean;
  close(): void;
}

export function openDatabaseHandle(file: string): DatabaseHandle {
  const db = openDatabase(file);
  return {
    db,
    ping() {
      try {
        return (db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
      } catch {
        return false;
      }
    },
    close() {
      if (db.open) db.close();
    },
  };
}
