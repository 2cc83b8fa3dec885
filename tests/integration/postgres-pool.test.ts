import { readPostgresConfig } from '../../src/platform/postgres-config';
import { StoreUnavailableError } from '../../src/platform/errors';
import { PostgresError } from '../../src/store/postgres/postgres-error';
import { PostgresPool } from '../../src/store/postgres/postgres-pool';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../helpers/postgres';

/** A repository's write, called deep inside a turn: it asks the pool for the current client itself. */
function insertName(pool: PostgresPool, name: string): Promise<unknown> {
  return pool.query('INSERT INTO t (name) VALUES ($1)', [name]);
}

describeWithPostgres('PostgresPool', () => {
  let db: TestDatabase;
  let pool: PostgresPool;
  /** Another instance's view of the database: sees only what was committed. */
  let other: PostgresPool;

  const committed = async () => (await other.query<{ name: string }>('SELECT name FROM t ORDER BY id')).rows.map((r) => r.name);

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = await PostgresPool.open(db.config);
    other = await PostgresPool.open(db.config);
    await pool.query('CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE)');
  });
  beforeEach(() => pool.query('TRUNCATE t'));
  afterAll(async () => {
    await pool?.close();
    await other?.close();
  });

  describe('firstInTransaction', () => {
    test('when a key is named twice in one transaction, then only the first is first; the next transaction starts afresh', async () => {
      const seen: boolean[] = [];
      await pool.withTransaction(async () => {
        seen.push(pool.firstInTransaction('lane:a'), pool.firstInTransaction('lane:a'), pool.firstInTransaction('lane:b'));
        await pool.withTransaction(async () => {
          seen.push(pool.firstInTransaction('lane:a'));
        });
      });
      await pool.withTransaction(async () => {
        seen.push(pool.firstInTransaction('lane:a'));
      });
      expect(seen).toEqual([true, false, true, false, true]);
    });

    test('when the savepoint that named a key rolls back, then the key is first again (its work was undone with it)', async () => {
      const seen: boolean[] = [];
      await pool.withTransaction(async () => {
        await pool
          .withTransaction(async () => {
            seen.push(pool.firstInTransaction('lane:a'));
            throw new Error('undone');
          })
          .catch(() => undefined);
        seen.push(pool.firstInTransaction('lane:a'));
        await pool.withTransaction(async () => {
          seen.push(pool.firstInTransaction('lane:c'));
        });
        seen.push(pool.firstInTransaction('lane:c'));
      });
      expect(seen).toEqual([true, true, true, false]);
    });

    test('when no transaction is open, then every call is first (each statement commits on its own)', () => {
      expect([pool.firstInTransaction('lane:a'), pool.firstInTransaction('lane:a')]).toEqual([true, true]);
    });
  });

  describe('open', () => {
    test('when the server answers, then ping is true and bigint values come back as numbers', async () => {
      expect(await pool.ping()).toBe(true);
      expect((await pool.query('SELECT 9007199254740991::bigint AS n, count(*) AS c FROM t')).rows).toEqual([
        { n: 9007199254740991, c: 0 },
      ]);
      await expect(pool.query('SELECT 9007199254740993::bigint AS n')).rejects.toMatchObject({ code: 'postgres_integer_out_of_range' });
    });

    test('when the password is wrong, then opening fails naming host:port/database and never the password', async () => {
      const wrong = db.url.replace(/:([^:@/]+)@/, ':Wr0ng-S3cret@');
      const config = readPostgresConfig({ DATABASE_URL: wrong })!;

      const error = await PostgresPool.open(config).catch((err: unknown) => err);

      expect(error).toBeInstanceOf(PostgresError);
      expect(error).toMatchObject({ code: 'postgres_unreachable', message: expect.stringContaining(`127.0.0.1:${db.port}/${db.name}`) });
      expect((error as Error).message).toMatch(/password authentication failed/);
      expect((error as Error).message).not.toContain('Wr0ng-S3cret');
    });

    test('when nothing listens at the address, then opening fails naming it', async () => {
      const config = readPostgresConfig({ DATABASE_URL: 'postgres://u:Secret-1@127.0.0.1:1/nowhere' })!;
      const error = await PostgresPool.open(config, { connectTimeoutMs: 1000 }).catch((err: unknown) => err);
      expect(error).toMatchObject({
        code: 'postgres_unreachable',
        message: expect.stringMatching(/127\.0\.0\.1:1\/nowhere: .*ECONNREFUSED/),
      });
      expect((error as Error).message).not.toContain('Secret-1');
    });
  });

  describe('withTransaction', () => {
    test('when the block returns, then its writes commit together, and until then only the block sees them', async () => {
      const seenInside = await pool.withTransaction(async () => {
        await insertName(pool, 'turn state');
        await insertName(pool, 'outgoing reply');
        const inside = (await pool.query<{ name: string }>('SELECT name FROM t ORDER BY id')).rows.map((r) => r.name);
        expect(await committed()).toEqual([]);
        expect(pool.inTransaction).toBe(true);
        return inside;
      });

      expect(seenInside).toEqual(['turn state', 'outgoing reply']);
      expect(await committed()).toEqual(['turn state', 'outgoing reply']);
      expect(pool.inTransaction).toBe(false);
    });

    test('when the block throws, then nothing of it is written and the error comes back unchanged', async () => {
      const failure = new Error('send failed');
      await expect(
        pool.withTransaction(async (tx) => {
          await tx.query('INSERT INTO t (name) VALUES ($1)', ['turn state']);
          await insertName(pool, 'outgoing reply');
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await committed()).toEqual([]);
    });

    test('when a statement fails inside, then the transaction rolls back and the connection serves the next one', async () => {
      await pool.query('INSERT INTO t (name) VALUES ($1)', ['taken']);
      await expect(
        pool.withTransaction(async () => {
          await insertName(pool, 'new');
          await insertName(pool, 'taken');
        }),
      ).rejects.toMatchObject({ code: '23505' });
      await pool.withTransaction(() => insertName(pool, 'after'));
      expect(await committed()).toEqual(['taken', 'after']);
    });

    test('when a nested block throws and the outer block catches it, then only the nested writes are undone', async () => {
      await pool.withTransaction(async () => {
        await insertName(pool, 'outer before');
        await pool.withTransaction(() => insertName(pool, 'nested kept'));
        await pool
          .withTransaction(async () => {
            await insertName(pool, 'nested undone');
            throw new Error('nested failure');
          })
          .catch(() => undefined);
        await insertName(pool, 'outer after');
      });
      expect(await committed()).toEqual(['outer before', 'nested kept', 'outer after']);
    });

    test('when a nested block throws and the outer block does not catch it, then everything rolls back', async () => {
      await expect(
        pool.withTransaction(async () => {
          await insertName(pool, 'outer');
          await pool.withTransaction(async () => {
            await insertName(pool, 'nested');
            throw new Error('nested failure');
          });
        }),
      ).rejects.toThrow('nested failure');
      expect(await committed()).toEqual([]);
    });

    test('when nested blocks start side by side, then they take turns and one failing undoes only its own writes', async () => {
      await pool.withTransaction(async () => {
        const results = await Promise.allSettled([
          pool.withTransaction(async () => {
            await insertName(pool, 'a1');
            await new Promise((resolve) => setTimeout(resolve, 20));
            await insertName(pool, 'a2');
          }),
          pool.withTransaction(async () => {
            await insertName(pool, 'b1');
            throw new Error('b failed');
          }),
          pool.withTransaction(() => insertName(pool, 'c1')),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      });
      expect(await committed()).toEqual(['a1', 'a2', 'c1']);
    });

    test('when other work runs at the same time outside the transaction, then it is not part of it', async () => {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const transaction = pool.withTransaction(async () => {
        await insertName(pool, 'in the failed turn');
        await held;
        throw new Error('turn failed');
      });
      try {
        await insertName(pool, 'another conversation');
        expect(pool.inTransaction).toBe(false);
      } finally {
        release();
      }

      await expect(transaction).rejects.toThrow('turn failed');
      expect(await committed()).toEqual(['another conversation']);
    });

    test('when work started inside a transaction outlives it, then its later statements go to the pool', async () => {
      let later: Promise<unknown> = Promise.resolve();
      await pool.withTransaction(async () => {
        await insertName(pool, 'turn');
        later = new Promise((resolve) => setTimeout(resolve, 30)).then(() => insertName(pool, 'background'));
      });
      await later;
      expect(await committed()).toEqual(['turn', 'background']);
    });
  });

  describe('withinTransaction', () => {
    test('when no transaction is open, then the block is a transaction of its own', async () => {
      await expect(
        pool.withinTransaction(async () => {
          await insertName(pool, 'alone');
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      await pool.withinTransaction(() => insertName(pool, 'kept'));
      expect(await committed()).toEqual(['kept']);
    });

    test('when a joined block throws and the outer block catches it, then the outer transaction still cannot commit', async () => {
      await expect(
        pool.withTransaction(async () => {
          await insertName(pool, 'outer');
          await pool
            .withinTransaction(async () => {
              await insertName(pool, 'joined');
              throw new Error('joined failed');
            })
            .catch(() => undefined);
          await insertName(pool, 'after');
        }),
      ).rejects.toThrow('joined failed');
      expect(await committed()).toEqual([]);
    });

    test('when a joined block succeeds, then its writes commit with the outer ones', async () => {
      await pool.withTransaction(async () => {
        await insertName(pool, 'outer');
        await pool.withinTransaction(() => insertName(pool, 'joined'));
        expect(await committed()).toEqual([]);
      });
      expect(await committed()).toEqual(['outer', 'joined']);
    });
  });

  describe('prepared statements', () => {
    /** A table of its own, changed under statements the pool has prepared, as a newer instance's migration would. */
    const addColumn = async (column: string) => other.query(`ALTER TABLE s ADD COLUMN ${column} text`);
    const readS = () => pool.query<Record<string, unknown>>('SELECT * FROM s WHERE id = $1', [1]);

    beforeAll(async () => {
      await pool.query('CREATE TABLE s (id bigint PRIMARY KEY)');
      await pool.query('INSERT INTO s (id) VALUES ($1)', [1]);
    });

    test('when another instance adds a column under a prepared statement, then the next run still answers, with the column', async () => {
      // Every connection of the pool prepares the statement, so the change meets a prepared one whichever runs next.
      await Promise.all(Array.from({ length: 10 }, () => readS()));
      await addColumn('first_added');
      await expect(Promise.all(Array.from({ length: 10 }, () => readS()))).resolves.toHaveLength(10);
      expect(Object.keys((await readS()).rows[0]!)).toEqual(['id', 'first_added']);
    });

    test('when a transaction meets the changed table, then it fails as "database busy" (retried), and the retry works', async () => {
      await Promise.all(Array.from({ length: 10 }, () => pool.withTransaction(() => readS())));
      await addColumn('second_added');
      const attempt = () => pool.withTransaction(async () => (await readS()).rows[0]);
      let failed = 0;
      let row: Record<string, unknown> | undefined;
      // Each transaction that meets a stale plan closes its connection; within the pool's size, all are fresh.
      for (let i = 0; i < 12 && !row; i += 1) {
        row = await attempt().catch((err: unknown) => {
          expect(err).toBeInstanceOf(StoreUnavailableError);
          failed += 1;
          return undefined;
        });
      }
      expect(row && Object.keys(row)).toEqual(['id', 'first_added', 'second_added']);
      expect(failed).toBeLessThanOrEqual(10);
    });
  });

  describe('withConnection', () => {
    test('when a block sets session state, then no later user of the pool inherits it', async () => {
      const single = await PostgresPool.open(readPostgresConfig({ DATABASE_URL: db.url, PGPOOL_MAX: '1' })!);
      try {
        await single.withConnection(async (session) => {
          await session.query(`SET statement_timeout = '1234ms'`);
          await single.withTransaction(() => insertName(single, 'in the session'));
          expect((await single.query('SHOW statement_timeout')).rows).toEqual([{ statement_timeout: '1234ms' }]);
        });
        expect((await single.query('SHOW statement_timeout')).rows).toEqual([{ statement_timeout: '0' }]);
        expect(await committed()).toEqual(['in the session']);
      } finally {
        await single.close();
      }
    });
  });

  describe('ping and faults', () => {
    test('when no connection comes free in time, then ping answers false after its timeout, and true again later', async () => {
      const single = await PostgresPool.open(readPostgresConfig({ DATABASE_URL: db.url, PGPOOL_MAX: '1' })!);
      let release: () => void = () => undefined;
      const busy = single.withTransaction(() => new Promise<void>((resolve) => (release = resolve)));
      try {
        const started = performance.now();
        expect(await single.ping(150)).toBe(false);
        expect(performance.now() - started).toBeLessThan(1000);
        release();
        await busy;
        expect(await single.ping()).toBe(true);
      } finally {
        // The pool closes only once the busy connection is back.
        release();
        await busy;
        await single.close();
      }
    });

    test('when every connection is busy, then work run urgently gets the next free one before work that waited longer', async () => {
      const single = await PostgresPool.open(readPostgresConfig({ DATABASE_URL: db.url, PGPOOL_MAX: '1' })!);
      let release: () => void = () => undefined;
      const busy = single.withTransaction(() => new Promise<void>((resolve) => (release = resolve)));
      const order: string[] = [];
      try {
        await new Promise((r) => setTimeout(r, 50));
        const ordinary = [1, 2, 3].map((n) => single.query('SELECT 1').then(() => void order.push(`ordinary ${n}`)));
        const urgent = single.urgently(() => single.query('SELECT 1')).then(() => void order.push('urgent'));
        release();
        await Promise.all([busy, ...ordinary, urgent]);
        expect(order).toEqual(['urgent', 'ordinary 1', 'ordinary 2', 'ordinary 3']);
      } finally {
        release();
        await busy;
        await single.close();
      }
    });

    test('when the server drops an idle connection, then the pool logs it, lives on, and the next query works', async () => {
      const warnings: unknown[] = [];
      const watched = await PostgresPool.open(db.config, { logger: { warn: (details: unknown) => void warnings.push(details) } });
      try {
        const { rows } = await watched.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await other.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        const deadline = Date.now() + 5000;
        while (warnings.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));

        expect(warnings).toEqual([expect.objectContaining({ target: db.config.target })]);
        expect((await watched.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
      } finally {
        await watched.close();
      }
    });

    test('when the pool is closed, then ping is false and closing again is harmless', async () => {
      const closing = await PostgresPool.open(db.config);
      await closing.close();
      await closing.close();
      expect(await closing.ping(200)).toBe(false);
    });
  });
});
