import type { Db } from './open-database';

/**
 * Runs async units of work (bot turns) each inside one SQLite transaction, one at a time: every
 * write a unit makes commits together or not at all. A unit that throws, or a process killed
 * half-way, leaves the store as it was before the unit began, so running it again is safe.
 *
 * A unit should only await work that resolves without I/O (the bot's own promises): while it waits
 * on real I/O, other writes on the shared connection would join its transaction.
 */
export class SerialTransactions {
  private tail: Promise<unknown> = Promise.resolve();
  private open = false;

  constructor(private readonly db: Db) {}

  run<T>(unit: () => Promise<T>): Promise<T> {
    const result = this.tail.then(() => this.inside(unit));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** True while a unit's transaction is open. */
  get active(): boolean {
    return this.open;
  }

  private async inside<T>(unit: () => Promise<T>): Promise<T> {
    this.db.exec('BEGIN IMMEDIATE');
    this.open = true;
    try {
      const value = await unit();
      this.db.exec('COMMIT');
      return value;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    } finally {
      this.open = false;
    }
  }
}
