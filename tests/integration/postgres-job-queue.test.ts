import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createLogger } from '../../src/platform/logger';
import { addJob, installJobQueueSchema, JobQueue } from '../../src/store/postgres/job-queue';
import { PostgresPool } from '../../src/store/postgres/postgres-pool';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../helpers/postgres';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..', '..');

describeWithPostgres('The PostgreSQL job queue', () => {
  let db: TestDatabase;
  let pool: PostgresPool;
  const queues: JobQueue[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = await PostgresPool.open(db.config);
    await installJobQueueSchema(pool, db.url, createLogger('silent'));
  });
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.stop()));
    await pool.query('DELETE FROM graphile_worker._private_jobs').catch(() => undefined);
  });
  afterAll(async () => {
    await pool?.close();
  });

  async function start(
    tasks: Record<string, (payload: unknown) => Promise<void>>,
    extra: { concurrency?: number; instanceId?: string } = {},
  ): Promise<JobQueue> {
    const queue = await JobQueue.start({
      pool,
      connectionString: db.url,
      instanceId: extra.instanceId ?? `test-${queues.length}`,
      concurrency: extra.concurrency ?? 4,
      timings: { heartbeatMs: 200, deadAfterMs: 1500, pollIntervalMs: 100 },
      log: createLogger('silent'),
      tasks,
    });
    queues.push(queue);
    return queue;
  }

  test('when a job is added inside a transaction, then it runs only if the transaction commits', async () => {
    const ran: number[] = [];
    await start({ record: async (p) => void ran.push((p as { n: number }).n) });
    await pool.withTransaction(async (tx) => addJob(tx, { task: 'record', payload: { n: 1 } }));
    await pool
      .withTransaction(async (tx) => {
        await addJob(tx, { task: 'record', payload: { n: 2 } });
        throw new Error('the turn failed');
      })
      .catch(() => undefined);
    await waitFor(() => ran.length === 1, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(ran).toEqual([1]);
  });

  test('when jobs share a named queue, then they run one at a time in the order they were added, while another queue runs beside them', async () => {
    const events: string[] = [];
    let running = 0;
    let overlap = false;
    const step = async (p: unknown) => {
      const { queue, n } = p as { queue: string; n: number };
      if (queue === 'patient-a') {
        running += 1;
        if (running > 1) overlap = true;
      }
      events.push(`${queue}:${n}`);
      await new Promise((r) => setTimeout(r, 30));
      if (queue === 'patient-a') running -= 1;
    };
    await start({ step });
    for (let n = 1; n <= 5; n += 1) {
      await addJob(pool.current(), { task: 'step', payload: { queue: 'patient-a', n }, queue: 'patient-a' });
      await addJob(pool.current(), { task: 'step', payload: { queue: 'patient-b', n }, queue: 'patient-b' });
    }
    await waitFor(() => events.length === 10, 15_000);
    expect(overlap).toBe(false);
    expect(events.filter((e) => e.startsWith('patient-a'))).toEqual([1, 2, 3, 4, 5].map((n) => `patient-a:${n}`));
    expect(events.filter((e) => e.startsWith('patient-b'))).toEqual([1, 2, 3, 4, 5].map((n) => `patient-b:${n}`));
  });

  test('when an urgent job is added behind ordinary ones, then it runs before them', async () => {
    const order: string[] = [];
    for (let n = 1; n <= 5; n += 1) await addJob(pool.current(), { task: 'work', payload: { name: `ordinary-${n}` }, queue: `p${n}` });
    await addJob(pool.current(), { task: 'work', payload: { name: 'emergency' }, queue: 'p9', priority: -10 });
    await start({ work: async (p) => void order.push((p as { name: string }).name) }, { concurrency: 1 });
    await waitFor(() => order.length === 6, 15_000);
    expect(order[0]).toBe('emergency');
  });

  test('when an instance is killed holding jobs, then another instance runs them within seconds, not hours', async () => {
    let child: ChildProcess | undefined;
    try {
      // Node itself runs the instance (tsx as a loader, not tsx's CLI, which would be a second process).
      child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/job-queue-child.ts'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db.url, INSTANCE_ID: 'doomed' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await waitFor(() => out.includes('ready'), 30_000);
      await addJob(pool.current(), { task: 'hold', payload: { n: 1 }, queue: 'patient-c' });
      await addJob(pool.current(), { task: 'hold', payload: { n: 2 }, queue: 'patient-c' });
      await waitFor(() => out.includes('holding 1'), 15_000);
      const locked = await pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL',
      );
      expect(locked.rows[0]?.n).toBe(1);

      child.kill('SIGKILL');
      const killedAt = Date.now();
      const ran: number[] = [];
      await start({ hold: async (p) => void ran.push((p as { n: number }).n) }, { instanceId: 'survivor' });
      await waitFor(() => ran.length === 2, 20_000);
      // The dead instance's job first, then the one queued behind it: the patient's order holds.
      expect(ran).toEqual([1, 2]);
      expect(Date.now() - killedAt).toBeLessThan(10_000);
    } finally {
      child?.kill('SIGKILL');
    }
  });
});
