import { countWorkerError } from './metrics';

interface WorkerState {
  /** When the current run of failures began; undefined while the worker succeeds. */
  failingSince: number | undefined;
  failures: number;
}

/** One background worker that keeps failing, as /readyz reports it. */
export interface FailingWorker {
  worker: string;
  failingForSeconds: number;
  failures: number;
}

/**
 * How the server's background workers (inbox, outbox, pollers, scheduled duties) are doing. A worker
 * never dies of an error: it reports the failure here, backs off and tries again; one that fails
 * without a success for `failingAfterMs` makes the server not ready, so an operator or a load
 * balancer sees it. Failures are counted on /metrics by worker name (never with patient text).
 */
export class WorkerHealth {
  private readonly workers = new Map<string, WorkerState>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly failingAfterMs = 30_000,
  ) {}

  ok(worker: string): void {
    const state = this.workers.get(worker);
    if (state) {
      state.failingSince = undefined;
      state.failures = 0;
    }
  }

  /** Records one failure; returns how many in a row, for the caller's backoff. */
  failed(worker: string): number {
    countWorkerError(worker);
    const state = this.workers.get(worker) ?? { failingSince: undefined, failures: 0 };
    state.failingSince ??= this.now();
    state.failures += 1;
    this.workers.set(worker, state);
    return state.failures;
  }

  /** Workers that have failed without a success for at least `failingAfterMs`. */
  failing(): FailingWorker[] {
    const now = this.now();
    return [...this.workers]
      .filter(([, s]) => s.failingSince !== undefined && now - s.failingSince >= this.failingAfterMs)
      .map(([worker, s]) => ({ worker, failingForSeconds: Math.round((now - (s.failingSince as number)) / 1000), failures: s.failures }));
  }
}

/**
 * The wait before trying again after `failures` failures in a row: 250 ms doubling, at most 2 s, so
 * a store that answers again is used again within two seconds (a claim that fails costs little).
 */
export function backoffMs(failures: number): number {
  return Math.min(250 * 2 ** Math.max(0, failures - 1), 2000);
}

/** A database or system error's code (SQLITE_BUSY, SQLITE_FULL, ENOSPC) for logs; never its message. */
export function errorCodeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
