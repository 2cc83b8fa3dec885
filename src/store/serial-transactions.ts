import type { Db } from './open-database';

interface Job {
  unit: () => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

type Outcome = { job: Job; ok: true; value: unknown } | { job: Job; ok: false; error: unknown };

/** Most units committed together; bounds how long one commit keeps other work waiting. */
const MAX_GROUP = 32;

/**
 * Runs async units of work (bot turns) each as one atomic change to the store, one at a time:
 * every write a unit makes commits together or not at all. A unit that throws, or a process killed
 * half-way, leaves the store as if the unit had never begun, so running it again is safe.
 *
 * Units waiting together share one transaction (group commit): each runs inside its own savepoint,
 * which a failing unit rolls back alone, and one COMMIT then writes them all. A unit's promise
 * settles only after that commit, so nothing reads a unit's result as done before it is durable.
 *
 * A unit should only await work that resolves without I/O (the bot's own promises): while it waits
 * on real I/O, other writes on the shared connection would join its transaction.
 */
export class SerialTransactions {
  private readonly queue: Job[] = [];
  private draining = false;
  private open = false;

  constructor(private readonly db: Db) {}

  run<T>(unit: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ unit, resolve: resolve as (value: unknown) => void, reject });
      if (this.draining) return;
      this.draining = true;
      // Units queued in the same tick (a claimed batch of turns) join one group.
      queueMicrotask(() => void this.drain());
    });
  }

  /** True while a group's transaction is open. */
  get active(): boolean {
    return this.open;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, MAX_GROUP);
        for (const outcome of await this.commitGroup(group)) {
          if (outcome.ok) outcome.job.resolve(outcome.value);
          else outcome.job.reject(outcome.error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async commitGroup(group: readonly Job[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      return group.map((job) => ({ job, ok: false, error }));
    }
    this.open = true;
    try {
      for (const job of group) {
        // An error that made SQLite abandon the whole transaction fails the whole group (below).
        if (!this.db.inTransaction) break;
        this.db.exec('SAVEPOINT unit');
        try {
          const value = await job.unit();
          this.db.exec('RELEASE unit');
          outcomes.push({ job, ok: true, value });
        } catch (error) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK TO unit; RELEASE unit');
          outcomes.push({ job, ok: false, error });
        }
      }
      if (!this.db.inTransaction) throw new Error('transaction abandoned');
      this.db.exec('COMMIT');
      return outcomes;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      // Nothing of this group was written: every unit fails and will be run again.
      return group.map((job) => ({ job, ok: false, error }));
    } finally {
      this.open = false;
    }
  }
}
