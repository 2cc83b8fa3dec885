import { openDatabase, type Db } from '../../src/store/open-database';
import { SqliteConnection } from '../../src/store/sqlite-connection';

/** An in-memory store with one table of names, for tests of how writes commit. */
export function scratchDb(): { db: Db; sql: SqliteConnection; insert(name: string): void; names(): string[] } {
  const db = openDatabase(':memory:');
  db.exec('CREATE TABLE t (name TEXT NOT NULL)');
  return {
    db,
    sql: new SqliteConnection(db),
    insert: (name) => void db.prepare('INSERT INTO t (name) VALUES (?)').run(name),
    names: () => (db.prepare('SELECT name FROM t ORDER BY rowid').all() as { name: string }[]).map((r) => r.name),
  };
}
