import { messengerText, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
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

function installFault(fd: Frontdesk): void {
  const db = fd.server.store.db;
  db.exec('CREATE TABLE IF NOT EXISTS fault (n INTEGER NOT NULL); DELETE FROM fault; INSERT INTO fault VALUES (0);');
  for (const [table, op] of WRITES) {
    const name = `fault_${table}_${op.split(' ')[0]?.toLowerCase()}`;
    // Only a first try is crashed, so the replay runs clean (the counter itself is rolled back with the turn).
    db.exec(`CREATE TRIGGER IF NOT EXISTS ${name} BEFORE ${op} ON ${table}
      WHEN (SELECT n FROM fault) > 0 AND (SELECT MIN(attempts) FROM inbox WHERE processed_at IS NULL) = 0
      BEGIN
        UPDATE fault SET n = n - 1;
        SELECT RAISE(ABORT, 'injected crash') WHERE (SELECT n FROM fault) = 0;
      END;`);
  }
}

function arm(fd: Frontdesk, k: number): void {
  fd.server.store.db.prepare('UPDATE fault SET n = ?').run(k);
}

async function send(fd: Frontdesk, psid: string, mid: string, text: string): Promise<{ attempts: number }> {
  const res = await fd.postMessenger(messengerText({ psid, mid, text }));
  expect(res.status).toBe(200);
  const row = () =>
    fd.server.store.db.prepare('SELECT processed_at, attempts FROM inbox WHERE event_id = ?').get(mid) as
      { processed_at: number | null; attempts: number } | undefined;
  await waitFor(() => row()?.processed_at != null, 5000);
  await fd.server.idle();
  return { attempts: (row() as { attempts: number }).attempts };
}

function sentTo(fd: Frontdesk, psid: string): string[] {
  return fd.graph
    .messages()
    .filter((r) => r.body.recipient?.id === psid)
    .map((r) => r.body.message?.text ?? '');
}

function stateOf(fd: Frontdesk, psid: string): unknown {
  const db = fd.server.store.db;
  const conversation = db
    .prepare(
      'SELECT id, flow_json, disclosed_at IS NOT NULL AS disclosed, fallback_streak FROM conversations WHERE platform_conversation_id = ?',
    )
    .get(psid) as { id: number; flow_json: string | null; disclosed: number; fallback_streak: number } | undefined;
  if (!conversation) return undefined;
  const escalations = db
    .prepare('SELECT route, intent, status, summary FROM escalations WHERE conversation_id = ? ORDER BY id')
    .all(conversation.id);
  const messages = db
    .prepare('SELECT direction, author, text, route FROM messages WHERE conversation_id = ? ORDER BY id')
    .all(conversation.id);
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
async function everyCrashPoint(fd: Frontdesk, name: string, before: string[], turn: string): Promise<number> {
  const reference = `9${name}00`;
  for (const [i, text] of before.entries()) await send(fd, reference, `${reference}-b${i}`, text);
  const start = sentTo(fd, reference).length;
  await send(fd, reference, `${reference}-t`, turn);
  const expected = sentTo(fd, reference).slice(start);
  const expectedState = stateOf(fd, reference);
  expect(expected.length).toBeGreaterThan(0);

  for (let k = 1; k < 60; k += 1) {
    const psid = `9${name}${String(k).padStart(2, '0')}`;
    for (const [i, text] of before.entries()) await send(fd, psid, `${psid}-b${i}`, text);
    const already = sentTo(fd, psid).length;
    arm(fd, k);
    const { attempts } = await send(fd, psid, `${psid}-t`, turn);
    arm(fd, 0);
    expect({ k, replies: sentTo(fd, psid).slice(already) }).toEqual({ k, replies: expected });
    expect({ k, state: stateOf(fd, psid) }).toEqual({ k, state: expectedState });
    if (attempts === 0) return k - 1; // the turn has fewer than k writes: every crash point was tried
  }
  throw new Error('turn never finished without a crash');
}

describe('Exactly-once turns', () => {
  let fd: Frontdesk;
  beforeAll(async () => {
    fd = await startFrontdesk();
    installFault(fd);
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
});
