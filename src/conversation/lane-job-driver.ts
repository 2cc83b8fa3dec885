import type { Logger } from '../platform/logger';
import type { WorkerHealth } from '../platform/worker-health';
import { addJob, DueWakeups, JobQueue, type JobQueueTimings, type JobSchema, type JobSpec } from '../store/postgres/job-queue';
import type { PostgresPool } from '../store/postgres/postgres-pool';
import { INBOX_MAX_ATTEMPTS, type InboxProcessor } from './inbox/inbox-processor';
import type { PostgresInboxRepo } from './inbox/postgres-inbox-repo';
import { INBOX_LANE_TASK, inboxLaneJob, isUrgentLaneJob, LANE_SCHEMAS, laneOf, OUTBOX_LANE_TASK, outboxLaneJob } from './lane-jobs';
import type { OutboxWorker } from './outbox/outbox-worker';
import type { PostgresOutboxRepo } from './outbox/postgres-outbox-repo';
import type { PostgresSendGateRepo } from './outbox/postgres-send-gate-repo';

/** The PostgreSQL records the lane jobs work on. */
export interface LaneRepos {
  inbox: PostgresInboxRepo;
  outbox: PostgresOutboxRepo;
  gate: PostgresSendGateRepo;
}

export interface LaneJobDriverOptions {
  pool: PostgresPool;
  /** DATABASE_URL, for the job queue's own connections. */
  connectionString: string;
  /** This instance among those sharing the database (host:pid). */
  instanceId: string;
  repos: LaneRepos;
  inbox: InboxProcessor;
  outbox: OutboxWorker;
  /** Per channel, the most sends started in any one second, counted across instances. */
  maxSendsPerSecond: Readonly<Record<string, number>>;
  /** Told after each turn, so consoles on other instances look for what it changed. */
  onTurn?: () => void;
  /**
   * Turns this instance runs at once. Kept below the store's pool size, so a turn never queues for
   * a connection behind the others and the emergency lane's priority holds end to end.
   */
  turnConcurrency: number;
  /** Sends this instance has in flight at once (a send waits on the platform, not on the database). */
  sendConcurrency: number;
  log: Logger;
  now: () => number;
  health?: WorkerHealth;
  timings?: JobQueueTimings;
}

/** A lane's job works at most this many items, then hands the lane to a new job: long lanes share the workers. */
const MAX_ITEMS_PER_JOB = 20;
/** A send is marked in flight this long (staff views); the job queue, not this lease, decides who sends. */
const SEND_LEASE_MS = 60_000;
/** A lane whose channel this instance does not run looks again this much later (another instance may run it). */
const NO_SENDER_RETRY_MS = 60_000;

/**
 * Runs the inbox and the outbox on the PostgreSQL job queue instead of the claim loop. Every stored
 * event and every queued message adds a job for its lane in the same transaction; a lane's jobs
 * run one at a time across all instances (the lane's named queue), the emergency lanes first
 * (priority), each working the lane from its head in id order. A retry or a pause ends the job with
 * a new one for the time the head is due, so nothing polls. A job held by an instance that died
 * comes back once the others see its heartbeat stop.
 */
export class LaneJobDriver {
  private readonly queues: JobQueue[] = [];
  private readonly wakeups: DueWakeups;

  /** The channels this instance sends on, each with its per-second limit across instances (null: none). */
  private readonly sendLimits: Readonly<Record<string, number | null>>;

  private constructor(private readonly options: LaneJobDriverOptions) {
    this.sendLimits = Object.fromEntries(
      options.outbox.sendingChannels().map((channel) => [channel, options.maxSendsPerSecond[channel] ?? null]),
    );
    this.wakeups = new DueWakeups(options.pool, options.now, (err) =>
      options.log.warn({ error: (err as Error).name }, 'job queue: a wake-up for a job due later failed; the workers poll for it'),
    );
  }

  /**
   * Two runners: one for turns, as many at once as the store's connections allow, and one for
   * sends, many at once (each mostly waits on the platform). Each takes only its own task's jobs.
   */
  static async start(options: LaneJobDriverOptions): Promise<LaneJobDriver> {
    const driver = new LaneJobDriver(options);
    const runner = (
      suffix: string,
      schema: JobSchema,
      concurrency: number,
      task: string,
      drain: (lane: string | undefined, urgent: boolean) => Promise<void>,
    ) =>
      JobQueue.start({
        schema,
        pool: options.pool,
        connectionString: options.connectionString,
        instanceId: `${options.instanceId}/${suffix}`,
        concurrency,
        log: options.log,
        ...(options.health ? { health: options.health } : {}),
        ...(options.timings ? { timings: options.timings } : {}),
        tasks: { [task]: (payload) => drain(laneOf(payload), isUrgentLaneJob(payload)) },
      });
    try {
      driver.queues.push(
        await runner('turns', LANE_SCHEMAS.inbox, options.turnConcurrency, INBOX_LANE_TASK, (lane) => driver.drainInbox(lane)),
      );
      driver.queues.push(
        await runner('sends', LANE_SCHEMAS.outbox, options.sendConcurrency, OUTBOX_LANE_TASK, (lane, urgent) =>
          driver.drainOutbox(lane, urgent),
        ),
      );
      await driver.sweep();
    } catch (err) {
      await driver.stop();
      throw err;
    }
    return driver;
  }

  /** True while an event waits for its turn, or a message is due or being sent, on any instance. */
  async busy(): Promise<boolean> {
    const { repos, outbox, now } = this.options;
    return (await repos.inbox.countOpen(INBOX_MAX_ATTEMPTS)) > 0 || (await repos.outbox.busy(now(), outbox.horizonStart()));
  }

  /** Finishes the jobs in hand and stops taking new ones; the rest waits for any instance. */
  async stop(): Promise<void> {
    this.wakeups.stop();
    await Promise.all(this.queues.splice(0).map((queue) => queue.stop()));
  }

  /**
   * Start-up: a job for every lane with work left, so rows written without one (by an earlier
   * version, or by hand) are worked on too. Lanes that have a job already get a harmless second one.
   */
  private async sweep(): Promise<void> {
    const { repos, outbox } = this.options;
    for (const { lane, urgent } of await repos.inbox.openLanes(INBOX_MAX_ATTEMPTS)) await this.add(inboxLaneJob(lane, urgent));
    for (const { lane, urgent } of await repos.outbox.openLanes(outbox.horizonStart())) await this.add(outboxLaneJob(lane, urgent));
  }

  /** Adds a lane job; one due later also gets a wake-up at its time, so no worker polls for it. */
  private async add(job: JobSpec): Promise<void> {
    await addJob(this.options.pool, job);
    if (job.runAt !== undefined && job.runAt > this.options.now()) this.wakeups.at(job.runAt);
  }

  private async drainInbox(lane: string | undefined): Promise<void> {
    if (!lane) return;
    const { repos, pool, inbox, now } = this.options;
    for (let n = 0; n < MAX_ITEMS_PER_JOB; n += 1) {
      const head = await repos.inbox.laneHead(lane, INBOX_MAX_ATTEMPTS);
      if (!head) return;
      if (head.dueAt > now()) {
        await this.add(inboxLaneJob(lane, head.item.urgent, head.dueAt));
        return;
      }
      const { item } = head;
      await (item.urgent ? pool.urgently(() => inbox.runOne(item)) : inbox.runOne(item));
      this.options.onTurn?.();
    }
    const head = await repos.inbox.laneHead(lane, INBOX_MAX_ATTEMPTS);
    if (head) await this.add(inboxLaneJob(lane, head.item.urgent, head.dueAt || undefined));
  }

  private async drainOutbox(lane: string | undefined, urgent: boolean): Promise<void> {
    if (!lane) return;
    const { repos, pool, outbox, now, log } = this.options;
    const start = () => repos.gate.startLaneHead(lane, outbox.horizonStart(), now(), this.sendLimits, SEND_LEASE_MS);
    for (let n = 0; n < MAX_ITEMS_PER_JOB; n += 1) {
      // An emergency's lane reads and starts its head ahead of ordinary work waiting for a connection.
      const started = await (urgent ? pool.urgently(start) : start());
      if ('empty' in started) return;
      if ('item' in started) {
        await (started.item.urgent ? pool.urgently(() => outbox.sendOne(started.item)) : outbox.sendOne(started.item));
        continue;
      }
      if ('notMine' in started) {
        log.warn({ channel: started.notMine.channel }, 'outbox: a message for a channel this instance does not run; looking again later');
        await this.add(outboxLaneJob(lane, started.notMine.urgent, now() + NO_SENDER_RETRY_MS));
        return;
      }
      // Due later (a retry), paused (a 429 on any instance), or this second's sends are gone: the lane waits, in order.
      await this.add(outboxLaneJob(lane, started.head.urgent, 'dueAt' in started ? started.dueAt : started.waitUntil));
      return;
    }
    const head = await repos.outbox.laneHead(lane, outbox.horizonStart());
    if (head) await this.add(outboxLaneJob(lane, head.item.urgent));
  }
}
