import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import pg, { type PoolClient, type QueryConfig, type QueryResult, type QueryResultRow } from 'pg';
import type { Logger } from '../../platform/logger';
import type { PostgresConfig } from '../../platform/postgres-config';
import { StoreUnavailableError } from '../../platform/errors';
import { PostgresError } from './postgres-error';

/** What repositories run SQL on: the pool, one dedicated connection, or a transaction's connection. */
export interface PostgresQueryable {
  query<R extends QueryResultRow = QueryResultRow>(query: string | QueryConfig<unknown[]>, values?: unknown[]): Promise<QueryResult<R>>;
}

export interface PostgresPoolOptions {
  /** Gets the pool's background errors (a connection lost while idle); they never crash the process. */
  logger?: Pick<Logger, 'warn'>;
  /** How long opening a connection, or waiting for a free one, may take before it fails (default 5 s). */
  connectTimeoutMs?: number;
  /** Shown in pg_stat_activity, so an operator can tell the instances apart. */
  applicationName?: string;
}

/**
 * The connection one async context runs on: depth 0 for a withConnection block (no transaction),
 * 1 for a transaction, one more for each savepoint inside it.
 */
interface Frame {
  client: PoolClient;
  depth: number;
  /** Set when the block has returned; from then on work that outlived it uses the pool. */
  ended: boolean;
  /** Blocks nested in this one take turns on the connection, even when started side by side. */
  tail: Promise<unknown>;
  /** The savepoint's transaction (or outer savepoint); absent for a transaction or a connection block. */
  parent?: Frame;
  /** Keys claimed with `firstInTransaction` by this block; a released savepoint hands them to its parent. */
  claimed?: Set<string>;
  /** Set when a block that joined this one threw: this one can then only roll back. */
  doomed?: { error: unknown };
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
const DEFAULT_PING_TIMEOUT_MS = 2000;

/**
 * A node-postgres pool whose transactions follow the code: inside `withTransaction(fn)`, every
 * statement issued through `current()` or `query()`, however deep in the call tree, runs on the
 * transaction's connection, so a turn's writes and its outgoing messages commit or roll back
 * together. Outside any block, statements go to the pool.
 */
export class PostgresPool {
  private readonly frames = new AsyncLocalStorage<Frame>();
  private readonly urgency = new AsyncLocalStorage<true>();
  private readonly gate: PriorityGate;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    /** host:port/database, for logs and errors. */
    readonly target: string,
    private readonly password: string | undefined,
    size: number,
    private readonly waitMs: number,
  ) {
    this.gate = new PriorityGate(size);
  }

  /**
   * Creates the pool and checks that the server answers. Fails with a PostgresError
   * (`postgres_unreachable`) naming host:port/database and why, never the password.
   */
  static async open(config: PostgresConfig, options: PostgresPoolOptions = {}): Promise<PostgresPool> {
    const pool = new pg.Pool({
      connectionString: config.connectionString,
      max: config.poolMax,
      connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      application_name: options.applicationName ?? 'frontdesk',
      types: int8AsNumber(),
    });
    const store = new PostgresPool(
      pool,
      config.target,
      passwordOf(config.connectionString),
      config.poolMax,
      options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    );
    pool.on('error', (err) =>
      options.logger?.warn({ target: store.target, reason: store.describe(err) }, 'postgres: idle connection failed'),
    );
    try {
      await pool.query('SELECT 1');
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new PostgresError(
        'postgres_unreachable',
        `Cannot connect to PostgreSQL at ${config.target}: ${store.describe(err)}. Check DATABASE_URL.`,
      );
    }
    return store;
  }

  /**
   * Where statements go from here: the connection of the enclosing withTransaction or
   * withConnection block, or the pool outside any. Work started inside a block that outlives it
   * (a timer, a background loop) uses the pool once the block has returned.
   */
  current(): PostgresQueryable {
    const frame = this.activeFrame();
    if (!frame) return this.onPool;
    return {
      query: (query, values) =>
        (frame.ended ? this.onPool.query(query, values) : frame.client.query(prepared(query, values))).catch((err: unknown) => {
          throw unavailableOr(err);
        }),
    };
  }

  /** Runs one statement on `current()`. */
  query<R extends QueryResultRow = QueryResultRow>(query: string | QueryConfig<unknown[]>, values?: unknown[]): Promise<QueryResult<R>> {
    return this.current().query<R>(query, values);
  }

  /**
   * Runs `fn` with its statements ahead of everything else waiting for a connection: work for an
   * emergency never queues behind ordinary turns and sends for the pool's connections.
   */
  urgently<T>(fn: () => Promise<T>): Promise<T> {
    return this.urgency.run(true, fn);
  }

  /**
   * True the first time `key` is named inside the current transaction, false after that; always
   * true outside a transaction (each statement is its own commit). A key named inside a savepoint that rolls
   * back is forgotten with the savepoint's statements. For work one commit needs once, however many
   * rows asked for it (one job for a lane that got several messages).
   */
  firstInTransaction(key: string): boolean {
    const frame = this.activeFrame();
    if (!frame || frame.depth === 0) return true;
    for (let f: Frame | undefined = frame; f; f = f.parent) if (f.claimed?.has(key)) return false;
    (frame.claimed ??= new Set()).add(key);
    return true;
  }

  /** True inside withTransaction. */
  get inTransaction(): boolean {
    return (this.activeFrame()?.depth ?? 0) > 0;
  }

  /**
   * Runs `fn` between BEGIN and COMMIT on one connection; a throw rolls back and is rethrown.
   * Inside another transaction it is a SAVEPOINT: a throw undoes only its own statements and the
   * outer transaction goes on (or not) as its code decides. Inside withConnection it uses that
   * block's connection. Statements of one transaction run one after another on its connection:
   * nested blocks started side by side take turns.
   */
  async withTransaction<T>(fn: (tx: PostgresQueryable) => Promise<T>): Promise<T> {
    const outer = this.activeFrame();
    if (outer) return this.takeTurn(outer, () => (outer.depth === 0 ? this.transaction(outer.client, fn) : this.savepoint(outer, fn)));
    const client = await this.connect();
    let reusable = true;
    try {
      return await this.transaction(client, fn, () => (reusable = false));
    } finally {
      client.release(!reusable);
    }
  }

  /**
   * Runs `fn` as one atomic change, like withTransaction, but inside an open transaction (or
   * savepoint) it runs as part of it, with no savepoint of its own: if `fn` throws, that
   * transaction can no longer commit, whatever its code does with the error — it rolls back at its
   * end and fails with `fn`'s error. For writes that never undo alone inside a bigger change.
   */
  async withinTransaction<T>(fn: (tx: PostgresQueryable) => Promise<T>): Promise<T> {
    const outer = this.activeFrame();
    if (!outer || outer.depth === 0) return this.withTransaction(fn);
    try {
      return await fn(this.current());
    } catch (err) {
      outer.doomed ??= { error: err };
      throw err;
    }
  }

  /**
   * Runs `fn` on one connection of its own, outside any transaction, for what belongs to a session
   * (an advisory lock, a SET). withTransaction inside `fn` uses that connection. The connection is
   * closed afterwards rather than returned to the pool, so nothing set in the session outlives it.
   */
  async withConnection<T>(fn: (session: PostgresQueryable) => Promise<T>): Promise<T> {
    const client = await this.connect();
    const frame: Frame = { client, depth: 0, ended: false, tail: Promise.resolve() };
    try {
      return await this.frames.run(frame, () => fn(this.current()));
    } finally {
      frame.ended = true;
      client.release(true);
    }
  }

  /**
   * True when the server answers SELECT 1 within `timeoutMs` (default 2 s), waiting for a free
   * connection included. A connection that did not answer in time is closed, not reused.
   */
  async ping(timeoutMs = DEFAULT_PING_TIMEOUT_MS): Promise<boolean> {
    let client: PoolClient | undefined;
    let settled = false;
    let released = false;
    const release = (close: boolean) => {
      if (client && !released) {
        released = true;
        client.release(close);
      }
    };
    const attempt = (async () => {
      client = await this.connect();
      if (settled) return false;
      await client.query('SELECT 1');
      return true;
    })().catch(() => false);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const ok = await Promise.race([attempt, deadline]);
    settled = true;
    clearTimeout(timer);
    if (client) release(!ok);
    else void attempt.then(() => release(false));
    return ok;
  }

  /** Closes every connection once the statements in flight have finished. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }

  private readonly onPool: PostgresQueryable = {
    query: async (query, values) => {
      const client = await this.connect();
      let broken = false;
      try {
        return await client.query(prepared(query, values));
      } catch (err) {
        // A connection-level failure (not a statement error) must not go back to the pool.
        broken = !(err instanceof pg.DatabaseError) || isStalePlan(err);
        if (!isStalePlan(err)) throw unavailableOr(err);
      } finally {
        client.release(broken);
      }
      // The table changed under a statement this connection had prepared (another instance migrated):
      // that connection is closed and the statement runs once more on another one, prepared afresh.
      return this.onPool.query(query, values);
    },
  };

  /**
   * A connection once one is free, the emergency's first: at most the pool's size are out at once,
   * so node-postgres never queues requests itself (its queue knows no priority).
   */
  private async connect(): Promise<PoolClient> {
    await this.gate.acquire(this.urgency.getStore() === true, this.waitMs).catch((err: unknown) => {
      throw unavailableOr(err);
    });
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      this.gate.release();
      throw unavailableOr(err);
    }
    const release = client.release.bind(client);
    let released = false;
    client.release = (destroy?: boolean | Error) => {
      if (!released) {
        released = true;
        this.gate.release();
      }
      release(destroy);
    };
    return client;
  }

  private activeFrame(): Frame | undefined {
    const frame = this.frames.getStore();
    return frame && !frame.ended ? frame : undefined;
  }

  /**
   * BEGIN … COMMIT on `client`, with `fn` and everything it calls inside the transaction. A
   * connection that cannot even roll back is reported through `broken` so it is closed.
   */
  private async transaction<T>(client: PoolClient, fn: (tx: PostgresQueryable) => Promise<T>, broken?: () => void): Promise<T> {
    const frame: Frame = { client, depth: 1, ended: false, tail: Promise.resolve() };
    await client.query('BEGIN').catch((err: unknown) => {
      broken?.();
      throw err;
    });
    try {
      const result = await this.frames.run(frame, () => fn(this.current()));
      frame.ended = true;
      if (frame.doomed) throw frame.doomed.error;
      await client.query('COMMIT');
      return result;
    } catch (err) {
      frame.ended = true;
      await client.query('ROLLBACK').catch(() => broken?.());
      if (isStalePlan(err)) broken?.();
      throw unavailableOr(err);
    }
  }

  private async savepoint<T>(outer: Frame, fn: (tx: PostgresQueryable) => Promise<T>): Promise<T> {
    const frame: Frame = { client: outer.client, depth: outer.depth + 1, ended: false, tail: Promise.resolve(), parent: outer };
    const name = `frontdesk_savepoint_${frame.depth}`;
    await outer.client.query(`SAVEPOINT ${name}`);
    try {
      const result = await this.frames.run(frame, () => fn(this.current()));
      frame.ended = true;
      if (frame.doomed) throw frame.doomed.error;
      await outer.client.query(`RELEASE SAVEPOINT ${name}`);
      if (frame.claimed) for (const key of frame.claimed) (outer.claimed ??= new Set()).add(key);
      return result;
    } catch (err) {
      frame.ended = true;
      await outer.client.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
      throw err;
    }
  }

  private takeTurn<T>(frame: Frame, block: () => Promise<T>): Promise<T> {
    const run = frame.tail.then(block);
    frame.tail = run.catch(() => undefined);
    return run;
  }

  /** Why a connection failed, in words, with the password taken out should a driver ever echo it. */
  private describe(err: unknown): string {
    const message = reasonOf(err);
    return this.password ? message.split(this.password).join('***') : message;
  }
}

/** Statements this process runs as named, prepared ones; past this many distinct texts, unnamed. */
const MAX_PREPARED = 1000;
const preparedNames = new Map<string, string>();

/**
 * A statement with parameters runs as a named prepared statement: each connection parses and plans
 * it once, then only binds and runs it (a turn's sixty statements cost the server far less). A text
 * is named after its hash, so every connection and instance shares the names; texts built per call
 * beyond MAX_PREPARED are not prepared, so no connection collects statements without end.
 */
function prepared(query: string | QueryConfig<unknown[]>, values?: unknown[]): QueryConfig<unknown[]> {
  if (typeof query !== 'string') return values ? { ...query, values } : query;
  if (!values || values.length === 0) return { text: query };
  let name = preparedNames.get(query);
  if (name === undefined && preparedNames.size < MAX_PREPARED) {
    name = `frontdesk_${createHash('sha1').update(query).digest('hex').slice(0, 24)}`;
    preparedNames.set(query, name);
  }
  return name === undefined ? { text: query, values } : { name, text: query, values };
}

/**
 * A prepared statement whose table has changed since (a column added by a newer instance's
 * migration): the server refuses to run the old plan. A fresh connection prepares it again.
 */
function isStalePlan(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return isStalePlan(err.cause);
  return err instanceof pg.DatabaseError && err.code === '0A000' && /cached plan must not change result type/i.test(err.message);
}

/**
 * bigint columns (ids, epoch-millisecond times, counts) come back as numbers, as they do from
 * SQLite; node-postgres's default is a string. A value past 2^53 would lose digits, so it fails.
 */
function int8AsNumber(): pg.CustomTypesConfig {
  const overrides = new pg.TypeOverrides();
  overrides.setTypeParser(pg.types.builtins.INT8, (value: string) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) {
      throw new PostgresError('postgres_integer_out_of_range', 'A bigint value is outside the range a JavaScript number holds exactly.');
    }
    return n;
  });
  return overrides;
}

function passwordOf(connectionString: string): string | undefined {
  try {
    const password = decodeURIComponent(new URL(connectionString).password);
    return password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}

/** Node reports a refused connection to a name with several addresses as an AggregateError with no message. */
function reasonOf(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return [...new Set(err.errors.map(reasonOf))].join('; ');
  if (!(err instanceof Error)) return String(err);
  const code = (err as Error & { code?: unknown }).code;
  return err.message || (typeof code === 'string' ? code : err.name);
}

/** Counts connections out; waiters are served urgent first, then in arrival order. */
class PriorityGate {
  private readonly urgent: Array<() => void> = [];
  private readonly normal: Array<() => void> = [];

  constructor(private free: number) {}

  acquire(urgent: boolean, waitMs: number): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const line = urgent ? this.urgent : this.normal;
      const timer = setTimeout(() => {
        const at = line.indexOf(wake);
        if (at >= 0) line.splice(at, 1);
        reject(new Error('timeout exceeded when trying to connect: every connection of the pool is in use'));
      }, waitMs);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      line.push(wake);
    });
  }

  release(): void {
    const next = this.urgent.shift() ?? this.normal.shift();
    if (next) next();
    else this.free += 1;
  }
}

/**
 * SQLSTATEs that mean the database cannot take the work now, not that the work is wrong: the
 * server out of disk, memory or connections, shutting down or starting, a lock or a snapshot
 * conflict, the connection lost. Callers answer them as they answer a busy or full SQLite file
 * (503 with Retry-After, a worker's pause); every other error keeps its own code.
 */
const UNAVAILABLE_STATES = /^(08|53|57P0[123]|55P03|40001|40P01)/;

/** The store-unavailable error for a failure the database will get over; the error itself otherwise. */
export function unavailableOr(err: unknown): unknown {
  if (err instanceof StoreUnavailableError) return err;
  if (err instanceof pg.DatabaseError) {
    const state = err.code ?? '';
    // The server's error stays as the cause: code that expects a SQLSTATE (a lock timeout it set) still reads it.
    if (state === '53100') return Object.assign(new StoreUnavailableError('database_full'), { cause: err });
    // A transaction that met a stale plan is retried on a fresh connection, as after a conflict.
    if (isStalePlan(err)) return Object.assign(new StoreUnavailableError('database_busy'), { cause: err });
    return UNAVAILABLE_STATES.test(state) ? Object.assign(new StoreUnavailableError('database_busy'), { cause: err }) : err;
  }
  // No answer at all: refused, reset, timed out, or the pool's wait for a free connection ran out.
  const message = (err as Error | undefined)?.message ?? '';
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH)$/.test(code) ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(message)
  ) {
    return new StoreUnavailableError('database_busy');
  }
  return err;
}
