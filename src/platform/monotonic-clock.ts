import { performance } from 'node:perf_hooks';
import type { Logger } from './logger';

export interface MonotonicClockOptions {
  /** The system's wall clock (epoch ms); tests step a fake one. */
  wall?: () => number;
  /** A clock that never steps (ms, any origin). */
  monotonic?: () => number;
  /** A disagreement between the two larger than this is a step of the wall clock, not drift. */
  toleranceMs?: number;
  /** Told of each step once, with how far the wall clock moved (negative: backwards). */
  log?: Logger;
}

/**
 * The server's time: epoch milliseconds that start at the wall clock and then advance with the
 * monotonic clock, so a step of the system clock (an NTP correction, a resumed virtual machine, an
 * operator) neither postpones nor brings forward a retry, a lease or a pause computed from it: a
 * reply due in 2 s is due in 2 s. Times written to the database stay epoch milliseconds, so they
 * survive a restart; the next start takes the wall clock's time again. Each step is logged once.
 */
export class MonotonicClock {
  private readonly wall: () => number;
  private readonly monotonic: () => number;
  private readonly toleranceMs: number;
  private readonly origin: number;
  private readonly startedAt: number;
  /** How far the wall clock was from this clock when last looked at (its steps so far). */
  private knownSkew = 0;

  constructor(private readonly options: MonotonicClockOptions = {}) {
    this.wall = options.wall ?? Date.now;
    this.monotonic = options.monotonic ?? (() => performance.now());
    this.toleranceMs = options.toleranceMs ?? 1000;
    this.origin = this.wall();
    this.startedAt = this.monotonic();
  }

  /** Epoch ms on this clock's own time line; never goes back. */
  readonly now = (): number => {
    const at = Math.floor(this.origin + (this.monotonic() - this.startedAt));
    const skew = this.wall() - at;
    if (Math.abs(skew - this.knownSkew) > this.toleranceMs) {
      const steppedMs = skew - this.knownSkew;
      this.knownSkew = skew;
      this.options.log?.warn(
        { steppedSeconds: Math.round(steppedMs / 1000), offsetSeconds: Math.round(skew / 1000) },
        `system clock stepped ${steppedMs < 0 ? 'back' : 'forward'}; retries, leases and pauses keep monotonic time (the next start takes the new time)`,
      );
    }
    return at;
  };

  /** How far the wall clock has stepped away from this clock since it started (ms). */
  get offsetMs(): number {
    return this.knownSkew;
  }
}
