import type { SqliteStore } from '../../src/create-store';
import type { QueueDepth } from '../../src/operations/operations-repo';
import { operationsRepos, type OperationsStore } from '../../src/operations/operations-store';
import { postgresOperationsRepos } from '../../src/operations/postgres-operations-store';
import { describeContract, seedConversation, type ContractStore } from '../helpers/store-contract';

const backends = { sqlite: (s: SqliteStore) => operationsRepos(s.sql), postgres: postgresOperationsRepos };

type Store = ContractStore<OperationsStore>;

function message(
  store: Store,
  conversationId: number,
  direction: 'in' | 'out',
  at: number,
  fields: Record<string, string | number | null> = {},
) {
  return store.insert('messages', {
    conversation_id: conversationId,
    direction,
    author: direction === 'in' ? 'patient' : 'bot',
    text: 't',
    status: direction === 'in' ? 'received' : 'queued',
    created_at: at,
    ...fields,
  });
}

function outbox(store: Store, conversationId: number, key: string, fields: Record<string, string | number | null>) {
  return store.insert('outbox', {
    dedupe_key: key,
    channel: 'messenger',
    conversation_id: conversationId,
    payload_json: '{}',
    status: 'pending',
    next_attempt_at: 1000,
    created_at: 1000,
    ...fields,
  });
}

const sorted = (depths: QueueDepth[]) =>
  [...depths].sort((a, b) => `${a.channel}/${a.priority}`.localeCompare(`${b.channel}/${b.priority}`));

describeContract<OperationsStore>('operations store contract', backends, (setup) => {
  test('when a reply is delivered, then the wait it ended is read: only for the first delivered reply, from the inbox time of the message it answers', async () => {
    const store = await setup();
    const { operations } = store.repos;
    const c = await seedConversation(store);
    await store.insert('inbox', { channel: 'messenger', event_id: 'mid-1', payload_json: '{}', received_at: 1234 });
    await message(store, c, 'in', 1000, { platform_message_id: 'mid-1' });
    const reply = await message(store, c, 'out', 1200);
    const second = await message(store, c, 'out', 1250, { author: 'staff' });
    await message(store, c, 'in', 1300, { platform_message_id: 'mid-2' });
    const toUnstored = await message(store, c, 'out', 1400);
    const early = await message(store, await seedConversation(store, 'other'), 'out', 900);

    expect(await operations.firstReplyWait(reply, 'messenger')).toEqual({ author: 'bot', receivedAt: 1234 });
    expect(await operations.firstReplyWait(second, 'messenger')).toEqual({ author: 'staff', receivedAt: 1234 });
    expect(await operations.firstReplyWait(reply, 'x')).toBeUndefined(); // the event is another channel's
    expect(await operations.firstReplyWait(toUnstored, 'messenger')).toBeUndefined(); // its message never passed the inbox
    expect(await operations.firstReplyWait(early, 'messenger')).toBeUndefined(); // answers nothing

    await store.rows("UPDATE messages SET status = 'sent' WHERE id = ?", [reply]);
    expect(await operations.firstReplyWait(second, 'messenger')).toBeUndefined(); // the first reply was delivered before it
    expect(await operations.firstReplyWait(reply, 'messenger')).toEqual({ author: 'bot', receivedAt: 1234 });
  });

  test('when waiting messages failed, then each channel reports its oldest, count, lowest conversation, latest error and last delivery', async () => {
    const store = await setup();
    const a = await seedConversation(store, 'a');
    const b = await seedConversation(store, 'b');
    expect(await store.repos.operations.waitingFailuresByChannel(10_000)).toEqual([]);
    await outbox(store, b, 'o1', { last_error: 'timeout', created_at: 2000 });
    await outbox(store, a, 'o2', { last_error: 'rate limited', created_at: 3000, status: 'sending' });
    await outbox(store, a, 'o3', { created_at: 1000 });
    await outbox(store, a, 'o4', { status: 'sent', sent_at: 1500 });
    await outbox(store, a, 'o5', { status: 'sent', sent_at: 2500 });
    await outbox(store, a, 'o6', { channel: 'x', last_error: 'later', created_at: 20_000 });
    await outbox(store, a, 'o7', { channel: 'x', last_error: 'down', created_at: 4000 });

    expect([...(await store.repos.operations.waitingFailuresByChannel(10_000))].sort((p, q) => p.channel.localeCompare(q.channel))).toEqual(
      [
        { channel: 'messenger', since: 2000, failing: 2, conversationId: a, lastError: 'rate limited', lastSent: 2500 },
        { channel: 'x', since: 4000, failing: 1, conversationId: a, lastError: 'down', lastSent: null },
      ],
    );
  });

  test('when the heartbeat is written twice, then the one row holds the latest time', async () => {
    const store = await setup();

    await store.repos.operations.writeHeartbeat(1000);
    await store.repos.operations.writeHeartbeat(2000);

    expect(await store.rows('SELECT id, at FROM heartbeat')).toEqual([{ id: 1, at: 2000 }]);
  });

  test('when queues hold items, then depths count them by channel and urgency and oldestDueAt gives the longest-due', async () => {
    const store = await setup();
    const { operations } = store.repos;
    const c = await seedConversation(store);
    expect(await operations.inboxDepths()).toEqual([]);
    expect(await operations.oldestDueAt(5000)).toBeNull();
    await store.insert('inbox', { channel: 'messenger', event_id: 'e1', payload_json: '{}', received_at: 1000 });
    await store.insert('inbox', { channel: 'messenger', event_id: 'e2', payload_json: '{}', received_at: 900, urgent: 1 });
    await store.insert('inbox', { channel: 'messenger', event_id: 'e3', payload_json: '{}', received_at: 1100 });
    await store.insert('inbox', { channel: 'x', event_id: 'e4', payload_json: '{}', received_at: 500, processed_at: 600 });
    await outbox(store, c, 'o1', { next_attempt_at: 3000, created_at: 1000 });
    await outbox(store, c, 'o2', { next_attempt_at: 2000, created_at: 1200, urgent: 1, status: 'sending' });
    await outbox(store, c, 'o3', { next_attempt_at: 1000, status: 'sent' });
    await outbox(store, c, 'o4', { channel: 'x', next_attempt_at: 9000, created_at: 800 });

    expect(sorted(await operations.inboxDepths())).toEqual([
      { channel: 'messenger', priority: 'normal', n: 2, oldest: 1000 },
      { channel: 'messenger', priority: 'urgent', n: 1, oldest: 900 },
    ]);
    expect(sorted(await operations.outboxDepths())).toEqual([
      { channel: 'messenger', priority: 'normal', n: 1, oldest: 1000 },
      { channel: 'messenger', priority: 'urgent', n: 1, oldest: 1200 },
      { channel: 'x', priority: 'normal', n: 1, oldest: 800 },
    ]);
    expect(await operations.oldestDueAt(5000)).toBe(2000);
    expect(await operations.oldestDueAt(1500)).toBeNull();
  });

  test('when actions are audited, then countAudited counts one action exactly', async () => {
    const store = await setup();
    for (const action of ['login.failed', 'login.failed', 'login.ok']) {
      await store.insert('audit_log', { at: 1000, actor: 'ann', action });
    }

    expect(await store.repos.operations.countAudited('login.failed')).toBe(2);
    expect(await store.repos.operations.countAudited('login.')).toBe(0);
  });
});
