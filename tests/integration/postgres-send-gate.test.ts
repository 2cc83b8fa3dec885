import { PostgresSendGateRepo } from '../../src/conversation/outbox/postgres-send-gate-repo';
import { PostgresPool } from '../../src/store/postgres/postgres-pool';
import { createMigratedTestDatabase, describeWithPostgres } from '../helpers/postgres';

describeWithPostgres('The send gate shared by instances on PostgreSQL', () => {
  let pools: PostgresPool[] = [];
  let a: PostgresSendGateRepo;
  let b: PostgresSendGateRepo;

  beforeAll(async () => {
    const db = await createMigratedTestDatabase();
    // Two pools stand for two instances: all they share is the database.
    pools = [await PostgresPool.open(db.config), await PostgresPool.open(db.config)];
    a = new PostgresSendGateRepo(pools[0]!);
    b = new PostgresSendGateRepo(pools[1]!);
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  test('when one instance is told to pause a channel, then the other sees the pause, and a shorter pause never cuts it', async () => {
    expect(await b.pausedUntil('messenger')).toBe(0);
    await a.pause('messenger', 2_000_000);
    await b.pause('messenger', 1_000_000);
    expect(await b.pausedUntil('messenger')).toBe(2_000_000);
    expect(await a.pausedUntil('x')).toBe(0);
  });

  test('when two instances send in the same second, then together they take the limit, and the rest wait for the next second', async () => {
    const now = 5_000_000_250;
    const taken = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).takeSend('messenger', now, 6)));
    expect(taken.filter((t) => t === undefined)).toHaveLength(6);
    expect(taken.filter((t) => t !== undefined)).toEqual(Array.from({ length: 4 }, () => 5_000_001_000));
    expect(await a.takeSend('messenger', now + 750, 6)).toBeUndefined();
  });

  describe("starting a lane's head in one statement", () => {
    const NOW = 7_000_000_500;
    const LEASE = 60_000;
    let conversationId: number;
    let n = 0;
    const pool = () => pools[0]!;
    const queue = async (lane: string, fields: { channel?: string; due?: number; urgent?: number; status?: string } = {}) => {
      n += 1;
      const { rows } = await pool().query<{ id: number }>(
        `INSERT INTO outbox (dedupe_key, channel, conversation_id, payload_json, status, next_attempt_at, created_at, urgent, lane)
         VALUES ($1, $2, $3, '{}', $4, $5, $6, $7, $8) RETURNING id`,
        [
          `k${n}`,
          fields.channel ?? 'messenger',
          conversationId,
          fields.status ?? 'pending',
          fields.due ?? NOW,
          NOW - 10,
          fields.urgent ?? 0,
          lane,
        ],
      );
      return rows[0]!.id;
    };

    beforeAll(async () => {
      const contact = await pool().query<{ id: number }>(
        `INSERT INTO contacts (channel, platform_user_id, created_at) VALUES ('messenger', 'psid-gate', 1) RETURNING id`,
      );
      const conversation = await pool().query<{ id: number }>(
        `INSERT INTO conversations (contact_id, channel, platform_conversation_id, reference_json, created_at, last_inbound_at)
         VALUES ($1, 'messenger', 'psid-gate', '{}', 1, 1) RETURNING id`,
        [contact.rows[0]!.id],
      );
      conversationId = conversation.rows[0]!.id;
    });

    test('when the lane is empty, then it says so', async () => {
      expect(await a.startLaneHead('messenger:nobody', 0, NOW, { messenger: null }, LEASE)).toEqual({ empty: true });
    });

    test('when the head is due on a channel this instance sends on, then it is started once, with one more try', async () => {
      const id = await queue('messenger:l1');
      await queue('messenger:l1');
      const started = await a.startLaneHead('messenger:l1', 0, NOW, { messenger: null }, LEASE);
      expect(started).toMatchObject({ item: { id, status: 'sending', attempts: 1 } });
    });

    test('when the head is for a channel this instance does not send on, or due later, then it is left as it is, and why is said', async () => {
      await queue('x:l2', { channel: 'x', urgent: 1 });
      expect(await a.startLaneHead('x:l2', 0, NOW, { messenger: null }, LEASE)).toEqual({ notMine: { urgent: true, channel: 'x' } });
      await queue('messenger:l3', { due: NOW + 5000 });
      expect(await a.startLaneHead('messenger:l3', 0, NOW, { messenger: null }, LEASE)).toEqual({
        dueAt: NOW + 5000,
        head: { urgent: false, channel: 'messenger' },
      });
      const rows = await pool().query<{ status: string; attempts: number }>(
        `SELECT status, attempts FROM outbox WHERE lane IN ('x:l2', 'messenger:l3')`,
      );
      expect(rows.rows).toEqual([
        { status: 'pending', attempts: 0 },
        { status: 'pending', attempts: 0 },
      ]);
    });

    test("when this second's sends are gone on the other instance, then the head waits for the next second; a pause set by the other waits until it ends", async () => {
      await queue('telegram:l4', { channel: 'telegram' });
      for (let i = 0; i < 2; i += 1) await b.takeSend('telegram', NOW, 2);
      expect(await a.startLaneHead('telegram:l4', 0, NOW, { telegram: 2 }, LEASE)).toEqual({
        waitUntil: 7_000_001_000,
        head: { urgent: false, channel: 'telegram' },
      });
      await b.pause('telegram', NOW + 30_000);
      expect(await a.startLaneHead('telegram:l4', 0, NOW + 1000, { telegram: 2 }, LEASE)).toEqual({
        waitUntil: NOW + 30_000,
        head: { urgent: false, channel: 'telegram' },
      });
      expect(await a.startLaneHead('telegram:l4', 0, NOW + 30_000, { telegram: 2 }, LEASE)).toMatchObject({ item: { status: 'sending' } });
    });
  });
});
