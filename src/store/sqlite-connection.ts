import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { StoreUnavailableError } from '../platform/errors';
import { StoreWriteState } from '../platform/store-write-state';
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

export interface SqliteConnectionOptions {
  /**
   * SQLite's own wait for a lock held by another process. better-sqlite3 is synchronous, so this
   * wait stops the whole event loop: it stays at tens of milliseconds, and longer locks are waited
   * out here, asynchronously, while other work goes on.
   */
  busyTimeoutMs?: number;
  /** How long a statement or transaction keeps trying a locked database before the caller is told (StoreUnavailableError). */
  busyDeadlineMs?: number;
  /** Told of writes refused for a full disk, and of the first write that goes through again. */
  writeState?: StoreWriteState;
}

/**
 * The defaults: SQLite's own busy wait, how long work keeps trying a locked database, and the longest
 * pause between its tries (they come 5, 10, 20… ms apart).
 */
const BUSY = { timeoutMs: 20, deadlineMs: 2000, maxBackoffMs: 100 } as const;

/** Another connection holds the lock this one needs (a CLI, a backup tool, a second server). */
function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

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
 *
 * The event loop never waits on another process's lock: SQLite's own busy wait is kept to tens of
 * milliseconds (none at all while a lock is known to be held), and a statement or a transaction's
 * BEGIN that finds the database locked is tried again after a timer, until a deadline after which
 * its caller gets a StoreUnavailableError (`database_busy`). Only work that has not started is
 * tried again: a statement outside any transaction, or a BEGIN, never a transaction's callback.
 * A write refused for a full disk gives the same error (`database_full`) and is told to `writeState`.
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
  /** Another process was seen holding the lock, and no retried work has got through since. */
  private locked = false;
  private readonly busyTimeoutMs: number;
  private readonly busyDeadlineMs: number;
  readonly writeState: StoreWriteState;

  constructor(
    readonly db: Db,
    options: SqliteConnectionOptions = {},
  ) {
    this.busyTimeoutMs = options.busyTimeoutMs ?? BUSY.timeoutMs;
    this.busyDeadlineMs = options.busyDeadlineMs ?? BUSY.deadlineMs;
    this.writeState = options.writeState ?? new StoreWriteState();
    if (db.open) db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
  }

  /**
   * Runs a repository's statements: at once when no transaction is open or the caller is inside
   * the open one, otherwise as soon as it has ended. The statements themselves are synchronous, so
   * nothing can come between the gate's check and them. Outside a transaction, statements that
   * find the database locked run again, whole, once it is free (they are the repository's own
   * synchronous statements, and SQLite undid them).
   */
  run<T>(statements: () => T): Promise<T> {
    return this.runTrying(statements, performance.now() + this.busyDeadlineMs, 0);
  }

  private runTrying<T>(statements: () => T, deadline: number, tries: number): Promise<T> {
    if (!this.mayRun()) {
      return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => this.runTrying(statements, deadline, tries));
    }
    const changesBefore = this.writeState.diskFull ? this.totalChanges() : undefined;
    try {
      const value = statements();
      if (tries > 0) this.unlocked();
      if (changesBefore !== undefined && !this.db.inTransaction && this.totalChanges() > changesBefore) this.writeState.wrote();
      return Promise.resolve(value);
    } catch (err) {
      if (this.open === undefined && !this.db.inTransaction && isBusy(err)) {
        return this.waitForLock(deadline, tries).then(() => this.runTrying(statements, deadline, tries + 1));
      }
      return Promise.reject(this.storeError(err));
    }
  }

  /**
   * Runs `fn` as one atomic change: its reads and writes commit together or not at all. Called
   * inside an open transaction, it joins it as a savepoint that a throw rolls back alone.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    const level = this.current();
    if (level) return this.savepoint(level, fn);
    const deadline = performance.now() + this.busyDeadlineMs;
    return this.enqueue(async () => {
      const root = {};
      await this.beginTrying(root, deadline);
      try {
        const value = await this.within({ root, tail: Promise.resolve() }, fn);
        if (!this.db.inTransaction) throw new Error('transaction abandoned');
        this.db.exec('COMMIT');
        this.writeState.wrote();
        return value;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw this.storeError(err);
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

  /** BEGIN IMMEDIATE, tried again while another process holds the write lock, until `deadline`. */
  private async beginTrying(root: object, deadline: number): Promise<void> {
    for (let tries = 0; ; tries += 1) {
      try {
        this.begin(root);
        if (tries > 0) this.unlocked();
        return;
      } catch (err) {
        if (!isBusy(err)) throw this.storeError(err);
      }
      await this.waitForLock(deadline, tries);
    }
  }

  /**
   * Waits, without blocking, before the next try of work that found the database locked; rejects
   * once `deadline` (performance.now) has passed. While a lock is known to be held SQLite's own
   * busy wait is off, so a try that finds it still held costs no blocked time.
   */
  private async waitForLock(deadline: number, tries: number): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      if (this.db.open) this.db.pragma('busy_timeout = 0');
    }
    const left = deadline - performance.now();
    if (left <= 0) throw new StoreUnavailableError('database_busy');
    const backoff = Math.min(5 * 2 ** tries, BUSY.maxBackoffMs);
    const wait = Math.min(left, backoff / 2 + Math.random() * (backoff / 2));
    await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /** Work that had found the database locked got through: SQLite's short busy wait is back. */
  private unlocked(): void {
    if (!this.locked) return;
    this.locked = false;
    if (this.db.open) this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
  }

  /** SQLite's lock and disk-full errors as the store's typed error; others as they are. */
  private storeError(err: unknown): unknown {
    if (err instanceof StoreUnavailableError) return err;
    const code = (err as { code?: unknown } | undefined)?.code;
    if (code === 'SQLITE_FULL') {
      this.writeState.refusedFull();
      return Object.assign(new StoreUnavailableError('database_full'), { cause: err });
    }
    if (isBusy(err)) return Object.assign(new StoreUnavailableError('database_busy'), { cause: err });
    return err;
  }

  private totalChanges(): number {
    return (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
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
      await this.beginTrying(root, performance.now() + this.busyDeadlineMs);
    } catch (error) {
      return group.map((unit) => ({ unit, ok: false, error }));
    }
    const outcomes: Outcome[] = [];
    /** The unit's error after which SQLite abandoned the whole transaction (a full disk). */
    let abandonedBy: unknown = new Error('transaction abandoned');
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
          else abandonedBy = error;
          outcomes.push({ unit, ok: false, error: this.storeError(error) });
        }
      }
      if (!this.db.inTransaction) throw abandonedBy;
      this.db.exec('COMMIT');
      this.writeState.wrote();
      return outcomes;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      const error = this.storeError(err);
      // Nothing of this group was written: every unit fails and may be run again.
      return group.map((unit) => ({ unit, ok: false, error }));
    } finally {
      this.end();
    }
  }
}
