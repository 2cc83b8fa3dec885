/** Whether the database takes writes, as the store last saw it. */
export type StoreWriteCondition = { state: 'ok' } | { state: 'disk_full'; since: number };

/**
 * Whether the database can write, as the store last saw it: an episode of a full disk begins with
 * the first write refused for lack of space and ends with the first write that goes through again.
 * Listeners hear each change once (an alert, a log line), not every refused write.
 */
export class StoreWriteState {
  private fullSince: number | undefined;
  private readonly listeners: Array<(condition: StoreWriteCondition) => void> = [];

  constructor(private readonly now: () => number = Date.now) {}

  get condition(): StoreWriteCondition {
    return this.fullSince === undefined ? { state: 'ok' } : { state: 'disk_full', since: this.fullSince };
  }

  get diskFull(): boolean {
    return this.fullSince !== undefined;
  }

  /** A write was refused because the disk (or the database's size limit) is full. */
  refusedFull(): void {
    if (this.fullSince !== undefined) return;
    this.fullSince = this.now();
    this.emit();
  }

  /** A write went through: a full-disk episode, if any, is over. */
  wrote(): void {
    if (this.fullSince === undefined) return;
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
