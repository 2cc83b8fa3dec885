import type { FailingWorker, WorkerHealth } from '../platform/worker-health';
import type { OperationsStore } from './operations-store';
import { oldestDueWaitMs } from './store-metrics';

export interface Readiness {
  ok: boolean;
  checks: {
    /** `not_writable`: a write to the database failed (read-only file system, disk full, locked). */
    database: 'ok' | 'not_writable';
    /** `stalled`: a message has been due for delivery longer than the threshold. */
    outbox: 'ok' | 'stalled';
    /** `failing`: a background worker (claims, polls, scheduled duties) has kept failing; see `failingWorkers`. */
    workers: 'ok' | 'failing';
  };
  /** Workers failing without a success for a while, with how long and how often. */
  failingWorkers: FailingWorker[];
  /** How long the longest-waiting due message has waited, seconds. */
  outboxOldestDueSeconds: number;
}

/**
 * Ready means the server can do its job: the database takes a write (a one-row heartbeat, so the
 * probe costs one tiny transaction), no message has been due for delivery longer than `stallMs`, and
 * no background worker has kept failing.
 */
export async function checkReadiness(store: OperationsStore, now: number, stallMs: number, health?: WorkerHealth): Promise<Readiness> {
  const repo = store.operations;
  let database: Readiness['checks']['database'] = 'ok';
  try {
    await repo.writeHeartbeat(now);
  } catch {
    database = 'not_writable';
  }
  let waitedMs = 0;
  try {
    waitedMs = await oldestDueWaitMs(repo, now);
  } catch {
    database = 'not_writable';
  }
  const outbox = waitedMs > stallMs ? 'stalled' : 'ok';
  const failingWorkers = health?.failing() ?? [];
  const workers = failingWorkers.length > 0 ? 'failing' : 'ok';
  return {
    ok: database === 'ok' && outbox === 'ok' && workers === 'ok',
    checks: { database, outbox, workers },
    failingWorkers,
    outboxOldestDueSeconds: Math.round(waitedMs / 1000),
  };
}
