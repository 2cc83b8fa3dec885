import { findExpired } from '../../src/privacy/retention';
import { messengerPatient } from '../helpers/patients';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

const DAY = 24 * 3_600_000;
const T0 = Date.parse('2026-06-01T15:00:00Z');

jest.setTimeout(60_000);

describe('Retention (RETENTION_DAYS)', () => {
  test('when conversations age past RETENTION_DAYS, then exactly the idle closed ones lose their text and notes at start, the dry run listed the same, and the audit log records it', async () => {
    let clock = T0;
    let fd: Frontdesk = await startFrontdesk({ now: () => clock });
    const dir = fd.dir;
    const app = () => fd;

    const answered = messengerPatient(app, () => clock); // answered by the bot, nothing open
    await answered.say('what time do you open');
    const stillOpen = messengerPatient(app, () => clock); // clinical, never resolved
    await stillOpen.say('i have a rash on my arm that is spreading, should i be worried');
    const resolved = messengerPatient(app, () => clock); // clinical, a note, resolved
    await resolved.say('my blood pressure readings are high, should i change my dose');
    const returning = messengerPatient(app, () => clock); // came back on day 80
    await returning.say('what time do you open');

    const ids = fd.server.store.db.prepare('SELECT id, conversation_id FROM escalations ORDER BY id').all() as Array<{
      id: number;
      conversation_id: number;
    }>;
    const resolvedConversation = (
      fd.server.store.db.prepare(`SELECT conversation_id AS c FROM escalations ORDER BY id DESC LIMIT 1`).get() as { c: number }
    ).c;
    const resolvedItem = ids.find((e) => e.conversation_id === resolvedConversation)?.id as number;
    expect(
      (await fd.staff(`/api/escalations/${resolvedItem}/notes`, { method: 'POST', body: { text: 'called the patient back zqxv' } })).status,
    ).toBe(201);
    clock = T0 + 3_600_000;
    expect((await fd.staff(`/api/escalations/${resolvedItem}/resolve`, { method: 'POST' })).status).toBe(200);
    clock = T0 + 80 * DAY;
    await returning.say('thanks');

    const conversations = fd.server.store.db
      .prepare('SELECT c.id, k.platform_user_id AS psid FROM conversations c JOIN contacts k ON k.id = c.contact_id ORDER BY c.id')
      .all() as Array<{ id: number; psid: string }>;
    expect(conversations).toHaveLength(4);
    const [a, b, c, d] = conversations.map((r) => r.id) as [number, number, number, number];
    expect(c).toBe(resolvedConversation);

    // Day 100, 90-day retention: the dry run lists the answered and the resolved conversations only.
    const day100 = T0 + 100 * DAY;
    const dryRun = await findExpired(fd.server.store, day100, 90);
    expect(dryRun.map((x) => x.conversationId)).toEqual([a, c]);
    expect(dryRun.find((x) => x.conversationId === c)).toMatchObject({ notes: 1 });
    const auditBefore = (await fd.server.store.audit.search({ limit: 10_000 })).length;
    await fd.close();

    // Restart on day 100 with the policy on: it applies at start.
    clock = day100;
    fd = await startFrontdesk({ dir, now: () => clock, env: { RETENTION_DAYS: '90' } });
    try {
      const store = fd.server.store;
      const texts = async (id: number) => (await store.messages.listByConversation(id)).map((m) => m.text);
      expect((await texts(a)).every((t) => t === '')).toBe(true);
      expect((await texts(c)).every((t) => t === '')).toBe(true);
      expect((await texts(a)).length).toBeGreaterThan(0); // rows stay: times and routes for reports
      expect(await store.notes.listForConversation(c)).toEqual([]);
      expect((await texts(b)).some((t) => t.includes('rash'))).toBe(true);
      expect((await texts(d)).some((t) => t.includes('what time'))).toBe(true);
      // Raw webhook copies of purged messages are gone too.
      const rawA = store.db
        .prepare(`SELECT payload_json FROM inbox WHERE event_id IN (SELECT platform_message_id FROM messages WHERE conversation_id = ?)`)
        .all(a) as Array<{ payload_json: string }>;
      expect(rawA.length).toBeGreaterThan(0);
      expect(rawA.every((r) => r.payload_json === 'null')).toBe(true);
      expect(JSON.stringify(store.db.prepare('SELECT * FROM inbox').all())).not.toContain('blood pressure');

      const purges = await store.audit.search({ action: 'retention.purge' });
      expect(purges.map((p) => Number(p.targetId)).sort()).toEqual([a, c]);
      expect(purges.every((p) => p.actor === 'system:retention' && p.targetType === 'conversation')).toBe(true);
      expect(JSON.stringify(purges)).not.toMatch(/zqxv|blood|open/);
      expect((await store.audit.search({ limit: 10_000 })).length).toBe(auditBefore + 2);
      expect(await findExpired(store, day100, 90)).toEqual([]);

      // The metrics count the purges from the audit log.
      const metrics = await (await fetch(`${fd.server.url}/metrics`)).text();
      expect(metrics).toContain('frontdesk_privacy_actions_total{action="retention_purge"} 2');
    } finally {
      await fd.close();
    }
  });

  test('when RETENTION_DAYS is not set, then nothing is purged however old', async () => {
    let clock = T0;
    const fd = await startFrontdesk({ now: () => clock });
    try {
      await messengerPatient(
        () => fd,
        () => clock,
      ).say('what time do you open');
      clock = T0 + 5000 * DAY;
      await fd.server.maintenance.retention();
      const texts = fd.server.store.db.prepare(`SELECT text FROM messages`).all() as Array<{ text: string }>;
      expect(texts.every((t) => t.text !== '')).toBe(true);
    } finally {
      await fd.close();
    }
  });
});
