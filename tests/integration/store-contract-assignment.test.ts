import type { SqliteStore } from '../../src/create-store';
import { escalationRepos } from '../../src/escalation/escalation-store';
import { postgresEscalationRepos } from '../../src/escalation/postgres-escalation-store';
import type { QueuePolicy } from '../../src/platform/config';
import { PostgresPool } from '../../src/store/postgres/postgres-pool';
import type { EscalationRoute } from '../../src/triage/types';
import { createMigratedTestDatabase, describeWithPostgres } from '../helpers/postgres';
import { describeContract, seedConversation, type ContractStore } from '../helpers/store-contract';

type Repos = ReturnType<typeof postgresEscalationRepos>;

const POLICY: QueuePolicy = { assignment: 'round-robin', defaultCapacity: 2, awayAfterMs: 15 * 60_000, reopenWithinMs: 72 * 3_600_000 };
const AT = 10_000_000;

const backends = {
  sqlite: (s: SqliteStore) => escalationRepos(s.sql, POLICY),
  postgres: (pool: PostgresPool) => postgresEscalationRepos(pool, POLICY),
};

/** A staff account with a live console session last active at `seenAt`. */
async function seedStaff(store: ContractStore<unknown>, email: string, role: string, seenAt = AT): Promise<number> {
  const id = await store.insert('staff_users', {
    email,
    name: email,
    role,
    password_hash: 'x',
    password_changed_at: 0,
    created_at: 0,
    updated_at: 0,
  });
  await store.insert('staff_sessions', {
    token_hash: `hash-${email}`,
    user_id: id,
    csrf_token: 'c',
    created_at: 0,
    last_seen_at: seenAt,
    expires_at: AT * 10,
  });
  return id;
}

describeContract<Repos>('assignment store contract', backends, (setup) => {
  const raise = (store: ContractStore<Repos>, conversationId: number, key: string, route: EscalationRoute, at = AT, intent = 'question') =>
    store.repos.escalations.openOrRaise({ conversationId, sourceKey: key, route, intent, at });

  test('when two clinicians are available, then new clinical items go to them in turn up to capacity, and an emergency over it', async () => {
    const store = await setup();
    const a = await seedStaff(store, 'a@x', 'clinician');
    const b = await seedStaff(store, 'b@x', 'clinician');
    const agent = await seedStaff(store, 'c@x', 'agent');
    expect((await store.repos.assignment.staffLoad(AT)).map((l) => l.chosen)).toEqual(['off', 'off', 'off']);
    await store.repos.assignment.setAvailability(a, 'available', AT);
    await store.repos.assignment.setAvailability(b, 'available', AT);
    await store.repos.assignment.setAvailability(agent, 'available', AT);

    const holders: Array<number | null> = [];
    for (let i = 0; i < 5; i += 1) {
      const conversation = await seedConversation(store, `p${i}`);
      holders.push((await raise(store, conversation, `k${i}`, 'clinical')).escalation.assignedTo);
    }
    expect(holders).toEqual([a, b, a, b, null]); // capacity 2 each; the fifth waits

    const emergency = await raise(store, await seedConversation(store, 'pe'), 'ke', 'emergency');
    expect(emergency.escalation.assignedTo).toBe(a);
    const request = await raise(store, await seedConversation(store, 'pr'), 'kr', 'request', AT, 'appointment');
    expect(request.escalation.assignedTo).toBe(agent);

    const load = new Map((await store.repos.assignment.staffLoad(AT)).map((l) => [l.userId, l]));
    expect(load.get(a)).toMatchObject({ chosen: 'available', openItems: 3, capacity: null, lastActiveAt: AT });
    expect(load.get(b)?.openItems).toBe(2);

    // A capacity of its own frees a place; the waiting item goes to b on the next run.
    await store.repos.assignment.setCapacity(b, 3, AT);
    expect(await store.repos.assignment.assignWaiting(POLICY, AT)).toEqual([{ escalationId: expect.any(Number), userId: b }]);
    expect(await store.repos.assignment.assignWaiting(POLICY, AT)).toEqual([]);
  });

  test('when the pointer is read by a new repository, then the round robin continues where it stopped (it lives in the database)', async () => {
    const store = await setup();
    const a = await seedStaff(store, 'a@x', 'clinician');
    const b = await seedStaff(store, 'b@x', 'clinician');
    await store.repos.assignment.setAvailability(a, 'available', AT);
    await store.repos.assignment.setAvailability(b, 'available', AT);
    expect((await raise(store, await seedConversation(store, 'p1'), 'k1', 'clinical')).escalation.assignedTo).toBe(a);
    const rows = await store.rows<{ pool: string; last_user_id: number | null }>(
      'SELECT pool, last_user_id FROM assignment_pointers ORDER BY pool',
    );
    expect(rows).toEqual([
      { pool: 'clinical', last_user_id: a },
      { pool: 'front_desk', last_user_id: null },
    ]);
    expect((await raise(store, await seedConversation(store, 'p2'), 'k2', 'clinical')).escalation.assignedTo).toBe(b);
  });

  test('when a clinician is idle past awayAfterMs, or away, or off, then they get nothing; an item raised while nobody is available waits', async () => {
    const store = await setup();
    const idle = await seedStaff(store, 'a@x', 'clinician', AT - POLICY.awayAfterMs - 1);
    const away = await seedStaff(store, 'b@x', 'clinician');
    await store.repos.assignment.setAvailability(idle, 'available', AT);
    await store.repos.assignment.setAvailability(away, 'away', AT);
    const item = await raise(store, await seedConversation(store, 'p1'), 'k1', 'clinical');
    expect(item.escalation.assignedTo).toBeNull();

    await store.repos.assignment.setAvailability(away, 'available', AT);
    expect(await store.repos.assignment.assignWaiting(POLICY, AT)).toEqual([{ escalationId: item.escalation.id, userId: away }]);
  });

  test('when the patient writes within the window after their item was resolved, then it reopens to its holder; after the window a new item opens', async () => {
    const store = await setup();
    const a = await seedStaff(store, 'a@x', 'clinician');
    const b = await seedStaff(store, 'b@x', 'clinician');
    await store.repos.assignment.setAvailability(a, 'available', AT);
    await store.repos.assignment.setAvailability(b, 'available', AT);
    const conversation = await seedConversation(store, 'p1');
    const first = (await raise(store, conversation, 'k1', 'clinical')).escalation;
    expect(first.assignedTo).toBe(a);
    expect(await store.repos.escalations.resolve(first.id, `user:${a}`, AT + 1000)).toBe(true);

    const followUp = await raise(store, conversation, 'k2', 'clinical', AT + 2 * 3_600_000);
    expect(followUp).toMatchObject({ created: false, reopened: true, escalation: { id: first.id, status: 'open', assignedTo: a } });

    expect(await store.repos.escalations.resolve(first.id, `user:${a}`, AT + 3 * 3_600_000)).toBe(true);
    const late = await raise(store, conversation, 'k3', 'clinical', AT + 76 * 3_600_000);
    expect(late.created).toBe(true);
    expect(late.escalation.id).not.toBe(first.id);

    // A new emergency is never a reopened one: it is its own item (and alert).
    const emergency = (await raise(store, conversation, 'k4', 'emergency', AT + 77 * 3_600_000)).escalation;
    await store.repos.escalations.resolve(emergency.id, `user:${a}`, AT + 78 * 3_600_000);
    const again = await raise(store, conversation, 'k5', 'emergency', AT + 79 * 3_600_000);
    expect(again.created).toBe(true);
    expect(again.escalation.id).not.toBe(emergency.id);
  });

  test('when an item changes route, then it is unassigned with the new priority; refused while the conversation has that request open', async () => {
    const store = await setup();
    const conversation = await seedConversation(store, 'p1');
    const clinical = (await raise(store, conversation, 'k1', 'clinical')).escalation;
    const human = (await raise(store, conversation, 'k2', 'human', AT, 'human_request')).escalation;

    expect(await store.repos.escalations.changeRoute(clinical.id, 'human', 'handover', AT + 1)).toBe(false);
    await store.repos.escalations.resolve(human.id, 'x', AT + 2);
    expect(await store.repos.escalations.changeRoute(clinical.id, 'human', 'handover', AT + 3)).toBe(true);
    expect(await store.repos.escalations.get(clinical.id)).toMatchObject({
      route: 'human',
      intent: 'handover',
      priority: human.priority,
      assignedTo: null,
      updatedAt: AT + 3,
    });
  });
});

describeWithPostgres('assignment across two instances on PostgreSQL', () => {
  test('when two instances open items and offer waiting ones at the same moment, then no item is given twice and nobody passes capacity', async () => {
    const db = await createMigratedTestDatabase({ PGPOOL_MAX: '6' });
    const pools = [await PostgresPool.open(db.config), await PostgresPool.open(db.config)];
    try {
      const [one, two] = pools.map((pool) => postgresEscalationRepos(pool, { ...POLICY, defaultCapacity: 3 })) as [Repos, Repos];
      const sql = pools[0]!;
      const users: number[] = [];
      for (const email of ['a@x', 'b@x']) {
        const { rows } = await sql.query<{ id: number }>(
          `INSERT INTO staff_users (email, name, role, password_hash, password_changed_at, created_at, updated_at)
           VALUES ($1, $2, 'clinician', 'x', 0, 0, 0) RETURNING id`,
          [email, email],
        );
        users.push(rows[0]!.id);
        await sql.query(
          `INSERT INTO staff_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, 'c', 0, $3, $4)`,
          [`h-${email}`, rows[0]!.id, AT, AT * 10],
        );
      }
      const conversations: number[] = [];
      for (let i = 0; i < 12; i += 1) {
        const contact = await sql.query<{ id: number }>(
          `INSERT INTO contacts (channel, platform_user_id, created_at) VALUES ('messenger', $1, 0) RETURNING id`,
          [`c${i}`],
        );
        const conversation = await sql.query<{ id: number }>(
          `INSERT INTO conversations (contact_id, channel, platform_conversation_id, reference_json, created_at)
           VALUES ($1, 'messenger', $2, '{}', 0) RETURNING id`,
          [contact.rows[0]!.id, `c${i}`],
        );
        conversations.push(conversation.rows[0]!.id);
      }
      await Promise.all(users.map((id) => one.assignment.setAvailability(id, 'available', AT)));

      await Promise.all(
        conversations.flatMap((conversationId, i) => [
          (i % 2 === 0 ? one : two).escalations.openOrRaise({
            conversationId,
            sourceKey: `k${i}`,
            route: 'clinical',
            intent: 'q',
            at: AT + i,
          }),
          (i % 2 === 0 ? two : one).assignment.assignWaiting({ ...POLICY, defaultCapacity: 3 }, AT + i),
        ]),
      );

      const { rows } = await sql.query<{ assigned_to: number | null; n: number }>(
        'SELECT assigned_to, COUNT(*)::int AS n FROM escalations GROUP BY assigned_to ORDER BY assigned_to NULLS LAST',
      );
      expect(rows).toEqual([
        { assigned_to: users[0], n: 3 },
        { assigned_to: users[1], n: 3 },
        { assigned_to: null, n: 6 },
      ]);
      const pointer = await sql.query<{ last_user_id: number }>(`SELECT last_user_id FROM assignment_pointers WHERE pool = 'clinical'`);
      expect(users).toContain(pointer.rows[0]!.last_user_id);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });
});
