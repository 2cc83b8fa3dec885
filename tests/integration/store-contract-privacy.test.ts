import type { SqliteStore } from '../../src/create-store';
import { postgresPrivacyRepos } from '../../src/privacy/postgres-privacy-store';
import { privacyRepos, type PrivacyStore } from '../../src/privacy/privacy-store';
import { describeContract, seedConversation, type ContractStore } from '../helpers/store-contract';

const backends = { sqlite: (s: SqliteStore) => privacyRepos(s.sql), postgres: postgresPrivacyRepos };

type Store = ContractStore<PrivacyStore>;

function message(store: Store, conversationId: number, at: number, fields: Record<string, string | number | null> = {}): Promise<number> {
  return store.insert('messages', {
    conversation_id: conversationId,
    direction: 'in',
    author: 'patient',
    text: 'my knee hurts',
    status: 'received',
    created_at: at,
    ...fields,
  });
}

function outbox(store: Store, conversationId: number, messageId: number, key: string, status: string, at = 1000): Promise<number> {
  return store.insert('outbox', {
    dedupe_key: key,
    channel: 'messenger',
    conversation_id: conversationId,
    message_id: messageId,
    payload_json: '{"text":"reply"}',
    status,
    next_attempt_at: at,
    created_at: at,
  });
}

function escalation(
  store: Store,
  conversationId: number,
  key: string,
  status: 'open' | 'resolved',
  at = 1000,
  summary: string | null = null,
) {
  return store.insert('escalations', {
    conversation_id: conversationId,
    source_key: key,
    route: 'clinical',
    intent: 'question',
    priority: 1,
    status,
    created_at: at,
    updated_at: at,
    summary,
  });
}

function note(store: Store, conversationId: number, escalationId: number, at = 1000) {
  return store.insert('escalation_notes', {
    escalation_id: escalationId,
    conversation_id: conversationId,
    actor: 'ann',
    text: 'n',
    created_at: at,
    clinical: 1,
  });
}

describeContract<PrivacyStore>('privacy store contract', backends, (setup) => {
  test('when a conversation is read, then intents, ids, counts and the last erasure come back as stored', async () => {
    const store = await setup();
    const { privacy } = store.repos;
    const a = await seedConversation(store, 'a');
    const contactId = (await store.rows<{ contact_id: number }>('SELECT contact_id FROM conversations WHERE id = ?', [a]))[0]!.contact_id;
    const b = await store.insert('conversations', {
      contact_id: contactId,
      channel: 'messenger',
      platform_conversation_id: 'a2',
      reference_json: '{}',
      created_at: 0,
    });
    await message(store, a, 1000, { intent: 'refill' });
    await message(store, a, 1100, { text: '' });
    const e1 = await escalation(store, a, 'k1', 'resolved');
    const e2 = await escalation(store, a, 'k2', 'open');
    await note(store, a, e1);

    expect(await privacy.hasMessageWithIntent(a, 'refill')).toBe(true);
    expect(await privacy.hasMessageWithIntent(a, 'appointment')).toBe(false);
    expect(await privacy.conversationIdsOfContact(contactId)).toEqual([a, b]);
    expect(await privacy.conversationIdsOfContact(9999)).toEqual([]);
    expect(await privacy.countMessagesWithText(a)).toBe(1);
    expect(await privacy.countNotes(a)).toBe(1);
    expect(await privacy.escalationIdsOfConversation(a)).toEqual([e1, e2]);
    expect(await privacy.lastErasedAt([a, b])).toBeNull();
    expect(await privacy.lastErasedAt([])).toBeNull();

    await privacy.markErased(a, 5000, { erased: true });
    await privacy.markErased(b, 7000, {});
    await privacy.markPurged(a, 6000);
    expect(await privacy.lastErasedAt([a, b])).toBe(7000);
    expect(await privacy.lastErasedAt([a])).toBe(5000);
    expect(await store.rows('SELECT erased_at, purged_at, reference_json, fallback_streak FROM conversations WHERE id = ?', [a])).toEqual([
      { erased_at: 5000, purged_at: 6000, reference_json: '{"erased":true}', fallback_streak: 0 },
    ]);
  });

  test('when a conversation is purged keeping rows, then text, raw copies, notes and summaries go, waiting messages keep their payload', async () => {
    const store = await setup();
    const { privacy } = store.repos;
    const a = await seedConversation(store, 'a');
    const other = await seedConversation(store, 'b');
    await message(store, a, 1000, { platform_message_id: 'mid-1', quick_replies_json: '["yes"]' });
    await message(store, a, 1100, { text: '' });
    const sent = await message(store, a, 1200, { direction: 'out', author: 'bot', text: 'reply' });
    const waiting = await message(store, a, 1300, { direction: 'out', author: 'bot', text: 'later' });
    await outbox(store, a, sent, 'o1', 'sent');
    await outbox(store, a, waiting, 'o2', 'pending');
    await store.insert('inbox', {
      channel: 'messenger',
      event_id: 'mid-1',
      payload_json: '{"text":"my knee"}',
      received_at: 1000,
      processed_at: 1001,
    });
    await store.insert('inbox', {
      channel: 'messenger',
      event_id: 'mid-9',
      payload_json: '{"text":"other"}',
      received_at: 1000,
      processed_at: 1001,
    });
    const e = await escalation(store, a, 'k1', 'resolved', 1000, 'Tue 10:00');
    await note(store, a, e);
    await note(store, a, e);
    const otherE = await escalation(store, other, 'k2', 'resolved', 1000, 'keep');
    await note(store, other, otherE);

    await privacy.blankRawCopies(a, 'messenger');
    expect(await privacy.blankMessages(a)).toBe(3);
    expect(await privacy.blankMessages(a)).toBe(0);
    expect(await privacy.deleteNotes(a)).toBe(2);
    await privacy.clearSummaries(a);

    expect(await store.rows('SELECT event_id, payload_json FROM inbox ORDER BY id')).toEqual([
      { event_id: 'mid-1', payload_json: 'null' },
      { event_id: 'mid-9', payload_json: '{"text":"other"}' },
    ]);
    expect(await store.rows('SELECT dedupe_key, payload_json FROM outbox ORDER BY id')).toEqual([
      { dedupe_key: 'o1', payload_json: '{}' },
      { dedupe_key: 'o2', payload_json: '{"text":"reply"}' },
    ]);
    expect(
      await store.rows(`SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND (text <> '' OR quick_replies_json IS NOT NULL)`, [
        a,
      ]),
    ).toEqual([{ n: 0 }]);
    expect(await privacy.countNotes(a)).toBe(0);
    expect(await privacy.countNotes(other)).toBe(1);
    expect(await store.rows('SELECT summary FROM escalations ORDER BY id')).toEqual([{ summary: null }, { summary: 'keep' }]);
    expect(await store.rows('SELECT * FROM purge_in_progress')).toEqual([]);
    await expect(store.rows('DELETE FROM escalation_notes WHERE conversation_id = ?', [other])).rejects.toMatchObject({
      message: expect.stringContaining('notes are append-only'),
    });
  });

  test('when removed text is scrubbed after a purge, then it runs outside a transaction on both stores and the rows stay as the purge left them', async () => {
    const store = await setup();
    const conversationId = await seedConversation(store);
    await message(store, conversationId, 1000, { text: 'scrubbable words' });
    expect(await store.repos.privacy.blankMessages(conversationId)).toBe(1);
    await store.repos.privacy.scrubRemovedText();
    await store.repos.privacy.scrubRemovedText();
    expect(await store.repos.privacy.countMessagesWithText(conversationId)).toBe(0);
  });

  test('when messages are deleted, then only those no waiting outbox row points to go, and finished rows let go of theirs', async () => {
    const store = await setup();
    const a = await seedConversation(store, 'a');
    await message(store, a, 1000);
    const sent = await message(store, a, 1100, { direction: 'out', author: 'bot' });
    const waiting = await message(store, a, 1200, { direction: 'out', author: 'bot' });
    await outbox(store, a, sent, 'o1', 'sent');
    await outbox(store, a, waiting, 'o2', 'sending');

    expect(await store.repos.privacy.deleteMessages(a)).toBe(2);

    expect(await store.rows('SELECT id FROM messages')).toEqual([{ id: waiting }]);
    expect(await store.rows('SELECT dedupe_key, message_id FROM outbox ORDER BY id')).toEqual([
      { dedupe_key: 'o1', message_id: null },
      { dedupe_key: 'o2', message_id: waiting },
    ]);
  });

  test('when retention looks for expired conversations, then only idle ones with nothing open and something held come, oldest first', async () => {
    const store = await setup();
    const idle = await seedConversation(store, 'idle', 100);
    await message(store, idle, 1000);
    const withNote = await seedConversation(store, 'note', 100);
    await note(store, withNote, await escalation(store, withNote, 'k1', 'resolved', 2000), 2500);
    const recent = await seedConversation(store, 'recent', 100);
    await message(store, recent, 9000);
    const openItem = await seedConversation(store, 'open', 100);
    await message(store, openItem, 1000);
    await escalation(store, openItem, 'k2', 'open', 1000);
    const waiting = await seedConversation(store, 'waiting', 100);
    await outbox(store, waiting, await message(store, waiting, 1000, { direction: 'out', author: 'bot' }), 'o1', 'pending');
    const empty = await seedConversation(store, 'empty', 100);
    await message(store, empty, 1000, { text: '' });
    const flow = await seedConversation(store, 'flow', 100);
    await store.rows(`UPDATE conversations SET flow_json = '{}', last_inbound_at = 3000 WHERE id = ?`, [flow]);
    const summary = await seedConversation(store, 'summary', 100);
    await escalation(store, summary, 'k3', 'resolved', 1500, 'Tue');
    expect(empty).toBeGreaterThan(0);

    expect(await store.repos.privacy.expiredSince(5000)).toEqual([
      { conversationId: idle, channel: 'messenger', lastActivityAt: 1000, messages: 1, notes: 0 },
      { conversationId: withNote, channel: 'messenger', lastActivityAt: 2500, messages: 0, notes: 1 },
      { conversationId: flow, channel: 'messenger', lastActivityAt: 3000, messages: 0, notes: 0 },
      { conversationId: summary, channel: 'messenger', lastActivityAt: 1500, messages: 0, notes: 0 },
    ]);
    expect(await store.repos.privacy.expiredSince(1000)).toEqual([]);
  });
});
