import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StoreUnavailableError } from '../../../src/platform/errors';
import { openDatabase } from '../../../src/store/open-database';
import { SqliteConnection } from '../../../src/store/sqlite-connection';

/** A file database (locks need a file) with one table, and another connection that can lock it. */
function setup(options: { busyDeadlineMs?: number } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-busy-'));
  const file = path.join(dir, 'busy.db');
  const db = openDatabase(file);
  db.exec('CREATE TABLE t (name TEXT NOT NULL)');
  const sql = new SqliteConnection(db, options);
  const other = new Database(file);
  return {
    db,
    sql,
    insert: (name: string) => void db.prepare('INSERT INTO t (name) VALUES (?)').run(name),
    names: () => (db.prepare('SELECT name FROM t ORDER BY rowid').all() as { name: string }[]).map((r) => r.name),
    lock: () => other.exec('BEGIN IMMEDIATE'),
    unlock: () => other.exec('ROLLBACK'),
    /** Holds the lock for `ms`, released by this process's own timer. */
    lockFor(ms: number) {
      other.exec('BEGIN IMMEDIATE');
      setTimeout(() => other.exec('ROLLBACK'), ms);
    },
    close() {
      other.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('SqliteConnection while another process holds the write lock', () => {
  it('when a write finds the database locked, then other work runs while it waits, and it runs once the lock is released', async () => {
    const t = setup();
    t.lock();
    const order: string[] = [];
    // The lock is released by this process's own timer: a write that blocked the event loop until
    // SQLite's busy timeout would let neither timer run before it gave up.
    setTimeout(() => order.push('other work'), 20);
    setTimeout(() => {
      order.push('unlock');
      t.unlock();
    }, 200);
    await t.sql.run(() => t.insert('a'));
    order.push('written');
    expect(order).toEqual(['other work', 'unlock', 'written']);
    expect(t.names()).toEqual(['a']);
    t.close();
  });

  it('when a transaction cannot begin, then it begins once the lock is released and its callback runs once', async () => {
    const t = setup();
    t.lockFor(200);
    let runs = 0;
    await t.sql.transaction(async () => {
      runs += 1;
      await t.sql.run(() => t.insert('in transaction'));
    });
    expect(runs).toBe(1);
    expect(t.names()).toEqual(['in transaction']);
    t.close();
  });

  it('when the lock outlasts the deadline, then the caller gets database_busy, nothing is written, and reads still answer meanwhile', async () => {
    const t = setup({ busyDeadlineMs: 300 });
    t.lock();
    const write = t.sql.run(() => t.insert('late'));
    expect(await t.sql.run(() => t.names())).toEqual([]);
    await expect(write).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(write).rejects.toMatchObject({ code: 'database_busy', status: 503 });
    let runs = 0;
    await expect(
      t.sql.transaction(async () => {
        runs += 1;
        await Promise.resolve();
      }),
    ).rejects.toMatchObject({ code: 'database_busy' });
    expect(runs).toBe(0);
    t.unlock();
    await t.sql.run(() => t.insert('after'));
    expect(t.names()).toEqual(['after']);
    t.close();
  });

  it('when grouped units find the database locked, then they commit together once it is released', async () => {
    const t = setup();
    t.lockFor(200);
    await Promise.all(['a', 'b', 'c'].map((name) => t.sql.batched(() => t.sql.run(() => t.insert(name)))));
    expect(t.names()).toEqual(['a', 'b', 'c']);
    t.close();
  });
});
