import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../../src/store/migrations';

/** A database at migration 9 with a history written before messages had a kind, then migrated. */
function migratedHistory() {
  const db = new Database(':memory:');
  for (const m of MIGRATIONS.filter((m) => m.version <= 9)) db.exec(m.sql);
  db.exec(`INSERT INTO contacts (id, channel, platform_user_id, created_at) VALUES (1, 'messenger', 'p1', 0)`);
  db.exec(`INSERT INTO conversations (id, contact_id, channel, platform_conversation_id, reference_json, created_at)
           VALUES (1, 1, 'messenger', 'p1', '{}', 0)`);
  const insert = db.prepare(
    `INSERT INTO messages (conversation_id, direction, author, text, route, status, created_at) VALUES (1, ?, ?, ?, ?, 'sent', ?)`,
  );
  const rows = [
    ['in', 'patient', 'Alex Example', 'request'],
    ['in', 'patient', 'my hiv medication gave me a rash', 'clinical'],
    ['out', 'bot', 'Please check:\n• Name: Alex Example\n• Reason: my hiv medication gave me a rash', null],
    ['out', 'bot', 'Thanks, we have your request.', null],
    ['in', 'patient', 'chest pain now', 'emergency'],
    ['out', 'staff', 'We will call you.', 'request'],
    ['in', 'patient', 'not triaged yet', null],
  ] as const;
  rows.forEach(([direction, author, text, route], i) => insert.run(direction, author, text, route, i));
  db.exec(`INSERT INTO escalations (id, conversation_id, source_key, route, intent, priority, status, created_at, updated_at, summary)
           VALUES (1, 1, 'k1', 'request', 'appointment', 2, 'open', 0, 0, '• Reason: my hiv medication gave me a rash'),
                  (2, 1, 'k2', 'request', 'appointment', 2, 'open', 0, 0, '• Name: Alex Example')`);
  for (const m of MIGRATIONS.filter((m) => m.version === 10)) db.exec(m.sql);
  return db;
}

describe('Content kinds for a history written before messages had one', () => {
  test('when the kind migration runs, then kinds follow the routes, and an assistant message or summary repeating clinical words is clinical', () => {
    const db = migratedHistory();
    expect((db.prepare('SELECT kind FROM messages ORDER BY id').all() as Array<{ kind: string | null }>).map((r) => r.kind)).toEqual([
      'administrative',
      'clinical',
      'clinical',
      'administrative',
      'emergency',
      'administrative',
      null,
    ]);
    expect(
      (db.prepare('SELECT summary_kind FROM escalations ORDER BY id').all() as Array<{ summary_kind: string }>).map((r) => r.summary_kind),
    ).toEqual(['clinical', 'administrative']);
  });
});
