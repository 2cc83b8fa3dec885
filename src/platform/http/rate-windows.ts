import { SlidingWindow } from './sliding-window';

/**
 * Events per key over a sliding window with a limit (messages per session, sign-in failures per
 * address). Shared by every instance that shares the store on PostgreSQL; in this process's
 * memory on SQLite, where one process is the whole server.
 */
export interface RateWindow {
  /** When `key` may act again, if it is at its limit; undefined when it may act now. */
  blockedUntil(key: string, at: number): Promise<number | undefined>;
  record(key: string, at: number): Promise<void>;
  /** Records the event when allowed; otherwise returns when to try again and records nothing. */
  take(key: string, at: number): Promise<number | undefined>;
  /**
   * Forgets `prefix` and every key whose first parts are `prefix` (parts are joined with U+0000):
   * an account's failures from every address when an admin unlocks it.
   */
  forget(prefix: string): Promise<void>;
}

/** Where the windows live: each is named, so instances sharing the store share the same counts. */
export interface RateWindows {
  window(name: string, limit: number, windowMs: number): RateWindow;
}

/** Windows in this process's memory (SQLite: one process serves the practice). */
export function memoryRateWindows(): RateWindows {
  return {
    window(_name, limit, windowMs) {
      const counts = new SlidingWindow(limit, windowMs);
      return {
        blockedUntil: (key, at) => Promise.resolve(counts.blockedUntil(key, at)),
        record: (key, at) => Promise.resolve(counts.record(key, at)),
        take: (key, at) => Promise.resolve(counts.take(key, at)),
        forget: (prefix) => Promise.resolve(counts.forget(prefix)),
      };
    },
  };
}
