import { AsyncResource } from 'node:async_hooks';
import { backoffMs } from '../platform/worker-health';

export interface LeaseLoopOptions<T> {
  /** Most items worked on at once. */
  maxInFlight: number;
  /**
   * Claims (leases) up to `free` items that may start now, given the ones in flight; an empty
   * array when nothing is due. Claiming must be atomic in the store so a lane is never run twice;
   * the loop never runs two claim rounds at once.
   */
  claim(free: number, inFlight: ReadonlySet<T>): Promise<T[]>;
  /** Works one claimed item; settles its row itself. A rejection is a bug: it is reported, not retried here. */
  run(item: T): Promise<void>;
  /** When the next item becomes due (epoch ms), so the loop can sleep until then; undefined when none. */
  nextWakeAt?(): Promise<number | undefined>;
  onError(err: unknown, item: T): void;
  /**
   * A claim round failed (the store did not answer, a lock, a full disk): reported, and the loop
   * tries again after a backoff that grows with each failure in a row. Returns the failures in a row.
   */
  onRoundError?(err: unknown): number;
  /** A claim round succeeded (a failing run, if any, is over). */
  onRoundOk?(): void;
  now?: () => number;
}

const MAX_SLEEP_MS = 60_000;
const BLOCKED_RETRY_MS = 250;

/**
 * The one drain/claim loop behind the inbox and the outbox: claims due items with a lease, runs up
 * to `maxInFlight` at once, claims again as each finishes, and sleeps until the next due time. A
 * kick is always deferred to its own tick, so calling it from inside a store transaction is safe.
 */
export class LeaseLoop<T> {
  private readonly inFlight = new Set<T>();
  private readonly running = new Set<Promise<void>>();
  private scheduled = false;
  /** The claim round running now, if any: rounds never overlap. */
  private round: Promise<void> | undefined;
  /** A kick arrived while a round ran: run another one right after it. */
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: LeaseLoopOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  /** Asks for a claim round soon; cheap to call after every write. */
  kick(): void {
    if (this.stopped || this.scheduled) return;
    if (this.round) {
      this.again = true;
      return;
    }
    this.scheduled = true;
    this.defer();
  }

  /**
   * Schedules the next round in the context the loop was made in: a round never runs as part of
   * the flow that kicked it (a turn's transaction), so its claim never joins that transaction.
   */
  private readonly defer = AsyncResource.bind(() => {
    setImmediate(() => {
      this.scheduled = false;
      this.startRound();
    });
  });

  /** Resolves when nothing is in flight and no claim round is pending. */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.scheduled || this.round) {
      if (this.round) await this.round;
      else if (this.running.size > 0) await Promise.race(this.running);
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  get size(): number {
    return this.inFlight.size;
  }

  /** Finishes the items in hand, then stops; the rest stays stored for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.round) await this.round;
    while (this.running.size > 0) await Promise.race(this.running);
  }

  private startRound(): void {
    if (this.stopped || this.round) return;
    this.round = this.pump()
      .then(() => this.options.onRoundOk?.())
      .catch((err: unknown) => {
        const failures = this.options.onRoundError?.(err) ?? 1;
        this.sleep(backoffMs(failures));
      })
      .finally(() => {
        this.round = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async pump(): Promise<void> {
    if (this.stopped) return;
    const free = this.options.maxInFlight - this.inFlight.size;
    if (free > 0) {
      for (const item of await this.options.claim(free, this.inFlight)) this.start(item);
    }
    await this.scheduleWake();
  }

  private start(item: T): void {
    this.inFlight.add(item);
    const done = this.options
      .run(item)
      .catch((err: unknown) => this.options.onError(err, item))
      .finally(() => {
        this.inFlight.delete(item);
        this.running.delete(done);
        this.kick();
      });
    this.running.add(done);
  }

  private async scheduleWake(): Promise<void> {
    const next = await this.options.nextWakeAt?.();
    if (next === undefined) return;
    const wait = next - this.now();
    if (wait > 0) {
      this.sleep(Math.min(wait, MAX_SLEEP_MS));
      return;
    }
    // Due but not claimable: its lane waits for an item in flight (whose end kicks the loop) or
    // for a lease or retry time to pass; look again shortly rather than spin.
    if (this.inFlight.size === 0) this.sleep(BLOCKED_RETRY_MS);
  }

  private sleep(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, ms);
    this.timer.unref();
  }
}
