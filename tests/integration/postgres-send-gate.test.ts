import { PostgresSendGateRepo } from '../../src/conversation/outbox/postgres-send-gate-repo';
import { PostgresPool } from '../../src/store/postgres/postgres-pool';
import { createMigratedTestDatabase, describeWithPostgres } from '../helpers/postgres';

describeWithPostgres('The send gate shared by instances on PostgreSQL', () => {
  let pools: PostgresPool[] = [];
  let a: PostgresSendGateRepo;
  let b: PostgresSendGateRepo;

  beforeAll(async () => {
    const db = await createMigratedTestDatabase();
    // Two pools stand for two instances: all they share is the database.
    pools = [await PostgresPool.open(db.config), await PostgresPool.open(db.config)];
    a = new PostgresSendGateRepo(pools[0]!);
    b = new PostgresSendGateRepo(pools[1]!);
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  test('when one instance is told to pause a channel, then the other sees the pause, and a shorter pause never cuts it', async () => {
    expect(await b.pausedUntil('messenger')).toBe(0);
    await a.pause('messenger', 2_000_000);
    await b.pause('messenger', 1_000_000);
    expect(await b.pausedUntil('messenger')).toBe(2_000_000);
    expect(await a.pausedUntil('x')).toBe(0);
  });

  test('when two instances send in the same second, then together they take the limit, and the rest wait for the next second', async () => {
    const now = 5_000_000_250;
    const taken = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).takeSend('messenger', now, 6)));
    expect(taken.filter((t) => t === undefined)).toHaveLength(6);
    expect(taken.filter((t) => t !== undefined)).toEqual(Array.from({ length: 4 }, () => 5_000_001_000));
    expect(await a.takeSend('messenger', now + 750, 6)).toBeUndefined();
  });
});
