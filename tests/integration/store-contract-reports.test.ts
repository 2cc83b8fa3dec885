import type { SqliteStore } from '../../src/create-store';
import { postgresReportRepos } from '../../src/reports/postgres-report-store';
import { reportRepos, type ReportStore } from '../../src/reports/report-store';
import { describeContract, seedConversation, type ContractStore } from '../helpers/store-contract';

const backends = { sqlite: (s: SqliteStore) => reportRepos(s.sql), postgres: postgresReportRepos };

type Store = ContractStore<ReportStore>;

const QUARTER = 15 * 60_000;
const T0 = 1_770_000_000_000 - (1_770_000_000_000 % QUARTER);

function message(store: Store, conversationId: number, at: number, fields: Record<string, string | number | null> = {}) {
  return store.insert('messages', {
    conversation_id: conversationId,
    direction: 'in',
    author: 'patient',
    text: 't',
    status: 'received',
    created_at: at,
    ...fields,
  });
}

async function staffUser(store: Store, email: string, role: string) {
  return store.insert('staff_users', {
    email,
    name: email,
    role,
    password_hash: 'x',
    password_changed_at: T0,
    created_at: T0,
    updated_at: T0,
  });
}

function escalation(store: Store, conversationId: number, key: string, at: number, fields: Record<string, string | number | null> = {}) {
  return store.insert('escalations', {
    conversation_id: conversationId,
    source_key: key,
    route: 'clinical',
    intent: 'symptom',
    priority: 1,
    status: 'open',
    created_at: at,
    updated_at: at,
    ...fields,
  });
}

describeContract<ReportStore>('report store contract', backends, (setup) => {
  test('when patient messages are read for a window, then they come per conversation and quarter hour with channel and language', async () => {
    const store = await setup();
    const a = await seedConversation(store, 'a');
    const b = await seedConversation(store, 'b');
    await store.rows(`UPDATE conversations SET language = 'es' WHERE id = ?`, [b]);
    await message(store, a, T0 + 1000);
    await message(store, a, T0 + 2000);
    await message(store, a, T0 + QUARTER + 5);
    await message(store, b, T0 + 3000);
    await message(store, a, T0 - 1); // before the window
    await message(store, a, T0 + 10 * QUARTER); // at its end: excluded
    await message(store, a, T0 + 4000, { direction: 'out', author: 'bot', status: 'sent' });

    const rows = await store.repos.reports.inboundActivity(T0, T0 + 10 * QUARTER);
    const sorted = [...rows].sort((x, y) => x.conversationId - y.conversationId || x.bucket - y.bucket);
    expect(sorted).toEqual([
      { conversationId: a, channel: 'messenger', language: 'en', bucket: T0, messages: 2 },
      { conversationId: a, channel: 'messenger', language: 'en', bucket: T0 + QUARTER, messages: 1 },
      { conversationId: b, channel: 'messenger', language: 'es', bucket: T0, messages: 1 },
    ]);
  });

  test('when escalations are read, then each has its first staff reply and the roles of who answered and resolved it', async () => {
    const store = await setup();
    const nurse = await staffUser(store, 'n@example.org', 'clinician');
    const agent = await staffUser(store, 'f@example.org', 'agent');
    const c = await seedConversation(store, 'c');
    const d = await seedConversation(store, 'd');
    await message(store, c, T0 - 10, { author: 'staff', direction: 'out', staff_actor: `user:${agent}`, status: 'sent' }); // before: not a reply to it
    const answered = await escalation(store, c, 'k1', T0, {
      status: 'resolved',
      resolved_at: T0 + 9000,
      resolved_by: `user:${agent}`,
    });
    await message(store, c, T0 + 5000, { author: 'staff', direction: 'out', staff_actor: `user:${nurse}`, status: 'sent' });
    await message(store, c, T0 + 6000, { author: 'staff', direction: 'out', staff_actor: `user:${agent}`, status: 'sent' });
    const waiting = await escalation(store, d, 'k2', T0 + 100, { route: 'request', intent: 'appointment' });
    await escalation(store, d, 'k3', T0 + 10 * QUARTER);

    expect(await store.repos.reports.escalations(T0, T0 + 10 * QUARTER)).toEqual([
      {
        id: answered,
        conversationId: c,
        route: 'clinical',
        createdAt: T0,
        status: 'resolved',
        resolvedAt: T0 + 9000,
        resolverRole: 'agent',
        firstReplyAt: T0 + 5000,
        firstResponderRole: 'clinician',
      },
      {
        id: waiting,
        conversationId: d,
        route: 'request',
        createdAt: T0 + 100,
        status: 'open',
        resolvedAt: null,
        resolverRole: null,
        firstReplyAt: null,
        firstResponderRole: null,
      },
    ]);
  });

  test('when misunderstood messages are read, then the same words count together, most frequent first, with their kind', async () => {
    const store = await setup();
    const c = await seedConversation(store, 'e');
    const fallback = { route: 'fallback', intent: 'unknown', kind: 'administrative' };
    await message(store, c, T0 + 1, { ...fallback, text: 'Do you sell bikes' });
    await message(store, c, T0 + 2, { ...fallback, text: ' do you sell BIKES ' });
    await message(store, c, T0 + 3, { ...fallback, text: 'who won the game' });
    await message(store, c, T0 + 4, { ...fallback, text: '' }); // erased text
    await message(store, c, T0 + 5, { route: 'answer', intent: 'faq/hours', kind: 'administrative', text: 'when do you open' });
    await message(store, c, T0 + 6, { ...fallback, kind: null, text: 'who won the game' });

    expect(await store.repos.reports.fallbackMessages(T0, T0 + QUARTER, 10)).toEqual([
      { text: 'do you sell bikes', kind: 'administrative', count: 2, lastAt: T0 + 2 },
      { text: 'who won the game', kind: null, count: 1, lastAt: T0 + 6 },
      { text: 'who won the game', kind: 'administrative', count: 1, lastAt: T0 + 3 },
    ]);
    expect(await store.repos.reports.fallbackMessages(T0, T0 + QUARTER, 1)).toHaveLength(1);
  });
});
