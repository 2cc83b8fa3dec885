import { scratchDb } from '../../helpers/scratch-db';

function setup() {
  const scratch = scratchDb();
  return { ...scratch, batcher: { run: (write: () => void) => scratch.sql.batched(async () => write()) } };
}

/** Delivery results: small writes arriving close together share one commit. */
describe('batched transactions: results', () => {
  it('when writes arrive in the same tick, then they commit together and each caller goes on after the commit', async () => {
    const { db, insert, names, batcher } = setup();
    const after: string[][] = [];
    await Promise.all(['a', 'b', 'c'].map((n) => batcher.run(() => insert(n)).then(() => after.push(names()))));
    expect(names()).toEqual(['a', 'b', 'c']);
    // Every caller already sees all three rows: the batch was committed before any of them resumed.
    expect(after).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
    ]);
    expect(db.inTransaction).toBe(false);
  });

  it('when one write throws, then only it is undone and only its caller sees the error', async () => {
    const { insert, names, batcher } = setup();
    const ok1 = batcher.run(() => insert('kept 1'));
    const bad = batcher.run(() => {
      insert('undone');
      throw new Error('write failed');
    });
    const ok2 = batcher.run(() => insert('kept 2'));
    const [r1, rBad, r2] = await Promise.allSettled([ok1, bad, ok2]);
    expect([r1.status, rBad.status, r2.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((rBad as PromiseRejectedResult).reason).toEqual(new Error('write failed'));
    expect(names()).toEqual(['kept 1', 'kept 2']);
  });

  it('when writes arrive after a flush, then they form a new batch', async () => {
    const { insert, names, batcher } = setup();
    await batcher.run(() => insert('first'));
    await batcher.run(() => insert('second'));
    expect(names()).toEqual(['first', 'second']);
  });
});
