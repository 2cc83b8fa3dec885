import { isStoreUnavailable, StoreUnavailableError } from './errors';
import { backoffMs } from './worker-health';

/**
 * `work`, or a StoreUnavailableError (`database_busy`) once `budgetMs` has passed without it
 * settling: a caller that must answer in time (a webhook) answers 503 rather than hang. The work
 * itself goes on and may still be stored; a redelivery of the same event is then a duplicate the
 * store ignores.
 */
export async function withinBudget<T>(work: Promise<T>, budgetMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError('database_busy')), budgetMs);
  });
  work.catch(() => undefined); // settles unobserved when the budget ran out first
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface UntilStoredOptions {
  /** True once the worker is stopping: the work is given up and left for the next start. */
  stopping(): boolean;
  /** Told before each wait (a worker counts its failures here). */
  onWait?(err: StoreUnavailableError, tries: number): void;
}

/**
 * Runs `work` (store writes with no effect outside the database) again and again while the
 * database is unavailable (locked elsewhere, disk full), waiting longer each time up to 2 s, so a
 * background worker pauses through the outage and resumes by itself. Other errors, and the
 * outage once the worker is stopping, reach the caller.
 */
export async function untilStored<T>(work: () => Promise<T>, options: UntilStoredOptions): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await work();
    } catch (err) {
      if (!isStoreUnavailable(err) || options.stopping()) throw err;
      options.onWait?.(err, tries);
      await new Promise((resolve) => setTimeout(resolve, backoffMs(tries)));
    }
  }
}
