import { isStoreUnavailable } from '../platform/errors';
import type { StoreWriteState } from '../platform/store-write-state';
import type { FailingWorker, WorkerHealth } from '../platform/worker-health';
import { DISK_FULL_PROBLEM } from './disk-full-alert';
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
  /**
   * Why the database does not take writes, when it is known: "database cannot write: disk full", or
   * "database busy: locked by another process". Absent while it writes.
   */
  databaseProblem?: string;
  /** Workers failing without a success for a while, with how long and how often. */
  failingWorkers: FailingWorker[];
  /** How long the longest-waiting due message has waited, seconds. */
  outboxOldestDueSeconds: number;
}

const BUSY_PROBLEM = 'database busy: locked by another process';

/**
 * Ready means the server can do its job: the database takes a write (a one-row heartbeat, so the
 * probe costs one tiny transaction) and is not refusing writes for a full disk (`writeState`), no
 * message has been due for delivery longer than `stallMs`, and no background worker has kept failing.
 */
export async function checkReadiness(
  store: OperationsStore,
  now: number,
  stallMs: number,
  health?: WorkerHealth,
  writeState?: StoreWriteState,
): Promise<Readiness> {
  const repo = store.operations;
  let database: Readiness['checks']['database'] = 'ok';
  let databaseProblem: string | undefined;
  try {
    await repo.writeHeartbeat(now);
  } catch (err) {
    database = 'not_writable';
    if (isStoreUnavailable(err)) databaseProblem = err.code === 'database_full' ? DISK_FULL_PROBLEM : BUSY_PROBLEM;
  }
  // A heartbeat can fit where a patient's message does not: the store's last word on space counts.
  if (writeState?.diskFull) {
    database = 'not_writable';
    databaseProblem = DISK_FULL_PROBLEM;
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
    ...(databaseProblem ? { databaseProblem } : {}),
    failingWorkers,
    outboxOldestDueSeconds: Math.round(waitedMs / 1000),
  };
}
