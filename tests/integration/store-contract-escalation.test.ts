import type { SqliteStore } from '../../src/create-store';
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

const backends = { sqlite: (s: SqliteStore) => escalationRepos(s.sql), postgres: postgresEscalationRepos };

describeContract<Repos>('escalation store contract', backends, (setup) => {
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

  describe('canned responses', () => {
    test('when the store is new, then the three default responses are listed in position order', async () => {
      const store = await setup();

      const listed = await store.repos.cannedResponses.list();

      expect(listed.map((c) => [c.title, c.position, c.updatedBy])).toEqual([
        ['Please call us', 1, null],
        ['Request received', 2, null],
        ['Use the patient portal', 3, null],
      ]);
    });

    test('when a response is created, then it goes to the end and get returns it as written', async () => {
      const store = await setup();
      const { cannedResponses } = store.repos;

      const created = await cannedResponses.create({ title: 'Closed', text: 'We are closed today.', actor: 'admin@x', at: 5000 });

      expect(created).toEqual({
        id: expect.any(Number),
        title: 'Closed',
        text: 'We are closed today.',
        position: 4,
        updatedAt: 5000,
        updatedBy: 'admin@x',
      });
      expect(await cannedResponses.get(created.id)).toEqual(created);
      expect((await cannedResponses.list()).at(-1)).toEqual(created);
      expect((await cannedResponses.create({ title: 'Next', text: 't', actor: 'a', at: 6000 })).position).toBe(5);
    });

    test('when two responses share a position, then the older one is listed first', async () => {
      const store = await setup();
      await store.rows('UPDATE canned_responses SET position = 1');

      expect((await store.repos.cannedResponses.list()).map((c) => c.title)).toEqual([
        'Please call us',
        'Request received',
        'Use the patient portal',
      ]);
    });

    test('when a response is updated or removed, then true is returned, and false for an id that does not exist', async () => {
      const store = await setup();
      const { cannedResponses } = store.repos;
      const [first, second] = await cannedResponses.list();

      expect(await cannedResponses.update(first!.id, { title: 'Call', text: 'Please call.', actor: 'ann', at: 7000 })).toBe(true);
      expect(await cannedResponses.update(9999, { title: 'x', text: 'y', actor: 'ann', at: 7000 })).toBe(false);
      expect(await cannedResponses.remove(second!.id)).toBe(true);
      expect(await cannedResponses.remove(second!.id)).toBe(false);

      expect(await cannedResponses.get(first!.id)).toEqual({
        ...first,
        title: 'Call',
        text: 'Please call.',
        updatedAt: 7000,
        updatedBy: 'ann',
      });
      expect(await cannedResponses.get(second!.id)).toBeUndefined();
      expect((await cannedResponses.list()).map((c) => c.title)).toEqual(['Call', 'Use the patient portal']);
    });
  });
});
