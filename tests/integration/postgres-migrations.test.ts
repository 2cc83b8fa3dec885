import { migratePostgres, MIGRATION_LOCK_KEY } from '../../src/store/postgres/postgres-migrations';
import { PostgresPool } from '../../src/store/postgres/postgres-pool';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/postgres-schema';
import { createTestDatabase, describeWithPostgres } from '../helpers/postgres';

/** Two instances of Frontdesk, each with its own pool, on one fresh database. */
async function setup() {
  const db = await createTestDatabase();
  const first = await PostgresPool.open(db.config);
  const second = await PostgresPool.open(db.config);
  return {
    first,
    second,
    versions: async () => (await first.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows,
    close: () => Promise.all([first.close(), second.close()]),
  };
}

describeWithPostgres('PostgreSQL migrations', () => {
  test('when two instances migrate one fresh database at once, then both succeed and each migration is applied once', async () => {
    const { first, second, versions, close } = await setup();
    try {
      const [a, b] = await Promise.all([migratePostgres(first), migratePostgres(second)]);

      const all = POSTGRES_MIGRATIONS.map((m) => m.version);
      expect([...a.applied, ...b.applied].sort((x, y) => x - y)).toEqual(all);
      expect(await versions()).toEqual(all.map((version) => ({ version })));
    } finally {
      await close();
    }
  });

  test('when a migration is slow, then an instance starting meanwhile waits for it and applies nothing', async () => {
    const { first, second, close } = await setup();
    const slow = [{ version: 1, name: 'slow', sql: 'SELECT pg_sleep(0.3); CREATE TABLE made_once (id integer)' }];
    try {
      const started = Date.now();
      const [a, b] = await Promise.all([migratePostgres(first, { migrations: slow }), migratePostgres(second, { migrations: slow })]);

      expect([a.applied, b.applied].sort()).toEqual([[], [1]]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect((await first.query(`SELECT count(*) AS n FROM pg_tables WHERE tablename = 'made_once'`)).rows).toEqual([{ n: 1 }]);
    } finally {
      await close();
    }
  });

  test('when the database is already migrated, then a second run applies nothing and changes nothing', async () => {
    const { first, second, close } = await setup();
    try {
      await migratePostgres(first);
      const before = (await first.query('SELECT * FROM schema_migrations ORDER BY version')).rows;

      const again = await migratePostgres(second);

      expect(again.applied).toEqual([]);
      expect((await first.query('SELECT * FROM schema_migrations ORDER BY version')).rows).toEqual(before);
    } finally {
      await close();
    }
  });

  test('when a migration fails, then none of it is kept, later runs can retry, and the error names it', async () => {
    const { first, second, versions, close } = await setup();
    const migrations = [
      { version: 1, name: 'good', sql: 'CREATE TABLE kept (id integer)' },
      { version: 2, name: 'broken', sql: 'CREATE TABLE half_done (id integer); SELECT 1 / 0' },
    ];
    try {
      await expect(migratePostgres(first, { migrations })).rejects.toMatchObject({
        code: 'postgres_migration_failed',
        message: expect.stringMatching(/migration 2 \(broken\) failed .*division by zero/),
      });
      expect(await versions()).toEqual([{ version: 1 }]);
      expect((await first.query(`SELECT tablename FROM pg_tables WHERE tablename IN ('kept', 'half_done')`)).rows).toEqual([
        { tablename: 'kept' },
      ]);

      const fixed = [migrations[0]!, { version: 2, name: 'fixed', sql: 'CREATE TABLE half_done (id integer)' }];
      expect(await migratePostgres(second, { migrations: fixed })).toEqual({ applied: [2] });
    } finally {
      await close();
    }
  });

  test('when another instance holds the migration lock too long, then start-up fails with a clear error', async () => {
    const { first, second, close } = await setup();
    try {
      await first.withConnection(async (session) => {
        await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await expect(migratePostgres(second, { lockTimeoutMs: 200 })).rejects.toMatchObject({
          code: 'postgres_migration_lock_timeout',
          message: expect.stringContaining(second.target),
        });
      });
      // The lock went with the connection that held it.
      expect((await migratePostgres(second)).applied).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    } finally {
      await close();
    }
  });
});
