/**
 * An instance of the job queue in a process of its own, for the crash test: it takes jobs of the
 * `hold` task and never finishes them, printing `holding <n>` when it has one, until it is killed.
 */
import { createLogger } from '../../src/platform/logger';
import { readPostgresConfig } from '../../src/platform/postgres-config';
import { installJobQueueSchema, JobQueue } from '../../src/store/postgres/job-queue';
import { PostgresPool } from '../../src/store/postgres/postgres-pool';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? '';
  const config = readPostgresConfig({ DATABASE_URL: url });
  if (!config) throw new Error('DATABASE_URL is not set');
  const pool = await PostgresPool.open(config);
  await installJobQueueSchema(pool, url, createLogger('silent'));
  await JobQueue.start({
    pool,
    connectionString: url,
    instanceId: process.env.INSTANCE_ID ?? 'child',
    concurrency: 2,
    timings: { heartbeatMs: 200, deadAfterMs: 1500, pollIntervalMs: 100 },
    log: createLogger('silent'),
    tasks: {
      hold: (payload) => {
        process.stdout.write(`holding ${String((payload as { n?: unknown }).n)}\n`);
        return new Promise<void>(() => undefined);
      },
    },
  });
  process.stdout.write('ready\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
