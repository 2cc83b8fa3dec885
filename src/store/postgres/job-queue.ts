import { EventEmitter } from 'node:events';
import { Logger as WorkerLogger, run, runMigrations, type Runner, type Task, type WorkerEvents } from 'graphile-worker';
import type { Logger } from '../../platform/logger';
import { errorCodeOf, type WorkerHealth } from '../../platform/worker-health';
import type { PostgresPool, PostgresQueryable } from './postgres-pool';

/** The job queue's own schema; jobs live there unless their spec names another. */
export const DEFAULT_JOB_SCHEMA = 'graphile_worker';

/**
 * Every schema a job queue may use here: the default, and one for outgoing messages. A worker
 * looking for a job locks every free named queue of its schema, so work of very different
 * kinds (a few turns at once, many sends at once) keeps its queues apart, each worker locking
 * only its own kind's.
 */
export const JOB_SCHEMAS = [DEFAULT_JOB_SCHEMA, 'graphile_worker_outbox'] as const;
export type JobSchema = (typeof JOB_SCHEMAS)[number];

/** One unit of background work, as the queue stores it. */
export interface JobSpec {
  /** Which job queue (schema) holds it; the default one when absent. */
  schema?: JobSchema;
  /** Which handler runs it. */
  task: string;
  payload: Record<string, unknown>;
  /** Jobs of one named queue run one at a time, in order (one conversation, one recipient). */
  queue?: string;
  /** Lower runs first across queues (the emergency lane is negative). */
  priority?: number;
  /** Epoch ms; now when absent. */
  runAt?: number;
  /** At most one waiting job per key: adding it again updates the waiting one instead of adding a second. */
  jobKey?: string;
  maxAttempts?: number;
}

/**
 * Adds a job on `db`. Given a transaction's client, the job exists only if that transaction commits,
 * so a turn's writes and the jobs that send its replies are one atomic change.
 */
export async function addJob(db: PostgresQueryable, job: JobSpec): Promise<void> {
  const { call, values } = addJobCall(job, 1);
  await db.query(`SELECT ${call}`, values);
}

/**
 * The queue's `add_job` call for `job` as an SQL expression whose parameters are numbered from
 * `first`, with their values: for a statement that writes a row and adds its job at once.
 */
export function addJobCall(job: JobSpec, first: number): { call: string; values: unknown[] } {
  const p = (n: number) => `$${first + n}`;
  return {
    call: `${job.schema ?? DEFAULT_JOB_SCHEMA}.add_job(${p(0)}, ${p(1)}::json, queue_name => ${p(2)},
             run_at => COALESCE(to_timestamp(${p(3)}::double precision / 1000), now()),
             max_attempts => COALESCE(${p(4)}::int, 25), job_key => ${p(5)}, priority => COALESCE(${p(6)}::int, 0))`,
    values: [
      job.task,
      JSON.stringify(job.payload),
      job.queue ?? null,
      job.runAt ?? null,
      job.maxAttempts ?? null,
      job.jobKey ?? null,
      job.priority ?? null,
    ],
  };
}

export interface JobQueueOptions {
  /** The store's pool: heartbeats and the recovery sweep run on it. */
  pool: PostgresPool;
  /** DATABASE_URL: the job queue keeps a pool of its own for claiming jobs. */
  connectionString: string;
  /** This instance, e.g. host:pid; unique among the instances sharing the database. */
  instanceId: string;
  tasks: Readonly<Record<string, (payload: unknown) => Promise<void>>>;
  /** Jobs run at once by this instance. */
  concurrency: number;
  /** The schema whose jobs these workers take (the default one when absent). */
  schema?: JobSchema;
  log: Logger;
  /** Where a heartbeat that keeps failing shows (/readyz, /metrics), as `job-queue`. */
  health?: WorkerHealth;
  timings?: JobQueueTimings;
}

/** How quickly instances notice each other (tests shorten these). */
export interface JobQueueTimings {
  /** How often this instance says it is alive (default 5 s). */
  heartbeatMs?: number;
  /** An instance silent this long is dead: its locked jobs go back to the queue (default 30 s). */
  deadAfterMs?: number;
  /**
   * How often each idle worker looks for due jobs on its own (default 10 s). New jobs wake workers
   * through LISTEN/NOTIFY and jobs due later through `wakeWorkersAt`, so this only catches what no
   * one announced (a job a stopped instance scheduled for later); every idle worker's look is a query.
   */
  pollIntervalMs?: number;
}

const DEFAULT_POLL_INTERVAL_MS = 10_000;

/** graphile-worker's wake-up channel: its payload's `count` wakes that many idle workers per instance. */
const JOBS_INSERTED_CHANNEL = 'jobs:insert';

/** Wakes `count` idle workers of every instance now, as adding that many jobs would. */
export async function wakeWorkers(db: PostgresQueryable, count = 1): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [JOBS_INSERTED_CHANNEL, JSON.stringify({ count })]);
}

/**
 * Wakes idle workers when jobs scheduled for later come due, instead of every worker polling for
 * them: one timer per due time (to the nearest 50 ms), announced to every instance. A wake-up
 * that finds the job not due yet (clocks a little apart) falls back to the workers' polling.
 */
export class DueWakeups {
  private readonly timers = new Map<number, { timer: NodeJS.Timeout; count: number }>();
  private stopped = false;

  constructor(
    private readonly db: PostgresQueryable,
    private readonly now: () => number,
    private readonly onError: (err: unknown) => void,
  ) {}

  at(runAt: number): void {
    if (this.stopped) return;
    const slot = Math.ceil(runAt / 50) * 50 + 25;
    const pending = this.timers.get(slot);
    if (pending) {
      pending.count += 1;
      return;
    }
    const entry = { count: 1, timer: setTimeout(() => this.fire(slot), Math.max(0, slot - this.now())) };
    entry.timer.unref();
    this.timers.set(slot, entry);
  }

  stop(): void {
    this.stopped = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private fire(slot: number): void {
    const entry = this.timers.get(slot);
    this.timers.delete(slot);
    if (!entry || this.stopped) return;
    wakeWorkers(this.db, entry.count).catch(this.onError);
  }
}

/** The job queue's own connections per runner, however many jobs it runs at once. */
const MAX_QUEUE_CONNECTIONS = 6;

/** Serialises setup across instances: the job queue's schema and tables are created once. */
const SETUP_LOCK_KEY = 7_413_001;

/** graphile-worker's own log lines go to ours; they name jobs and tasks, never payloads. */
function jobQueueLogger(log: Pick<Logger, 'error' | 'warn'>): WorkerLogger {
  return new WorkerLogger(() => (level: string, message: string) => {
    // Its pool only fetches and settles jobs (their work uses the store's pool): a small one is meant.
    if (message.startsWith('WARNING: having maxPoolSize')) return;
    if (level === 'error') log.error({ component: 'job-queue' }, message);
    else if (level === 'warning') log.warn({ component: 'job-queue' }, message);
  });
}

/**
 * Creates (or upgrades) the job queue's schema and the instance list, once across instances
 * (whichever starts first; the others wait on the lock and find nothing to do). Runs with the
 * store's migrations, so jobs can be added in any transaction from then on.
 */
export async function installJobQueueSchema(
  pool: PostgresPool,
  connectionString: string,
  log: Pick<Logger, 'error' | 'warn'>,
): Promise<void> {
  await pool.withConnection(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [SETUP_LOCK_KEY]);
    try {
      for (const schema of JOB_SCHEMAS) await runMigrations({ connectionString, schema, logger: jobQueueLogger(log) });
      await session.query(
        `CREATE TABLE IF NOT EXISTS frontdesk_instances (
           id text PRIMARY KEY, worker_ids text[] NOT NULL DEFAULT '{}', heartbeat_at timestamptz NOT NULL DEFAULT now())`,
      );
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [SETUP_LOCK_KEY]);
    }
  });
}

/**
 * The PostgreSQL job queue (graphile-worker 0.16, which runs on Node 20): named queues run serially,
 * priority orders work across queues, LISTEN/NOTIFY wakes idle workers. graphile-worker keeps a dead
 * worker's jobs locked for 4 hours; here every instance writes a heartbeat with its worker ids, and
 * any instance that finds another silent for `deadAfterMs` unlocks that instance's jobs, so a crashed
 * instance's work comes back within a minute.
 */
export class JobQueue {
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;
  private stopped = false;

  private constructor(
    private readonly options: JobQueueOptions,
    private readonly runner: Runner,
    private readonly workerIds: ReadonlySet<string>,
  ) {}

  /** Starts this instance's workers on a database whose queue schema is installed (`installJobQueueSchema`). */
  static async start(options: JobQueueOptions): Promise<JobQueue> {
    const workerLogger = jobQueueLogger(options.log);
    // Workers are created while the runner starts: listen before it does, to know every worker id.
    const workerIds = new Set<string>();
    const events = new EventEmitter() as WorkerEvents;
    events.on('worker:create', ({ worker }) => workerIds.add(worker.workerId));
    const taskList: Record<string, Task> = {};
    for (const [name, handler] of Object.entries(options.tasks)) {
      taskList[name] = async (payload) => {
        try {
          await handler(payload);
        } catch (err) {
          // The queue logs a failed job's error message: only our names and codes reach it, never text from a row.
          const code = errorCodeOf(err);
          throw Object.assign(new Error(`${name} failed: ${(err as Error).name}${code ? ` (${code})` : ''}`), { code });
        }
      };
    }
    const schema = options.schema ?? DEFAULT_JOB_SCHEMA;
    const runner = await run({
      connectionString: options.connectionString,
      schema,
      concurrency: options.concurrency,
      // Connections only fetch and settle jobs (a job's own work uses the store's pool): a few serve many workers.
      maxPoolSize: Math.min(options.concurrency + 2, MAX_QUEUE_CONNECTIONS),
      pollInterval: options.timings?.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      noHandleSignals: true,
      logger: workerLogger,
      events,
      taskList,
    });
    const queue = new JobQueue(options, runner, workerIds);
    await queue.heartbeat();
    queue.schedule();
    return queue;
  }

  /** Adds a job outside any transaction (tests, maintenance); turns add theirs with `addJob` on their client. */
  add(job: JobSpec): Promise<void> {
    return addJob(this.options.pool.current(), job);
  }

  /** Finishes the jobs in hand, stops taking new ones, and leaves the instance list. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.beating;
    await this.runner.stop();
    await this.options.pool.query('DELETE FROM frontdesk_instances WHERE id = $1', [this.options.instanceId]).catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.beating = this.heartbeat().finally(() => this.schedule());
    }, this.options.timings?.heartbeatMs ?? 5000);
    this.timer.unref();
  }

  /**
   * Says this instance is alive, then unlocks the jobs of instances silent for too long. Times are the
   * database's, so instances whose clocks disagree still agree on who is dead.
   */
  private async heartbeat(): Promise<void> {
    const { pool, instanceId, log } = this.options;
    try {
      await pool.query(
        `INSERT INTO frontdesk_instances (id, worker_ids, heartbeat_at) VALUES ($1, $2, now())
         ON CONFLICT (id) DO UPDATE SET worker_ids = excluded.worker_ids, heartbeat_at = now()`,
        [instanceId, [...this.workerIds]],
      );
      const deadAfterSeconds = (this.options.timings?.deadAfterMs ?? 30_000) / 1000;
      const dead = await pool.query<{ id: string; worker_ids: string[] }>(
        `DELETE FROM frontdesk_instances WHERE heartbeat_at < now() - make_interval(secs => $1::double precision) AND id <> $2 RETURNING id, worker_ids`,
        [deadAfterSeconds, instanceId],
      );
      this.options.health?.ok('job-queue');
      for (const row of dead.rows) {
        if (row.worker_ids.length > 0) {
          // Its workers may have held jobs of any schema: each schema's locks of theirs are released.
          for (const schema of JOB_SCHEMAS) await pool.query(`SELECT ${schema}.force_unlock_workers($1::text[])`, [row.worker_ids]);
          // Unlocked jobs are announced like new ones: idle workers take them now, not at their next poll.
          await wakeWorkers(pool, Math.max(1, this.options.concurrency));
        }
        log.warn(
          { instance: row.id, workers: row.worker_ids.length },
          'job queue: an instance stopped answering; its jobs go back to the queue',
        );
      }
    } catch (err) {
      // A missed heartbeat is tried again at the next one; only a long silence makes others take over.
      log.error({ error: (err as Error).name, code: errorCodeOf(err) }, 'job queue: heartbeat failed');
      this.options.health?.failed('job-queue');
    }
  }
}
