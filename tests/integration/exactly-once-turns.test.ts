import type { Store } from '../../src/create-store';
import { isPostgresStore } from '../../src/create-store';
import { createMigratedTestDatabase, describeWithPostgres } from '../helpers/postgres';
import { messengerText, startFrontdesk, startFrontdeskOnPostgres, type Frontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

// Many turns and sends through the real server; slow machines need more than the default.
jest.setTimeout(90_000);

/**
 * A crash at the k-th store write of a turn, for every k: the k-th INSERT/UPDATE made by the turn
 * aborts (as a kill would, the turn's transaction is lost), and the turn runs again.
 */
const WRITES = [
  ['contacts', 'INSERT'],
  ['contacts', 'UPDATE'],
  ['conversations', 'INSERT'],
  ['conversations', 'UPDATE'],
  ['messages', 'INSERT'],
  ['messages', 'UPDATE'],
  ['escalations', 'INSERT'],
  ['escalations', 'UPDATE'],
  ['outbox', 'INSERT'],
  ['audit_log', 'INSERT'],
  ['inbox', 'UPDATE OF processed_at'],
] as const;

/** Plain SQL on whichever store the server runs on (`?` placeholders), for faults and state. */
interface Sql {
  exec(sql: string): Promise<void>;
  all<T>(sql: string, values?: unknown[]): Promise<T[]>;
}

function sqlOf(fd: Frontdesk<Store>): Sql {
  const { store } = fd.server;
  if (isPostgresStore(store)) {
    const numbered = (sql: string) => {
      let n = 0;
      return sql.replace(/\?/g, () => `$${(n += 1)}`);
    };
    return {
      exec: async (sql) => void (await store.pool.query(sql)),
      all: async <T>(sql: string, values: unknown[] = []) => (await store.pool.query(numbered(sql), values)).rows as T[],
    };
  }
  const { db } = store as unknown as { db: import('better-sqlite3').Database };
  return {
    exec: (sql) => Promise.resolve(void db.exec(sql)),
    all: <T>(sql: string, values: unknown[] = []) =>
      Promise.resolve((db.prepare(sql).reader ? db.prepare(sql).all(...values) : (db.prepare(sql).run(...values), [])) as T[]),
  };
}

async function installFault(fd: Frontdesk<Store>): Promise<void> {
  const sql = sqlOf(fd);
  await sql.exec('CREATE TABLE IF NOT EXISTS fault (n INTEGER NOT NULL); DELETE FROM fault; INSERT INTO fault VALUES (0);');
  if (isPostgresStore(fd.server.store)) {
    // Only a first try is crashed, so the replay runs clean (the counter itself is rolled back with the turn).
    await sql.exec(`CREATE OR REPLACE FUNCTION fault_fire() RETURNS trigger AS $$ BEGIN
        IF (SELECT n FROM fault) > 0 AND (SELECT MIN(attempts) FROM inbox WHERE processed_at IS NULL) = 0 THEN
          UPDATE fault SET n = n - 1;
          IF (SELECT n FROM fault) = 0 THEN RAISE EXCEPTION 'injected crash'; END IF;
        END IF;
        RETURN COALESCE(NEW, OLD);
      END $$ LANGUAGE plpgsql;`);
    for (const [table, op] of WRITES) {
      const name = `fault_${table}_${op.split(' ')[0]?.toLowerCase()}`;
      await sql.exec(`CREATE OR REPLACE TRIGGER ${name} BEFORE ${op} ON ${table} FOR EACH ROW EXECUTE FUNCTION fault_fire()`);
    }
    return;
  }
  for (const [table, op] of WRITES) {
    const name = `fault_${table}_${op.split(' ')[0]?.toLowerCase()}`;
    // Only a first try is crashed, so the replay runs clean (the counter itself is rolled back with the turn).
    await sql.exec(`CREATE TRIGGER IF NOT EXISTS ${name} BEFORE ${op} ON ${table}
      WHEN (SELECT n FROM fault) > 0 AND (SELECT MIN(attempts) FROM inbox WHERE processed_at IS NULL) = 0
      BEGIN
        UPDATE fault SET n = n - 1;
        SELECT RAISE(ABORT, 'injected crash') WHERE (SELECT n FROM fault) = 0;
      END;`);
  }
}

async function arm(fd: Frontdesk<Store>, k: number): Promise<void> {
  await sqlOf(fd).all('UPDATE fault SET n = ?', [k]);
}

async function send(fd: Frontdesk<Store>, psid: string, mid: string, text: string): Promise<{ attempts: number }> {
  const res = await fd.postMessenger(messengerText({ psid, mid, text }));
  expect(res.status).toBe(200);
  const row = async () =>
    (
      await sqlOf(fd).all<{ processed_at: number | null; attempts: number }>(
        'SELECT processed_at, attempts FROM inbox WHERE event_id = ?',
        [mid],
      )
    )[0];
  await waitFor(async () => (await row())?.processed_at != null, 10_000);
  await fd.server.idle();
  return { attempts: (await row())?.attempts ?? -1 };
}

function sentTo(fd: Frontdesk<Store>, psid: string): string[] {
  return fd.graph
    .messages()
    .filter((r) => r.body.recipient?.id === psid)
    .map((r) => r.body.message?.text ?? '');
}

async function stateOf(fd: Frontdesk<Store>, psid: string): Promise<unknown> {
  const sql = sqlOf(fd);
  const [conversation] = await sql.all<{ id: number; flow_json: string | null; disclosed: unknown; fallback_streak: number }>(
    'SELECT id, flow_json, disclosed_at IS NOT NULL AS disclosed, fallback_streak FROM conversations WHERE platform_conversation_id = ?',
    [psid],
  );
  if (!conversation) return undefined;
  const escalations = await sql.all('SELECT route, intent, status, summary FROM escalations WHERE conversation_id = ? ORDER BY id', [
    conversation.id,
  ]);
  const messages = await sql.all('SELECT direction, author, text, route FROM messages WHERE conversation_id = ? ORDER BY id', [
    conversation.id,
  ]);
  const flow = conversation.flow_json === null ? null : (JSON.parse(conversation.flow_json) as Record<string, unknown>);
  return {
    flow: flow && { ...flow, ...('startedAt' in flow ? { startedAt: 0 } : {}) },
    disclosed: conversation.disclosed,
    streak: conversation.fallback_streak,
    escalations,
    messages,
  };
}

/** Runs `turn` for a fresh patient with the k-th write crashed, for k = 1, 2, … until the turn has no k-th write. */
async function everyCrashPoint(fd: Frontdesk<Store>, name: string, before: string[], turn: string): Promise<number> {
  const reference = `9${name}00`;
  for (const [i, text] of before.entries()) await send(fd, reference, `${reference}-b${i}`, text);
  const start = sentTo(fd, reference).length;
  await send(fd, reference, `${reference}-t`, turn);
  const expected = sentTo(fd, reference).slice(start);
  const expectedState = await stateOf(fd, reference);
  expect(expected.length).toBeGreaterThan(0);

  for (let k = 1; k < 60; k += 1) {
    const psid = `9${name}${String(k).padStart(2, '0')}`;
    for (const [i, text] of before.entries()) await send(fd, psid, `${psid}-b${i}`, text);
    const already = sentTo(fd, psid).length;
    await arm(fd, k);
    const { attempts } = await send(fd, psid, `${psid}-t`, turn);
    await arm(fd, 0);
    expect({ k, replies: sentTo(fd, psid).slice(already) }).toEqual({ k, replies: expected });
    expect({ k, state: await stateOf(fd, psid) }).toEqual({ k, state: expectedState });
    if (attempts === 0) return k - 1; // the turn has fewer than k writes: every crash point was tried
  }
  throw new Error('turn never finished without a crash');
}

function exactlyOnce(open: () => Promise<Frontdesk<Store>>): void {
  let fd: Frontdesk<Store>;
  beforeAll(async () => {
    fd = await open();
    await installFault(fd);
  });
  afterAll(async () => {
    await fd.close();
  });

  test('when a first-contact clinical question crashes at any store write, then the replay sends every reply once, in order, and stores the same state', async () => {
    const writes = await everyCrashPoint(fd, '1', [], 'I have had a rash on my arm for three days, what cream should I put on it?');
    expect(writes).toBeGreaterThanOrEqual(5);
  });

  test('when a booking step crashes at any store write, then the replay neither loses the reply nor stores the wrong step', async () => {
    const writes = await everyCrashPoint(fd, '2', ['I need to book an appointment'], 'Jamie Rivera');
    expect(writes).toBeGreaterThanOrEqual(3);
  });

  test('when an opening-hours question crashes at any store write, then the replay answers once and asks once whether it helped', async () => {
    const writes = await everyCrashPoint(fd, '3', [], 'what time do you open on saturday');
    expect(writes).toBeGreaterThanOrEqual(3);
  });
}

describe('Exactly-once turns on SQLite', () => {
  exactlyOnce(() => startFrontdesk());
});

describeWithPostgres('Exactly-once turns on PostgreSQL', () => {
  exactlyOnce(async () => startFrontdeskOnPostgres({ databaseUrl: (await createMigratedTestDatabase()).url }));
});
