import { openDatabase, type Db } from '../../src/store/open-database';
import { migratePostgres } from '../../src/store/postgres/postgres-migrations';
import { PostgresPool } from '../../src/store/postgres/postgres-pool';
import { createTestDatabase, describeWithPostgres } from '../helpers/postgres';

/**
 * The PostgreSQL schema against the SQLite one, both read from the databases themselves (SQLite
 * after every migration in src/store/migrations.ts, PostgreSQL after every one of its own): a
 * SQLite migration without its PostgreSQL twin fails here.
 */

/** FTS5 tables and what stands for them in PostgreSQL: a generated tsvector column with a GIN index. */
const FULL_TEXT_TWINS: Record<string, { table: string; column: string; index: string }> = {
  messages_fts: { table: 'messages', column: 'text_search', index: 'messages_text_search' },
};

interface Column {
  type: 'integer' | 'text' | 'tsvector' | 'bytes';
  notNull: boolean;
  default: string | null;
}

interface Shape {
  /** table -> column -> column */
  columns: Record<string, Record<string, Column>>;
  primaryKeys: Record<string, string[]>;
  /** "table(columns)" for each UNIQUE constraint and unique index. */
  unique: string[];
  /** "table(column) -> table(column)" */
  foreignKeys: string[];
  /** name -> "table(columns)", with " unique" and " partial" when they are. */
  indexes: Record<string, string>;
  checks: Record<string, number>;
  triggers: string[];
}

function sqliteShape(db: Db): Shape {
  const objects = db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`).all() as Array<{
    type: string;
    name: string;
    tbl_name: string;
    sql: string | null;
  }>;
  const virtual = objects.filter((o) => o.type === 'table' && /^CREATE VIRTUAL TABLE/i.test(o.sql ?? '')).map((o) => o.name);
  const shadowOf = (name: string) => virtual.some((v) => name.startsWith(`${v}_`));
  const tables = objects.filter((o) => o.type === 'table' && !virtual.includes(o.name) && !shadowOf(o.name));
  const shape: Shape = { columns: {}, primaryKeys: {}, unique: [], foreignKeys: [], indexes: {}, checks: {}, triggers: [] };

  for (const { name, sql } of tables) {
    const info = db.prepare(`PRAGMA table_info(${name})`).all() as Array<{
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }>;
    shape.columns[name] = Object.fromEntries(
      info.map((c) => [
        c.name,
        {
          type: c.type === 'INTEGER' ? 'integer' : c.type === 'BLOB' ? 'bytes' : 'text',
          notNull: c.notnull === 1 || c.pk > 0,
          default: c.dflt_value,
        },
      ]),
    );
    shape.primaryKeys[name] = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    shape.checks[name] = (sql ?? '').match(/\bCHECK\s*\(/gi)?.length ?? 0;
    for (const fk of db.prepare(`PRAGMA foreign_key_list(${name})`).all() as Array<{ table: string; from: string; to: string }>) {
      shape.foreignKeys.push(`${name}(${fk.from}) -> ${fk.table}(${fk.to})`);
    }
    for (const index of db.prepare(`PRAGMA index_list(${name})`).all() as Array<{
      name: string;
      unique: number;
      origin: string;
      partial: number;
    }>) {
      const columns = (db.prepare(`PRAGMA index_info(${index.name})`).all() as Array<{ name: string }>).map((c) => c.name).join(', ');
      if (index.unique === 1 && index.partial === 0 && index.origin !== 'pk') shape.unique.push(`${name}(${columns})`);
      if (index.origin === 'c') shape.indexes[index.name] = describeIndex(name, columns, index.unique === 1, index.partial === 1);
    }
  }
  for (const [fts, twin] of Object.entries(FULL_TEXT_TWINS)) {
    expect(virtual).toContain(fts);
    shape.columns[twin.table]![twin.column] = { type: 'tsvector', notNull: false, default: null };
    shape.indexes[twin.index] = describeIndex(twin.table, twin.column, false, false);
  }
  for (const other of virtual.filter((v) => !(v in FULL_TEXT_TWINS))) shape.columns[`${other} (no PostgreSQL twin declared)`] = {};

  // Triggers that keep an FTS5 index current have no twin: PostgreSQL computes the generated column.
  shape.triggers = objects
    .filter((o) => o.type === 'trigger' && !virtual.some((v) => new RegExp(`\\b${v}\\b`).test(o.sql ?? '')))
    .map((o) => o.name)
    .sort();
  shape.unique.sort();
  shape.foreignKeys.sort();
  return shape;
}

async function postgresShape(pool: PostgresPool): Promise<Shape> {
  const shape: Shape = { columns: {}, primaryKeys: {}, unique: [], foreignKeys: [], indexes: {}, checks: {}, triggers: [] };
  const columns = await pool.query<{
    table_name: string;
    column_name: string;
    udt_name: string;
    is_nullable: string;
    column_default: string | null;
  }>(
    `SELECT c.table_name, c.column_name, c.udt_name, c.is_nullable, c.column_default
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`,
  );
  const types: Record<string, Column['type']> = {
    int4: 'integer',
    int8: 'integer',
    text: 'text',
    citext: 'text',
    tsvector: 'tsvector',
    bytea: 'bytes',
  };
  for (const c of columns.rows) {
    shape.columns[c.table_name] ??= {};
    shape.columns[c.table_name]![c.column_name] = {
      type: types[c.udt_name] ?? (`unexpected ${c.udt_name}` as Column['type']),
      notNull: c.is_nullable === 'NO',
      // '0' and 'private' as SQLite writes them: without PostgreSQL's type casts.
      default: c.column_default === null ? null : c.column_default.replace(/::[a-z ]+$/, ''),
    };
  }
  const constraints = await pool.query<{
    table: string;
    type: string;
    columns: string[];
    target: string | null;
    target_columns: string[] | null;
  }>(
    `SELECT t.relname AS table, c.contype AS type, ${columnNames('c.conrelid', 'c.conkey')} AS columns,
            r.relname AS target, ${columnNames('c.confrelid', 'c.confkey')} AS target_columns
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_class r ON r.oid = c.confrelid
      WHERE n.nspname = current_schema()`,
  );
  for (const c of constraints.rows) {
    if (c.type === 'p') shape.primaryKeys[c.table] = c.columns;
    if (c.type === 'f')
      shape.foreignKeys.push(`${c.table}(${c.columns.join(', ')}) -> ${c.target}(${(c.target_columns ?? []).join(', ')})`);
    if (c.type === 'c') shape.checks[c.table] = (shape.checks[c.table] ?? 0) + 1;
  }
  for (const table of Object.keys(shape.columns)) shape.checks[table] ??= 0;
  const indexes = await pool.query<{
    name: string;
    table: string;
    columns: string[];
    unique: boolean;
    partial: boolean;
    constraint: boolean;
  }>(
    `SELECT i.relname AS name, t.relname AS table, ${columnNames('t.oid', 'x.indkey')} AS columns, x.indisunique AS unique,
            x.indpred IS NOT NULL AS partial, EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid) AS constraint
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND NOT x.indisprimary`,
  );
  for (const index of indexes.rows) {
    const columns = index.columns.join(', ');
    if (index.unique && !index.partial) shape.unique.push(`${index.table}(${columns})`);
    if (!index.constraint) shape.indexes[index.name] = describeIndex(index.table, columns, index.unique, index.partial);
  }
  const triggers = await pool.query<{ name: string }>(
    `SELECT DISTINCT g.tgname AS name FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND NOT g.tgisinternal`,
  );
  // A TRUNCATE guard has no SQLite twin: SQLite has no TRUNCATE, and its DELETE fires the row triggers.
  shape.triggers = triggers.rows
    .map((t) => t.name)
    .filter((name) => !name.endsWith('_no_truncate'))
    .sort();
  shape.unique.sort();
  shape.foreignKeys.sort();
  return shape;
}

/** The names of the columns `keys` numbers in table `table`, in key order, as text[]. */
function columnNames(table: string, keys: string): string {
  return `array(SELECT a.attname::text FROM unnest(${keys}) WITH ORDINALITY k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = ${table} AND a.attnum = k.attnum ORDER BY k.ord)`;
}

function describeIndex(table: string, columns: string, unique: boolean, partial: boolean): string {
  return `${table}(${columns})${unique ? ' unique' : ''}${partial ? ' partial' : ''}`;
}

async function setup() {
  const db = await createTestDatabase();
  const pool = await PostgresPool.open(db.config);
  await migratePostgres(pool);
  return pool;
}

/**
 * What only instances sharing PostgreSQL need, which one SQLite process keeps in memory: the
 * channels' rate-limit pauses and per-second send counts, the public pages' and sign-in's rate
 * windows, and the job queue's list of live instances.
 */
const SHARED_STATE_TABLES = ['channel_pauses', 'channel_send_windows', 'rate_events', 'frontdesk_instances'];

function withoutSharedState(shape: Shape): Shape {
  const mentions = (entry: string) => SHARED_STATE_TABLES.some((t) => entry.startsWith(`${t}(`) || entry.startsWith(`${t} `));
  const drop = <T>(record: Record<string, T>) =>
    Object.fromEntries(Object.entries(record).filter(([table]) => !SHARED_STATE_TABLES.includes(table)));
  return {
    ...shape,
    columns: drop(shape.columns),
    primaryKeys: drop(shape.primaryKeys),
    checks: drop(shape.checks),
    indexes: Object.fromEntries(Object.entries(shape.indexes).filter(([, index]) => !mentions(String(index)))),
    unique: shape.unique.filter((u) => !mentions(u)),
    foreignKeys: shape.foreignKeys.filter((f) => !mentions(f)),
  };
}

describeWithPostgres('The PostgreSQL schema', () => {
  describe('compared with SQLite', () => {
    let pool: PostgresPool;
    let sqlite: Db;
    let expected: Shape;
    let actual: Shape;

    beforeAll(async () => {
      pool = await setup();
      sqlite = openDatabase(':memory:');
      expected = sqliteShape(sqlite);
      actual = withoutSharedState(await postgresShape(pool));
    });
    afterAll(async () => {
      sqlite?.close();
      await pool?.close();
    });

    test('when both stores are migrated, then they have the same tables with the same columns, types, NOT NULLs and defaults', () => {
      expect(Object.keys(actual.columns).sort()).toEqual(Object.keys(expected.columns).sort());
      for (const table of Object.keys(expected.columns)) {
        expect({ table, columns: actual.columns[table] }).toEqual({ table, columns: expected.columns[table] });
      }
    });

    test('when both stores are migrated, then primary keys, unique constraints and foreign keys match', () => {
      expect(actual.primaryKeys).toEqual(expected.primaryKeys);
      expect(actual.unique).toEqual(expected.unique);
      expect(actual.foreignKeys).toEqual(expected.foreignKeys);
    });

    test('when both stores are migrated, then every named index exists on the same columns, unique and partial alike', () => {
      expect(actual.indexes).toEqual(expected.indexes);
    });

    test('when both stores are migrated, then each table has as many CHECK constraints and the same triggers', () => {
      expect(actual.checks).toEqual(expected.checks);
      expect(actual.triggers).toEqual(expected.triggers);
    });

    test('when the schema is new, then the canned responses SQLite seeds are there too', async () => {
      const seeded = sqlite.prepare('SELECT title, text, position FROM canned_responses ORDER BY position').all();
      expect((await pool.query('SELECT title, text, position FROM canned_responses ORDER BY position')).rows).toEqual(seeded);
    });
  });

  describe('in use', () => {
    let pool: PostgresPool;
    beforeAll(async () => {
      pool = await setup();
      await pool.query(`INSERT INTO contacts (channel, platform_user_id, created_at) VALUES ('webchat', 'p1', 1)`);
      await pool.query(
        `INSERT INTO conversations (contact_id, channel, platform_conversation_id, reference_json, created_at) VALUES (1, 'webchat', 'c1', '{}', 1)`,
      );
    });
    afterAll(() => pool?.close());

    async function message(text: string): Promise<number> {
      const { rows } = await pool.query<{ id: number }>(
        `INSERT INTO messages (conversation_id, direction, author, text, status, created_at) VALUES (1, 'in', 'patient', $1, 'received', 1) RETURNING id`,
        [text],
      );
      return rows[0]!.id;
    }

    /** Every word must match, each also as a prefix: what the transcript search asks of FTS5. */
    async function search(...words: string[]): Promise<number[]> {
      const query = words.map((w) => `'${w.replace(/'/g, "''")}':*`).join(' & ');
      const { rows } = await pool.query<{ id: number }>(
        `SELECT id FROM messages WHERE text_search @@ to_tsquery('frontdesk_search', $1) ORDER BY id`,
        [query],
      );
      return rows.map((r) => r.id);
    }

    test('when a transcript is searched, then words match regardless of case and accents, and as prefixes', async () => {
      const spanish = await message('¿Puedo pedir una cita? Tengo DOLOR de cabeza y náuseas');
      const english = await message('My insurance card changed, can I send a photo?');

      expect(await search('nauseas')).toEqual([spanish]);
      expect(await search('dolor', 'cabe')).toEqual([spanish]);
      expect(await search('Insur', 'photo')).toEqual([english]);
      expect(await search('dolor', 'photo')).toEqual([]);
    });

    test('when a message text is changed (a purge), then the search index follows it', async () => {
      const id = await message('refill for lisinopril please');
      await pool.query(`UPDATE messages SET text = '' WHERE id = $1`, [id]);
      expect(await search('lisinopril')).toEqual([]);
    });

    test('when anyone changes the audit log, then PostgreSQL refuses as SQLite does', async () => {
      await pool.query(`INSERT INTO audit_log (at, actor, action) VALUES (1, 'staff:1', 'thread.read')`);
      for (const sql of ['UPDATE audit_log SET actor = $1', 'DELETE FROM audit_log WHERE actor <> $1', 'TRUNCATE audit_log']) {
        const values = sql.includes('$1') ? ['x'] : undefined;
        await expect(pool.query(sql, values)).rejects.toMatchObject({ code: '23001', message: 'audit_log is append-only' });
      }
    });

    test('when a note is deleted, then only a purge in progress for its conversation may do it', async () => {
      await pool.query(`INSERT INTO escalations (conversation_id, source_key, route, intent, priority, status, created_at, updated_at)
                        VALUES (1, 'k1', 'clinical', 'symptom', 1, 'open', 1, 1)`);
      await pool.query(
        `INSERT INTO escalation_notes (escalation_id, conversation_id, actor, text, created_at) VALUES (1, 1, 'staff:1', 'n', 1)`,
      );
      await expect(pool.query(`UPDATE escalation_notes SET text = 'x'`)).rejects.toMatchObject({ message: 'notes are append-only' });
      await expect(pool.query('DELETE FROM escalation_notes')).rejects.toMatchObject({ message: 'notes are append-only' });

      await pool.withTransaction(async (tx) => {
        await tx.query('INSERT INTO purge_in_progress (conversation_id) VALUES (1)');
        await tx.query('DELETE FROM escalation_notes WHERE conversation_id = 1');
        await tx.query('DELETE FROM purge_in_progress WHERE conversation_id = 1');
      });
      expect((await pool.query('SELECT count(*) AS n FROM escalation_notes')).rows).toEqual([{ n: 0 }]);
    });

    test('when a staff email differs only in case, then it is the same account, as with COLLATE NOCASE', async () => {
      const insert = `INSERT INTO staff_users (email, name, role, password_hash, password_changed_at, created_at, updated_at)
                      VALUES ($1, 'N', 'agent', 'h', 1, 1, 1)`;
      await pool.query(insert, ['Nurse@Practice.example']);
      await expect(pool.query(insert, ['nurse@practice.example'])).rejects.toMatchObject({ code: '23505' });
      expect((await pool.query('SELECT name FROM staff_users WHERE email = $1', ['NURSE@practice.EXAMPLE'])).rows).toEqual([{ name: 'N' }]);
    });

    test('when a value breaks a CHECK, then PostgreSQL refuses it', async () => {
      await expect(pool.query(`UPDATE conversations SET surface = 'secret'`)).rejects.toMatchObject({ code: '23514' });
      await expect(pool.query('INSERT INTO heartbeat (id, at) VALUES (2, 1)')).rejects.toMatchObject({ code: '23514' });
    });
  });
});
