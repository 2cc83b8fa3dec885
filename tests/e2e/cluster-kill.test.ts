import { runCluster } from '../../src/cli/bench/cluster-bench';
import { ensureBuilt } from '../helpers/ensure-built';
import { createTestDatabase, describeWithPostgres } from '../helpers/postgres';

// Two built servers start, one is killed and its work waits out the 30 s until the other takes it.
jest.setTimeout(180_000);

describeWithPostgres('Two instances on PostgreSQL, one killed with SIGKILL mid-run', () => {
  test('then no acknowledged message and no reply is lost, none goes out of order, and duplicates are only the sends in flight', async () => {
    ensureBuilt();
    const { url } = await createTestDatabase();
    const report = await runCluster({ patients: 12, messagesPerPatient: 2, delayMs: 150, killAfter: 10, backlog: 0, databaseUrl: url });
    expect(report.acknowledged).toBe(24);
    expect(report.lostInbound).toBe(0);
    expect(report.deliveries.written).toBeGreaterThanOrEqual(24);
    expect(report.deliveries.lost).toBe(0);
    expect(report.deliveries.outOfOrder).toBe(0);
    expect(report.deliveries.maxDuplicatesPerPatient).toBeLessThanOrEqual(1);
    // The killed instance's jobs came back well within a minute.
    expect(report.recoveredAfterMs).toBeLessThan(60_000);
  });
});
