import { scratchDb } from '../../helpers/scratch-db';

const tick = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SQLite transactions on one connection', () => {
  it('when a transaction throws, then none of its writes stay', async () => {
    const { sql, insert, names } = scratchDb();
    await expect(
      sql.transaction(async () => {
        await sql.run(() => insert('a'));
        await tick();
        throw new Error('failed');
      }),
    ).rejects.toThrow('failed');
    expect(names()).toEqual([]);
  });

  it('when another flow writes while a transaction is open, then its write waits for the commit and survives a rollback', async () => {
    const { db, sql, insert, names } = scratchDb();
    const seen: boolean[] = [];
    // Another flow: its write comes while the transaction below waits on a timer.
    const outside = new Promise<void>((resolve, reject) => {
      setTimeout(() => {
        sql
          .run(() => {
            seen.push(db.inTransaction);
            insert('outside');
          })
          .then(resolve, reject);
      }, 5);
    });
    const failing = sql.transaction(async () => {
      await sql.run(() => insert('inside'));
      await tick(20);
      throw new Error('rolled back');
    });
    await expect(failing).rejects.toThrow('rolled back');
    await outside;
    expect(names()).toEqual(['outside']);
    expect(seen).toEqual([false]);
  });

  it('when two flows open transactions at once, then they run one after the other', async () => {
    const { sql, insert, names } = scratchDb();
    const flow = (n: string) =>
      sql.transaction(async () => {
        await sql.run(() => insert(`${n}1`));
        await tick();
        await sql.run(() => insert(`${n}2`));
      });
    await Promise.all([flow('a'), flow('b')]);
    expect(names()).toEqual(['a1', 'a2', 'b1', 'b2']);
  });

  it('when a transaction is opened inside another, then it is a savepoint: its throw undoes only its own writes', async () => {
    const { sql, insert, names } = scratchDb();
    await sql.transaction(async () => {
      await sql.run(() => insert('outer'));
      await sql
        .transaction(async () => {
          await sql.run(() => insert('inner'));
          throw new Error('inner failed');
        })
        .catch(() => undefined);
      await sql.run(() => insert('outer again'));
    });
    expect(names()).toEqual(['outer', 'outer again']);
  });

  it('when an outer transaction throws after a savepoint was released, then the savepoint is undone too', async () => {
    const { sql, insert, names } = scratchDb();
    await expect(
      sql.transaction(async () => {
        await sql.transaction(async () => sql.run(() => insert('inner')));
        throw new Error('outer failed');
      }),
    ).rejects.toThrow('outer failed');
    expect(names()).toEqual([]);
  });

  it('when the connection closes, then transactions asked for before it have finished first', async () => {
    const { db, sql, insert } = scratchDb();
    const done = sql.transaction(async () => {
      await tick();
      await sql.run(() => insert('last'));
    });
    await sql.close();
    await done;
    expect(db.open).toBe(false);
  });
});
