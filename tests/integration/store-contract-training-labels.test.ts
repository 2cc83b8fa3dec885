import type { SqliteStore } from '../../src/create-store';
import { escalationRepos } from '../../src/escalation/escalation-store';
import { postgresEscalationRepos } from '../../src/escalation/postgres-escalation-store';
import type { NewLabel } from '../../src/escalation/training-label-repo';
import { describeContract, seedConversation, type ContractStore } from '../helpers/store-contract';

type Repos = ReturnType<typeof postgresEscalationRepos>;

const backends = { sqlite: (s: SqliteStore) => escalationRepos(s.sql), postgres: postgresEscalationRepos };

function seedMessage(store: ContractStore<Repos>, conversationId: number, text: string, at = 1000): Promise<number> {
  return store.insert('messages', {
    conversation_id: conversationId,
    direction: 'in',
    author: 'patient',
    text,
    status: 'received',
    created_at: at,
  });
}

/** A label as staff make it: by user 1, from the thread, unless told otherwise. */
function newLabel(messageId: number, conversationId: number, intent: string, at: number, more: Partial<NewLabel> = {}): NewLabel {
  return { messageId, conversationId, escalationId: null, intent, source: 'label', actor: 'user:1', at, ...more };
}

describeContract<Repos>('training label store contract', backends, (setup) => {
  test('when a message is labelled twice before review, then one pending label holds the latest intent; accepting it makes an example and a new version', async () => {
    const store = await setup();
    const labels = store.repos.trainingLabels;
    const conversationId = await seedConversation(store);
    const messageId = await seedMessage(store, conversationId, 'pencil me in for a pap');
    expect(await labels.version()).toBe('intents');

    const first = await labels.upsertPending(newLabel(messageId, conversationId, 'faq/hours', 2000));
    const second = await labels.upsertPending(newLabel(messageId, conversationId, 'appointment', 3000, { actor: 'user:2' }));
    expect(second).toEqual({
      id: first.id,
      messageId,
      conversationId,
      escalationId: null,
      intent: 'appointment',
      source: 'label',
      status: 'pending',
      labelledBy: 'user:2',
      labelledAt: 3000,
      reviewedBy: null,
      reviewedAt: null,
    });
    expect(await labels.listPending(10)).toEqual([second]);

    expect(await labels.accept(first.id, { actor: 'user:9', at: 4000, text: 'pencil me in for a pap' })).toBe(true);
    expect(await labels.accept(first.id, { actor: 'user:9', at: 4001, text: 'x' })).toBe(false);
    expect(await labels.reject(first.id, { actor: 'user:9', at: 4002 })).toBe(false);
    expect(await labels.get(first.id)).toEqual({ ...second, status: 'accepted', reviewedBy: 'user:9', reviewedAt: 4000 });
    expect(await labels.listPending(10)).toEqual([]);
    expect(await labels.acceptedExamples()).toEqual([{ id: first.id, intent: 'appointment', text: 'pencil me in for a pap' }]);
    expect(await labels.version()).toMatch(/^labels-1-[0-9a-f]{12}$/);
  });

  test('when a message labelled and accepted is labelled again and accepted, then the new example supersedes the old one', async () => {
    const store = await setup();
    const labels = store.repos.trainingLabels;
    const conversationId = await seedConversation(store);
    const messageId = await seedMessage(store, conversationId, 'can u squeeze me in thurs');
    const first = await labels.upsertPending(newLabel(messageId, conversationId, 'faq/hours', 2000));
    await labels.accept(first.id, { actor: 'user:9', at: 2500, text: 'can u squeeze me in thurs' });
    const version = await labels.version();
    const again = await labels.upsertPending(newLabel(messageId, conversationId, 'appointment', 3000, { source: 'reroute' }));
    expect(again.id).not.toBe(first.id);
    await labels.accept(again.id, { actor: 'user:9', at: 3500, text: 'can u squeeze me in thurs' });
    expect((await labels.get(first.id))?.status).toBe('superseded');
    expect(await labels.acceptedExamples()).toEqual([{ id: again.id, intent: 'appointment', text: 'can u squeeze me in thurs' }]);
    expect(await labels.version()).not.toBe(version);
  });

  test("when a conversation's labels are removed, then its examples go and other conversations' stay", async () => {
    const store = await setup();
    const labels = store.repos.trainingLabels;
    const mine = await seedConversation(store, 'p1');
    const other = await seedConversation(store, 'p2');
    const a = await labels.upsertPending(newLabel(await seedMessage(store, mine, 'a'), mine, 'appointment', 1));
    const b = await labels.upsertPending(newLabel(await seedMessage(store, other, 'b'), other, 'appointment', 2));
    await labels.accept(a.id, { actor: 'user:9', at: 3, text: 'a' });
    await labels.accept(b.id, { actor: 'user:9', at: 4, text: 'b' });
    const rejected = await labels.upsertPending(newLabel(await seedMessage(store, mine, 'c'), mine, 'appointment', 5));
    expect(await labels.reject(rejected.id, { actor: 'user:9', at: 6 })).toBe(true);
    expect(await labels.removeForConversation(mine)).toBe(2);
    expect(await labels.acceptedExamples()).toEqual([{ id: b.id, intent: 'appointment', text: 'b' }]);
    expect(await labels.get(rejected.id)).toBeUndefined();
  });
});
