import { performance } from 'node:perf_hooks';

/** Whether the database takes writes, as the store last saw it. */
export type StoreWriteCondition = { state: 'ok' } | { state: 'disk_full'; since: number };

/**
 * Whether the database can write, as the store last saw it: an episode of a full disk begins with
 * the first write refused for lack of space and ends with a write that goes through once no write
 * has been refused for `quietMs` (on a full disk SQLite still fits some commits into its log's old
 * space, so one success in between refusals does not mean the space is back). Listeners hear each
 * change once (an alert, a log line), not every refused write.
 */
export class StoreWriteState {
  private fullSince: number | undefined;
  /** performance.now() of the last refusal: the quiet period is measured on the monotonic clock. */
  private lastRefusedAt = 0;
  private readonly listeners: Array<(condition: StoreWriteCondition) => void> = [];

  constructor(
    private readonly now: () => number = Date.now,
    private readonly quietMs = 5000,
  ) {}

  get condition(): StoreWriteCondition {
    return this.fullSince === undefined ? { state: 'ok' } : { state: 'disk_full', since: this.fullSince };
  }

  get diskFull(): boolean {
    return this.fullSince !== undefined;
  }

  /** A write was refused because the disk (or the database's size limit) is full. */
  refusedFull(): void {
    this.lastRefusedAt = performance.now();
    if (this.fullSince !== undefined) return;
    this.fullSince = this.now();
    this.emit();
  }

  /** A write went through: a full-disk episode, if any, is over once writes have not been refused for a while. */
  wrote(): void {
    if (this.fullSince === undefined || performance.now() - this.lastRefusedAt < this.quietMs) return;
    this.fullSince = undefined;
    this.emit();
  }

  onChange(listener: (condition: StoreWriteCondition) => void): void {
    this.listeners.push(listener);
  }

  private emit(): void {
    const condition = this.condition;
    for (const listener of this.listeners) {
      try {
        listener(condition);
      } catch {
        // A listener's failure (an alert that cannot be sent) never reaches the write that told it.
      }
    }
  }
}
