import { createStore, type SqliteStore } from '../../src/create-store';
import { PostgresPool } from '../../src/store/postgres/postgres-pool';
import { createMigratedTestDatabase, describeWithPostgres } from './postgres';

type Value = string | number | null;

/**
 * One store under a contract test: the repositories being compared, and raw access to the tables
 * for what a test arranges beforehand (rows of other components) or checks afterwards.
 */
export interface ContractStore<R> {
  repos: R;
  /** Inserts a row and returns its id. */
  insert(table: string, row: Record<string, Value>): Promise<number>;
  /** Runs one statement with `?` placeholders and returns its rows. */
  rows<T>(sql: string, values?: Value[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface ContractBackends<R> {
  sqlite: (store: SqliteStore) => R;
  postgres: (pool: PostgresPool) => R;
}

function toPostgres(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function insertSql(table: string, row: Record<string, Value>): { sql: string; values: Value[] } {
  const columns = Object.keys(row);
  return {
    sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) RETURNING id`,
    values: Object.values(row),
  };
}

export async function openSqliteContract<R>(make: (store: SqliteStore) => R): Promise<ContractStore<R>> {
  const store = createStore(':memory:');
  return {
    repos: make(store),
    insert: (table, row) => {
      const { sql, values } = insertSql(table, row);
      return store.sql.run(() => (store.sql.db.prepare(sql).get(...values) as { id: number }).id);
    },
    rows: <T>(sql: string, values: Value[] = []) =>
      store.sql.run(() => {
        const statement = store.sql.db.prepare(sql);
        if (!statement.reader) {
          statement.run(...values);
          return [];
        }
        return statement.all(...values) as T[];
      }),
    close: () => store.close(),
  };
}

export async function openPostgresContract<R>(make: (pool: PostgresPool) => R): Promise<ContractStore<R>> {
  const db = await createMigratedTestDatabase();
  const pool = await PostgresPool.open(db.config);
  return {
    repos: make(pool),
    insert: async (table, row) => {
      const { sql, values } = insertSql(table, row);
      const result = await pool.query<{ id: number }>(toPostgres(sql), values);
      return result.rows[0]!.id;
    },
    rows: async <T>(sql: string, values: Value[] = []) => (await pool.query(toPostgres(sql), values)).rows as T[],
    close: () => pool.close(),
  };
}

/**
 * Runs the same behavioural tests against the SQLite and the PostgreSQL implementation. `body`
 * gets a `setup()` that opens a fresh, migrated store of that kind for one test; the PostgreSQL
 * half is skipped (with a notice) where PostgreSQL is not installed.
 */
export function describeContract<R>(
  name: string,
  backends: ContractBackends<R>,
  body: (setup: () => Promise<ContractStore<R>>, kind: 'sqlite' | 'postgres') => void,
): void {
  const opened: Array<ContractStore<R>> = [];
  const track = async (open: Promise<ContractStore<R>>) => {
    const store = await open;
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  describe(`${name} on SQLite`, () => body(() => track(openSqliteContract(backends.sqlite)), 'sqlite'));
  describeWithPostgres(`${name} on PostgreSQL`, () => body(() => track(openPostgresContract(backends.postgres)), 'postgres'));
}

/** A contact and its conversation, as the conversation component writes them. */
export async function seedConversation<R>(store: ContractStore<R>, platformId = 'p1', at = 1000): Promise<number> {
  const contactId = await store.insert('contacts', { channel: 'messenger', platform_user_id: platformId, created_at: at });
  return store.insert('conversations', {
    contact_id: contactId,
    channel: 'messenger',
    platform_conversation_id: platformId,
    reference_json: '{}',
    created_at: at,
  });
}
