import { escalationRepos } from '../../src/escalation/escalation-store';
import { postgresEscalationRepos } from '../../src/escalation/postgres-escalation-store';
import { describeContract, seedConversation, type ContractStore } from '../helpers/store-contract';

type Repos = ReturnType<typeof postgresEscalationRepos>;

/** An escalation row as the queue writes it, for what notes point at. */
function seedEscalation(store: ContractStore<Repos>, conversationId: number, route: string, key: string, at = 1000): Promise<number> {
  return store.insert('escalations', {
    conversation_id: conversationId,
    source_key: key,
    route,
    intent: route === 'request' ? 'appointment' : 'question',
    priority: 1,
    status: 'open',
    created_at: at,
    updated_at: at,
  });
}

describeContract<Repos>(
  'escalation store contract',
  { sqlite: (s) => escalationRepos(s.sql), postgres: postgresEscalationRepos },
  (setup) => {
    describe('notes', () => {
      test('when notes are added, then the conversation lists them oldest first with ids that grow, and maxId is the last', async () => {
        const store = await setup();
        const { notes } = store.repos;
        expect(await notes.maxId()).toBe(0);
        const conversationId = await seedConversation(store);
        const other = await seedConversation(store, 'p2');
        const escalationId = await seedEscalation(store, conversationId, 'clinical', 'k1');
        const otherEscalation = await seedEscalation(store, other, 'clinical', 'k2');

        const first = await notes.add({ escalationId, conversationId, actor: 'ann', text: 'called back', clinical: false, at: 2000 });
        await notes.add({ escalationId: otherEscalation, conversationId: other, actor: 'bob', text: 'elsewhere', at: 2500 });
        const second = await notes.add({ escalationId, conversationId, actor: 'cy', text: 'bp 120/80', at: 3000 });

        expect(first).toEqual({
          id: expect.any(Number),
          escalationId,
          conversationId,
          actor: 'ann',
          text: 'called back',
          clinical: false,
          createdAt: 2000,
        });
        expect(second.clinical).toBe(true);
        expect(second.id).toBeGreaterThan(first.id);
        expect(await notes.listForConversation(conversationId)).toEqual([first, second]);
        expect(await notes.maxId()).toBe(second.id);
        expect(await notes.listForConversation(9999)).toEqual([]);
      });

      test('when a note predates the clinical mark, then it counts as clinical unless its escalation was a request or for a human', async () => {
        const store = await setup();
        const conversationId = await seedConversation(store);
        const ids: Record<string, number> = {};
        for (const route of ['clinical', 'emergency', 'request', 'human']) {
          const escalationId = await seedEscalation(store, conversationId, route, `k-${route}`);
          ids[route] = await store.insert('escalation_notes', {
            escalation_id: escalationId,
            conversation_id: conversationId,
            actor: 'ann',
            text: route,
            created_at: 1000,
            clinical: null,
          });
        }

        const listed = await store.repos.notes.listForConversation(conversationId);

        expect(listed.map((n) => [n.text, n.clinical])).toEqual([
          ['clinical', true],
          ['emergency', true],
          ['request', false],
          ['human', false],
        ]);
      });

      test('when a note is edited or deleted outside a purge, then the database refuses: notes are append-only', async () => {
        const store = await setup();
        const conversationId = await seedConversation(store);
        const escalationId = await seedEscalation(store, conversationId, 'clinical', 'k1');
        const note = await store.repos.notes.add({ escalationId, conversationId, actor: 'ann', text: 'first', at: 1000 });

        await expect(store.rows('UPDATE escalation_notes SET text = ? WHERE id = ?', ['changed', note.id])).rejects.toThrow(
          'notes are append-only',
        );
        await expect(store.rows('DELETE FROM escalation_notes WHERE id = ?', [note.id])).rejects.toThrow('notes are append-only');
        expect((await store.repos.notes.listForConversation(conversationId)).map((n) => n.text)).toEqual(['first']);
      });
    });
  },
);
