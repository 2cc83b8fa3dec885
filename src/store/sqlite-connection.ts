import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './open-database';

/** A transaction, or a savepoint inside one, as the flow running in it sees it. */
interface Level {
  /** The top-level transaction this level belongs to. */
  readonly root: object;
  /** Savepoints opened from this level run one after another. */
  tail: Promise<unknown>;
}

interface BatchedUnit {
  fn: () => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

type Outcome = { unit: BatchedUnit; ok: true; value: unknown } | { unit: BatchedUnit; ok: false; error: unknown };

/** Most batched units committed together; bounds how long one commit keeps other work waiting. */
const MAX_GROUP = 32;

/**
 * The one SQLite connection every repository runs its statements on, and the store's transactions
 * over it. better-sqlite3 is synchronous, so a statement cannot say which transaction it belongs
 * to: whichever transaction is open on the connection takes it. Three rules keep flows apart:
 *
 * - an AsyncLocalStorage knows which flow is inside the open transaction (and at which savepoint);
 * - top-level transactions run one at a time, in the order they were asked for;
 * - a gate: a statement from a flow that is not inside the open transaction waits until that
 *   transaction has ended, so it never silently joins (or rolls back with) another flow's work.
 *
 * A transaction never awaits network I/O or a flow outside it: every other flow's statements wait
 * at the gate while it is open, and a flow it waited for would wait for it in turn.
 */
export class SqliteConnection {
  private readonly scope = new AsyncLocalStorage<Level>();
  /** The open top-level transaction, if any. */
  private open: object | undefined;
  /** Top-level transactions queue behind this one. */
  private tail: Promise<unknown> = Promise.resolve();
  /** Statements waiting at the gate for the open transaction to end. */
  private waiting: Array<() => void> = [];
  private batch: BatchedUnit[] = [];
  private flushScheduled = false;
  private savepoints = 0;

  constructor(readonly db: Db) {}

  /**
   * Runs a repository's statements: at once when no transaction is open or the caller is inside
   * the open one, otherwise as soon as it has ended. The statements themselves are synchronous, so
   * nothing can come between the gate's check and them.
   */
  run<T>(statements: () => T): Promise<T> {
    if (this.mayRun()) {
      try {
        return Promise.resolve(statements());
      } catch (err) {
        return Promise.reject(err as Error);
      }
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => this.run(statements));
  }

  /**
   * Runs `fn` as one atomic change: its reads and writes commit together or not at all. Called
   * inside an open transaction, it joins it as a savepoint that a throw rolls back alone.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    const level = this.current();
    if (level) return this.savepoint(level, fn);
    return this.enqueue(async () => {
      const root = {};
      this.begin(root);
      try {
        const value = await this.within({ root, tail: Promise.resolve() }, fn);
        if (!this.db.inTransaction) throw new Error('transaction abandoned');
        this.db.exec('COMMIT');
        return value;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      } finally {
        this.end();
      }
    });
  }

  /**
   * Like `transaction`, for work that may share one commit with other work started at the same
   * moment (group commit): units asked for before the next turn of the event loop run one after
   * another, each in its own savepoint, so one that throws is undone alone and only its caller
   * sees the error; one COMMIT then writes them all. A unit's promise settles after that commit.
   */
  batched<T>(fn: () => Promise<T>): Promise<T> {
    if (this.current()) return this.transaction(fn);
    return new Promise<T>((resolve, reject) => {
      this.batch.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      this.scheduleFlush();
    });
  }

  /** Waits for the transactions asked for so far, then closes the connection. */
  async close(): Promise<void> {
    await this.tail;
    if (this.db.open) this.db.close();
  }

  private mayRun(): boolean {
    return this.open === undefined || this.scope.getStore()?.root === this.open;
  }

  /** The caller's level when it is inside the open transaction. */
  private current(): Level | undefined {
    if (this.open === undefined) return undefined;
    const level = this.scope.getStore();
    return level?.root === this.open ? level : undefined;
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private begin(root: object): void {
    this.db.exec('BEGIN IMMEDIATE');
    this.open = root;
  }

  private end(): void {
    this.open = undefined;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }

  /**
   * Runs `fn` at `level`; it ends only once the savepoints opened inside it have ended too, so
   * none is left open when its parent releases or commits.
   */
  private async within<T>(level: Level, fn: () => Promise<T>): Promise<T> {
    let value: T;
    try {
      value = await this.scope.run(level, fn);
    } finally {
      for (let tail = level.tail; ; tail = level.tail) {
        await tail;
        if (tail === level.tail) break;
      }
    }
    return value;
  }

  private savepoint<T>(level: Level, fn: () => Promise<T>): Promise<T> {
    const result = level.tail.then(async () => {
      if (this.open !== level.root) throw new Error('savepoint asked for after its transaction ended');
      const name = `sp${++this.savepoints}`;
      this.db.exec(`SAVEPOINT ${name}`);
      try {
        const value = await this.within({ root: level.root, tail: Promise.resolve() }, fn);
        this.db.exec(`RELEASE ${name}`);
        return value;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        throw err;
      }
    });
    level.tail = result.catch(() => undefined);
    return result;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Units asked for in the same turn of the event loop (a claimed batch of turns, delivery
    // results arriving together) join one group.
    setImmediate(() => {
      this.flushScheduled = false;
      void this.enqueue(() => this.commitGroup());
    });
  }

  private async commitGroup(): Promise<void> {
    const group = this.batch.splice(0, MAX_GROUP);
    if (this.batch.length > 0) this.scheduleFlush();
    if (group.length === 0) return;
    for (const outcome of await this.runGroup(group)) {
      if (outcome.ok) outcome.unit.resolve(outcome.value);
      else outcome.unit.reject(outcome.error);
    }
  }

  private async runGroup(group: readonly BatchedUnit[]): Promise<Outcome[]> {
    const root = {};
    try {
      this.begin(root);
    } catch (error) {
      return group.map((unit) => ({ unit, ok: false, error }));
    }
    const outcomes: Outcome[] = [];
    try {
      for (const unit of group) {
        // An error that made SQLite abandon the whole transaction fails the whole group (below).
        if (!this.db.inTransaction) break;
        this.db.exec('SAVEPOINT unit');
        try {
          const value = await this.within({ root, tail: Promise.resolve() }, unit.fn);
          this.db.exec('RELEASE unit');
          outcomes.push({ unit, ok: true, value });
        } catch (error) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK TO unit; RELEASE unit');
          outcomes.push({ unit, ok: false, error });
        }
      }
      if (!this.db.inTransaction) throw new Error('transaction abandoned');
      this.db.exec('COMMIT');
      return outcomes;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      // Nothing of this group was written: every unit fails and may be run again.
      return group.map((unit) => ({ unit, ok: false, error }));
    } finally {
      this.end();
    }
  }
}
