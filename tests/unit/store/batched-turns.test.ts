import { scratchDb } from '../../helpers/scratch-db';

function setup() {
  const scratch = scratchDb();
  return { ...scratch, tx: { run: <T>(unit: () => Promise<T>) => scratch.sql.batched(unit) } };
}

/** Bot turns: units of work queued together, each atomic, sharing one commit (group commit). */
describe('batched transactions: turns', () => {
  it('when units queued together run, then each one commits and their results arrive after the commit', async () => {
    const { db, insert, names, tx } = setup();
    const seen: boolean[] = [];
    const units = ['a', 'b', 'c'].map((n) =>
      tx
        .run(async () => {
          insert(n);
          await Promise.resolve();
          return n;
        })
        .then((value: string) => {
          seen.push(db.inTransaction);
          return value;
        }),
    );
    await expect(Promise.all(units)).resolves.toEqual(['a', 'b', 'c']);
    expect(names()).toEqual(['a', 'b', 'c']);
    expect(seen).toEqual([false, false, false]);
  });

  it('when one unit of a group throws after writing, then only its writes are undone and the others commit', async () => {
    const { insert, names, tx } = setup();
    const good1 = tx.run(async () => insert('kept 1'));
    const bad = tx.run(async () => {
      insert('undone');
      await Promise.resolve();
      throw new Error('turn failed');
    });
    const good2 = tx.run(async () => insert('kept 2'));
    const [r1, rBad, r2] = await Promise.allSettled([good1, bad, good2]);
    expect([r1.status, rBad.status, r2.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((rBad as PromiseRejectedResult).reason).toEqual(new Error('turn failed'));
    expect(names()).toEqual(['kept 1', 'kept 2']);
  });

  it('when a unit uses a nested transaction, then its writes commit with it', async () => {
    const { db, insert, names, tx } = setup();
    await tx.run(async () => {
      db.transaction(() => {
        insert('inner 1');
        insert('inner 2');
      })();
    });
    expect(names()).toEqual(['inner 1', 'inner 2']);
  });

  it('when the commit itself fails, then every unit of the group fails and nothing is written', async () => {
    const { db, insert, names, tx } = setup();
    // A deferred foreign key that is still broken at COMMIT makes the whole commit fail.
    db.exec(
      'PRAGMA foreign_keys = ON; CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)',
    );
    const a = tx.run(async () => insert('a'));
    const b = tx.run(async () => void db.prepare('INSERT INTO child (p) VALUES (42)').run());
    const [ra, rb] = await Promise.allSettled([a, b]);
    expect(ra.status).toBe('rejected');
    expect(rb.status).toBe('rejected');
    expect(names()).toEqual([]);
    expect(db.inTransaction).toBe(false);
  });

  it('when units arrive while a group is running, then they run in a later group in arrival order', async () => {
    const { db, insert, names, tx } = setup();
    const later: Promise<unknown>[] = [];
    const seenByLater: string[][] = [];
    // Asked for by another flow while the first group is open (waiting on a timer).
    setTimeout(() => {
      later.push(
        tx.run(async () => {
          seenByLater.push(names());
          insert('second');
        }),
      );
      later.push(tx.run(async () => insert('third')));
    }, 5);
    const first = tx.run(async () => {
      insert('first');
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    await first;
    await Promise.all(later);
    expect(names()).toEqual(['first', 'second', 'third']);
    expect(seenByLater).toEqual([['first']]);
    expect(db.inTransaction).toBe(false);
  });

  it('when a unit asks for more units from inside itself, then they join it and commit with it, in order', async () => {
    const { insert, names, tx } = setup();
    const inner: Promise<unknown>[] = [];
    await tx.run(async () => {
      insert('first');
      inner.push(tx.run(async () => insert('second')));
      inner.push(tx.run(async () => insert('third')));
    });
    await Promise.all(inner);
    expect(names()).toEqual(['first', 'second', 'third']);
  });
});
