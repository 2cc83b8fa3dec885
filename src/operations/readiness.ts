import type { OperationsStore } from './operations-store';
import { oldestDueWaitMs } from './store-metrics';

export interface Readiness {
  ok: boolean;
  checks: {
    /** `not_writable`: a write to the database failed (read-only file system, disk full, locked). */
    database: 'ok' | 'not_writable';
    /** `stalled`: a message has been due for delivery longer than the threshold. */
    outbox: 'ok' | 'stalled';
  };
  /** How long the longest-waiting due message has waited, seconds. */
  outboxOldestDueSeconds: number;
}

/**
 * Ready means the server can do its job: the database takes a write (a one-row heartbeat, so the
 * probe costs one tiny transaction) and no message has been due for delivery longer than `stallMs`.
 */
export async function checkReadiness(store: OperationsStore, now: number, stallMs: number): Promise<Readiness> {
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
  return { ok: database === 'ok' && outbox === 'ok', checks: { database, outbox }, outboxOldestDueSeconds: Math.round(waitedMs / 1000) };
}
