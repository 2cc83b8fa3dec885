import type { SqliteStore } from '../../src/create-store';
import { escalationRepos } from '../../src/escalation/escalation-store';
import { patientAlias } from '../../src/escalation/patient-name';
import { postgresEscalationRepos } from '../../src/escalation/postgres-escalation-store';
import type { EscalationRoute } from '../../src/triage/types';
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

      await expect(store.rows('UPDATE escalation_notes SET text = ? WHERE id = ?', ['changed', note.id])).rejects.toMatchObject({
        message: expect.stringContaining('notes are append-only'),
      });
      await expect(store.rows('DELETE FROM escalation_notes WHERE id = ?', [note.id])).rejects.toMatchObject({
        message: expect.stringContaining('notes are append-only'),
      });
      expect((await store.repos.notes.listForConversation(conversationId)).map((n) => n.text)).toEqual(['first']);
    });
  });

  describe('canned responses', () => {
    test('when the store is new, then the default responses are listed in position order, the crisis and reply-by templates last', async () => {
      const store = await setup();

      const listed = await store.repos.cannedResponses.list();

      expect(listed.map((c) => [c.title, c.position, c.updatedBy, c.language])).toEqual([
        ['Please call us', 1, null, 'en'],
        ['Request received', 2, null, 'en'],
        ['Use the patient portal', 3, null, 'en'],
        ['Llámenos', 4, null, 'es'],
        ['Solicitud recibida', 5, null, 'es'],
        ['Use el portal del paciente', 6, null, 'es'],
        ['Crisis: call or text 988', 7, null, 'en'],
        ['We will reply by', 8, null, 'en'],
        ['Crisis: llame o escriba al 988', 9, null, 'es'],
        ['Le responderemos', 10, null, 'es'],
      ]);
      // Templates fill in variables when staff insert them; the crisis one names the 988 line.
      expect(listed.find((c) => c.position === 7)?.text).toMatch(
        /\{patient_first_name\}.*988.*\{staff_first_name\}.*\{practice_name\}.*\{reply_by\}/,
      );
    });

    test('when a Spanish response is created and later edited without a language, then it stays Spanish', async () => {
      const store = await setup();
      const { cannedResponses } = store.repos;

      const created = await cannedResponses.create({ title: 'Cerrado', text: 'Hoy está cerrado.', language: 'es', actor: 'a', at: 5000 });
      await cannedResponses.update(created.id, { title: 'Cerrado hoy', text: 'Hoy cerramos.', actor: 'a', at: 6000 });
      expect(await cannedResponses.get(created.id)).toMatchObject({ title: 'Cerrado hoy', language: 'es' });
      await cannedResponses.update(created.id, { title: 'Closed', text: 'Closed today.', language: 'en', actor: 'a', at: 7000 });
      expect(await cannedResponses.get(created.id)).toMatchObject({ language: 'en' });
    });

    test('when a response is created, then it goes to the end and get returns it as written', async () => {
      const store = await setup();
      const { cannedResponses } = store.repos;

      const created = await cannedResponses.create({ title: 'Closed', text: 'We are closed today.', actor: 'admin@x', at: 5000 });

      expect(created).toEqual({
        id: expect.any(Number),
        title: 'Closed',
        text: 'We are closed today.',
        position: 11,
        language: 'en',
        updatedAt: 5000,
        updatedBy: 'admin@x',
      });
      expect(await cannedResponses.get(created.id)).toEqual(created);
      expect((await cannedResponses.list()).at(-1)).toEqual(created);
      expect((await cannedResponses.create({ title: 'Next', text: 't', actor: 'a', at: 6000 })).position).toBe(12);
    });

    test('when two responses share a position, then the older one is listed first', async () => {
      const store = await setup();
      await store.rows('UPDATE canned_responses SET position = 1');

      expect((await store.repos.cannedResponses.list()).map((c) => c.title)).toEqual([
        'Please call us',
        'Request received',
        'Use the patient portal',
        'Llámenos',
        'Solicitud recibida',
        'Use el portal del paciente',
        'Crisis: call or text 988',
        'We will reply by',
        'Crisis: llame o escriba al 988',
        'Le responderemos',
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
      expect((await cannedResponses.list()).map((c) => c.title)).toEqual([
        'Call',
        'Use the patient portal',
        'Llámenos',
        'Solicitud recibida',
        'Use el portal del paciente',
        'Crisis: call or text 988',
        'We will reply by',
        'Crisis: llame o escriba al 988',
        'Le responderemos',
      ]);
    });
  });

  describe('escalations', () => {
    const open = (
      store: ContractStore<Repos>,
      conversationId: number,
      sourceKey: string,
      route: EscalationRoute,
      at: number,
      intent = 'question',
    ) => store.repos.escalations.openOrRaise({ conversationId, sourceKey, route, intent, at });

    test('when the needs of a message that asked several things are set, then the item reads them back in order, and an item without needs has none', async () => {
      const store = await setup();
      const conversationId = await seedConversation(store);
      const { escalation } = await store.repos.escalations.openOrRaise({
        conversationId,
        sourceKey: 'm:needs',
        route: 'clinical',
        intent: 'symptom',
        at: 1000,
      });
      expect(escalation.needs).toEqual([]);
      const needs = [
        { kind: 'question' as const, intent: 'faq/billing', summary: 'a bill for $240', contentKind: 'administrative' as const },
        { kind: 'clinical' as const, intent: 'symptom', summary: 'headaches and blurry vision', contentKind: 'clinical' as const },
      ];
      await store.repos.escalations.setNeeds(escalation.id, needs);
      expect((await store.repos.escalations.get(escalation.id))?.needs).toEqual(needs);
      expect((await store.repos.escalations.listOpenForConversation(conversationId))[0]?.needs).toEqual(needs);
    });

    /** A staff user, for what assigned_to points at. */
    const seedUser = (store: ContractStore<Repos>, email: string) =>
      store.insert('staff_users', {
        email,
        name: email,
        role: 'clinician',
        password_hash: 'x',
        password_changed_at: 0,
        created_at: 0,
        updated_at: 0,
      });

    test('when a request is raised again, then it joins the open item; a replayed event is a no-op; separate opens a new one', async () => {
      const store = await setup();
      const conversationId = await seedConversation(store);

      const first = await open(store, conversationId, 'e1', 'clinical', 1000);
      const joined = await open(store, conversationId, 'e2', 'clinical', 2000);
      const replayed = await open(store, conversationId, 'e1', 'clinical', 3000);
      const separate = await store.repos.escalations.openOrRaise({
        conversationId,
        sourceKey: 'e3',
        route: 'clinical',
        intent: 'q',
        at: 4000,
        separate: true,
      });

      expect(first).toEqual({
        created: true,
        escalation: {
          id: expect.any(Number),
          conversationId,
          route: 'clinical',
          intent: 'question',
          priority: 1,
          status: 'open',
          createdAt: 1000,
          updatedAt: 1000,
          resolvedAt: null,
          resolvedBy: null,
          assignedTo: null,
          assignedAt: null,
          resolution: null,
          reopenedAt: null,
          summary: null,
          summaryKind: null,
          acknowledgedAt: null,
          needs: [],
        },
      });
      expect(joined).toEqual({ created: false, escalation: { ...first.escalation, updatedAt: 2000 } });
      expect(replayed).toEqual({ created: false, escalation: { ...first.escalation, updatedAt: 2000 } });
      expect(separate.created).toBe(true);
      expect(separate.escalation.id).not.toBe(first.escalation.id);
    });

    test('when requests of two intents are raised, then each is an item of its own; other routes join whatever the intent', async () => {
      const store = await setup();
      const conversationId = await seedConversation(store);

      const appointment = await open(store, conversationId, 'e1', 'request', 1000, 'appointment');
      const refill = await open(store, conversationId, 'e2', 'request', 2000, 'refill');
      const again = await open(store, conversationId, 'e3', 'request', 3000, 'appointment');
      const human = await open(store, conversationId, 'e4', 'human', 4000, 'talk');
      const humanAgain = await open(store, conversationId, 'e5', 'human', 5000, 'other');

      expect([appointment.created, refill.created, again.created, human.created, humanAgain.created]).toEqual([
        true,
        true,
        false,
        true,
        false,
      ]);
      expect(again.escalation.id).toBe(appointment.escalation.id);
      expect(humanAgain.escalation.id).toBe(human.escalation.id);
    });

    test('when the same new request is raised twice at once, then one item is opened', async () => {
      const store = await setup();
      const conversationId = await seedConversation(store);

      const results = await Promise.all([
        open(store, conversationId, 'e1', 'clinical', 1000),
        open(store, conversationId, 'e2', 'clinical', 1000),
      ]);

      expect(results.map((r) => r.created).sort()).toEqual([false, true]);
      expect((await store.repos.escalations.listOpenForConversation(conversationId)).length).toBe(1);
    });

    test('when items are open, then lists put the most urgent first, then the oldest; the newest is the open and latest one', async () => {
      const store = await setup();
      const a = await seedConversation(store, 'a');
      const b = await seedConversation(store, 'b');
      const human = await open(store, a, 'e1', 'human', 1000);
      const clinicalLate = await open(store, b, 'e2', 'clinical', 3000);
      const clinicalEarly = await open(store, a, 'e3', 'clinical', 2000);
      const emergency = await open(store, b, 'e4', 'emergency', 4000);
      const { escalations } = store.repos;

      expect((await escalations.listOpen()).map((e) => e.id)).toEqual(
        [emergency, clinicalEarly, clinicalLate, human].map((r) => r.escalation.id),
      );
      expect((await escalations.listOpen(2)).map((e) => e.id)).toEqual([emergency.escalation.id, clinicalEarly.escalation.id]);
      expect((await escalations.listOpenForConversation(a)).map((e) => e.id)).toEqual([clinicalEarly.escalation.id, human.escalation.id]);
      expect((await escalations.openForConversation(a))?.id).toBe(clinicalEarly.escalation.id);
      expect(await escalations.get(human.escalation.id)).toEqual(human.escalation);
      expect(await escalations.get(9999)).toBeUndefined();

      await escalations.resolve(clinicalEarly.escalation.id, 'ann', 5000);
      expect((await escalations.openForConversation(a))?.id).toBe(human.escalation.id);
      expect((await escalations.latestForConversation(a))?.id).toBe(clinicalEarly.escalation.id);
      expect(await escalations.latestForConversation(await seedConversation(store, 'c'))).toBeUndefined();
    });

    test('when two people claim an item at once, then exactly one wins; the holder may claim again, others may not', async () => {
      const store = await setup();
      const conversationId = await seedConversation(store);
      const [ann, bob] = [await seedUser(store, 'ann@x'), await seedUser(store, 'bob@x')];
      const { escalation } = await open(store, conversationId, 'e1', 'clinical', 1000);
      const { escalations } = store.repos;

      const wins = await Promise.all([escalations.claim(escalation.id, ann, 2000), escalations.claim(escalation.id, bob, 2000)]);

      expect(wins.filter(Boolean)).toHaveLength(1);
      const holder = wins[0] ? ann : bob;
      const other = holder === ann ? bob : ann;
      expect(await escalations.claim(escalation.id, holder, 3000)).toBe(true);
      expect(await escalations.claim(escalation.id, other, 3000)).toBe(false);
      expect(await escalations.get(escalation.id)).toMatchObject({ assignedTo: holder, assignedAt: 2000, updatedAt: 3000 });
    });

    test('when an item is assigned, released, resolved and reopened, then each change applies only in the state it is meant for', async () => {
      const store = await setup();
      const conversationId = await seedConversation(store);
      const ann = await seedUser(store, 'ann@x');
      const { escalation } = await open(store, conversationId, 'e1', 'clinical', 1000);
      const { escalations } = store.repos;

      expect(await escalations.assign(escalation.id, ann, 2000)).toBe(true);
      expect(await escalations.get(escalation.id)).toMatchObject({ assignedTo: ann, assignedAt: 2000 });
      expect(await escalations.assign(escalation.id, null, 2500)).toBe(true);
      expect(await escalations.get(escalation.id)).toMatchObject({ assignedTo: null, assignedAt: null, updatedAt: 2500 });
      expect(await escalations.reopen(escalation.id, null, 2600)).toBe(false);

      expect(await escalations.resolve(escalation.id, 'ann', 3000, 'handed_back')).toBe(true);
      expect(await escalations.resolve(escalation.id, 'ann', 3100)).toBe(false);
      expect(await escalations.claim(escalation.id, ann, 3200)).toBe(false);
      expect(await escalations.assign(escalation.id, ann, 3200)).toBe(false);
      expect(await escalations.get(escalation.id)).toMatchObject({
        status: 'resolved',
        resolution: 'handed_back',
        resolvedAt: 3000,
        resolvedBy: 'ann',
      });
      expect(await escalations.lastClosedAt(conversationId)).toBe(3000);

      expect(await escalations.reopen(escalation.id, ann, 4000)).toBe(true);
      expect(await escalations.get(escalation.id)).toMatchObject({
        status: 'open',
        resolution: null,
        resolvedAt: null,
        resolvedBy: null,
        reopenedAt: 4000,
        assignedTo: ann,
        assignedAt: 4000,
        updatedAt: 4000,
      });
      expect(await escalations.reopen(9999, null, 4000)).toBe(false);
      expect(await escalations.lastClosedAt(await seedConversation(store, 'other'))).toBeUndefined();
    });

    test('when another item for the same request is open, then reopening is refused and openSameRequestAs names it', async () => {
      const store = await setup();
      const conversationId = await seedConversation(store);
      const { escalations } = store.repos;
      const old = await open(store, conversationId, 'e1', 'clinical', 1000);
      await escalations.resolve(old.escalation.id, 'ann', 2000);
      const fresh = await open(store, conversationId, 'e2', 'clinical', 3000);
      expect(fresh.created).toBe(true);

      expect(await escalations.openSameRequestAs(old.escalation.id)).toEqual(fresh.escalation);
      expect(await escalations.reopen(old.escalation.id, null, 4000)).toBe(false);
      await escalations.resolve(fresh.escalation.id, 'ann', 5000);
      expect(await escalations.openSameRequestAs(old.escalation.id)).toBeUndefined();
      expect(await escalations.reopen(old.escalation.id, null, 6000)).toBe(true);
    });

    test('when items are resolved, then listResolved returns those since the time, most recent first', async () => {
      const store = await setup();
      const conversationId = await seedConversation(store);
      const { escalations } = store.repos;
      const ids: number[] = [];
      for (const [i, route] of (['emergency', 'clinical', 'human'] as const).entries()) {
        const { escalation } = await open(store, conversationId, `e${i}`, route, 1000);
        await escalations.resolve(escalation.id, 'ann', 2000 + i * 1000);
        ids.push(escalation.id);
      }

      expect((await escalations.listResolved(3000)).map((e) => e.id)).toEqual([ids[2], ids[1]]);
      expect((await escalations.listResolved(0, 1)).map((e) => e.id)).toEqual([ids[2]]);
    });

    test('when items are acknowledged or given a summary, then they read back with it', async () => {
      const store = await setup();
      const conversationId = await seedConversation(store);
      const { escalations } = store.repos;
      const a = await open(store, conversationId, 'e1', 'clinical', 1000);
      const b = await open(store, conversationId, 'e2', 'human', 1000);

      await escalations.markAcknowledged([a.escalation.id, b.escalation.id], 5000);
      await escalations.markAcknowledged([], 6000);
      await escalations.setSummary(a.escalation.id, 'Tue 10:00', 'administrative');

      expect(await escalations.get(a.escalation.id)).toMatchObject({
        acknowledgedAt: 5000,
        summary: 'Tue 10:00',
        summaryKind: 'administrative',
      });
      expect(await escalations.get(b.escalation.id)).toMatchObject({ acknowledgedAt: 5000, summary: null });
    });

    /** A transcript message, and for an outgoing one its outbox row. */
    async function message(
      store: ContractStore<Repos>,
      conversationId: number,
      author: 'patient' | 'staff',
      at: number,
      outbox?: { key: string; status: string; lastError?: string },
    ): Promise<number> {
      const id = await store.insert('messages', {
        conversation_id: conversationId,
        direction: author === 'patient' ? 'in' : 'out',
        author,
        text: 'hello',
        status: author === 'patient' ? 'received' : 'queued',
        created_at: at,
      });
      if (outbox) {
        await store.insert('outbox', {
          dedupe_key: outbox.key,
          channel: 'messenger',
          conversation_id: conversationId,
          message_id: id,
          payload_json: '{}',
          status: outbox.status,
          next_attempt_at: at,
          created_at: at,
          last_error: outbox.lastError ?? null,
        });
      }
      return id;
    }

    test('when staff answered an item, then replyState gives the last reply on it and the first patient message after', async () => {
      const store = await setup();
      const conversationId = await seedConversation(store);
      const { escalations } = store.repos;
      const item = (await open(store, conversationId, 'e1', 'clinical', 1000)).escalation;
      const other = (await open(store, conversationId, 'e2', 'human', 1000)).escalation;

      expect(await escalations.replyState(item, 1000)).toEqual({ lastStaffAt: null, patientSinceStaffAt: null });
      await message(store, conversationId, 'staff', 2000, { key: `staff:${item.id}:a`, status: 'sent' });
      await message(store, conversationId, 'staff', 4000, { key: `staff:${other.id}:a`, status: 'sent' });
      expect(await escalations.replyState(item, 1000)).toEqual({ lastStaffAt: 2000, patientSinceStaffAt: null });
      await message(store, conversationId, 'patient', 3000);
      await message(store, conversationId, 'patient', 3500);
      expect(await escalations.replyState(item, 1000)).toEqual({ lastStaffAt: 2000, patientSinceStaffAt: 3000 });
      expect(await escalations.replyState(item, 2500)).toEqual({ lastStaffAt: null, patientSinceStaffAt: null });
    });

    test('when a thread changes, then threadVersion changes; deliveryProblems names undelivered messages only', async () => {
      const store = await setup();
      const conversationId = await seedConversation(store);
      const { escalations, notes } = store.repos;
      const item = (await open(store, conversationId, 'e1', 'clinical', 1000)).escalation;
      const versions = [await escalations.threadVersion(conversationId)];

      const failing = await message(store, conversationId, 'staff', 2000, {
        key: 'staff:1:a',
        status: 'failed',
        lastError: 'window closed',
      });
      versions.push(await escalations.threadVersion(conversationId));
      await message(store, conversationId, 'staff', 2100, { key: 'staff:1:b', status: 'sent', lastError: 'retried' });
      await message(store, conversationId, 'staff', 2200, { key: 'staff:1:c', status: 'pending' });
      versions.push(await escalations.threadVersion(conversationId));
      await store.rows(`UPDATE messages SET status = 'sent' WHERE id = ?`, [failing]);
      versions.push(await escalations.threadVersion(conversationId));
      await notes.add({ escalationId: item.id, conversationId, actor: 'ann', text: 'n', at: 3000 });
      versions.push(await escalations.threadVersion(conversationId));

      expect(new Set(versions).size).toBe(versions.length);
      expect(versions[0]).toBe('0:0:0:0');
      expect(await escalations.deliveryProblems(conversationId)).toEqual(new Map([[failing, 'window closed']]));
    });

    test('when the queue changes, then changeToken changes, and stays the same while nothing does', async () => {
      const store = await setup();
      const conversationId = await seedConversation(store);
      const ann = await seedUser(store, 'ann@x');
      const { escalations, notes } = store.repos;
      const tokens = [await escalations.changeToken()];
      const item = (await open(store, conversationId, 'e1', 'clinical', 1000)).escalation;
      tokens.push(await escalations.changeToken());
      await escalations.claim(item.id, ann, 2000);
      tokens.push(await escalations.changeToken());
      await message(store, conversationId, 'patient', 2500);
      tokens.push(await escalations.changeToken());
      await notes.add({ escalationId: item.id, conversationId, actor: 'ann', text: 'n', at: 3000 });
      tokens.push(await escalations.changeToken());
      await escalations.resolve(item.id, 'ann', 4000);
      tokens.push(await escalations.changeToken());

      expect(new Set(tokens).size).toBe(tokens.length);
      expect(await escalations.changeToken()).toBe(tokens.at(-1));
    });
  });

  describe('emergency bursts', () => {
    test('when emergencies from one source come from other conversations in the window, then they count into its open item; its own conversation, other sources, a later window and a resolved item do not', async () => {
      const store = await setup();
      const { emergencyBursts, escalations } = store.repos;
      const [a, b, c, d] = [
        await seedConversation(store),
        await seedConversation(store, 'p2'),
        await seedConversation(store, 'p3'),
        await seedConversation(store, 'p4'),
      ];
      const first = await seedEscalation(store, a, 'emergency', 'e1', 1000);
      expect(await emergencyBursts.join('src-1', 0, a, 1000)).toBeUndefined();
      await emergencyBursts.start(first, 'src-1', a, 1000);

      expect(await emergencyBursts.join('src-1', 500, b, 2000)).toBe(first);
      expect(await emergencyBursts.join('src-1', 500, c, 3000)).toBe(first);
      expect(await emergencyBursts.join('src-1', 500, c, 3500)).toBe(first);
      expect(await emergencyBursts.join('src-1', 500, a, 4000)).toBeUndefined();
      expect(await emergencyBursts.join('src-2', 500, d, 4000)).toBeUndefined();
      expect(await emergencyBursts.join('src-1', 1500, d, 4000)).toBeUndefined();

      expect(await emergencyBursts.get(first)).toEqual({
        escalationId: first,
        messages: 4,
        conversationIds: [a, b, c],
        firstAt: 1000,
        lastAt: 3500,
      });
      expect((await escalations.get(first))?.updatedAt).toBe(3500);
      expect(await emergencyBursts.get(9999)).toBeUndefined();

      await escalations.resolve(first, 'user:1', 5000);
      expect(await emergencyBursts.join('src-1', 500, d, 6000)).toBeUndefined();
    });
  });

  describe('thread search', () => {
    /** A conversation on a channel, its contact with an optional profile name. */
    async function seedThread(store: ContractStore<Repos>, platformId: string, channel: string, displayName: string | null) {
      const contactId = await store.insert('contacts', { channel, platform_user_id: platformId, created_at: 0, display_name: displayName });
      const conversationId = await store.insert('conversations', {
        contact_id: contactId,
        channel,
        platform_conversation_id: platformId,
        reference_json: '{}',
        created_at: 0,
      });
      return { contactId, conversationId };
    }

    test('when items are searched, then each filter narrows them and they come newest first', async () => {
      const store = await setup();
      const m = await seedThread(store, 'm', 'messenger', null);
      const x = await seedThread(store, 'x', 'x', null);
      const e1 = await seedEscalation(store, m.conversationId, 'clinical', 'k1', 1000);
      const e2 = await seedEscalation(store, x.conversationId, 'human', 'k2', 2000);
      const e3 = await seedEscalation(store, m.conversationId, 'request', 'k3', 2000);
      const e4 = await seedEscalation(store, x.conversationId, 'clinical', 'k4', 3000);
      await store.repos.escalations.resolve(e4, 'ann', 3500);
      const ids = async (filter: Parameters<Repos['threadSearch']['escalationsMatching']>[0]) =>
        (await store.repos.threadSearch.escalationsMatching(filter)).map((r) => r.escalationId);

      expect(await store.repos.threadSearch.escalationsMatching({ status: 'resolved' })).toEqual([
        { escalationId: e4, conversationId: x.conversationId },
      ]);
      expect(await ids({})).toEqual([e4, e3, e2, e1]);
      expect(await ids({ status: 'open' })).toEqual([e3, e2, e1]);
      expect(await ids({ channel: 'x' })).toEqual([e4, e2]);
      expect(await ids({ route: 'clinical' })).toEqual([e4, e1]);
      expect(await ids({ openedFrom: 2000, openedBefore: 3000 })).toEqual([e3, e2]);
      expect(await ids({ conversationIds: [m.conversationId] })).toEqual([e3, e1]);
      expect(await ids({ conversationIds: [] })).toEqual([]);
      expect(await ids({ channel: 'messenger', route: 'clinical', status: 'open' })).toEqual([e1]);
    });

    test('when conversations are found by name, then the profile name or the alias matches, ignoring the case of A-Z only, wildcards taken literally', async () => {
      const store = await setup();
      const maria = await seedThread(store, 'p1', 'messenger', 'María López');
      const percent = await seedThread(store, 'p2', 'messenger', '100% Jo_e');
      const anonymous = await seedThread(store, 'p3', 'x', null);
      const alias = patientAlias(anonymous.contactId);
      const byName = async (phrase: string) => [...(await store.repos.threadSearch.conversationIdsByName(phrase))].sort((a, b) => a - b);

      expect(await byName('lópez')).toEqual([maria.conversationId]);
      expect(await byName('MARíA')).toEqual([maria.conversationId]);
      expect(await byName('MARÍA')).toEqual([]);
      expect(await byName('maría')).toEqual([maria.conversationId]);
      expect(await byName('0% jo_')).toEqual([percent.conversationId]);
      expect(await byName('%')).toEqual([percent.conversationId]);
      expect(await byName('_')).toEqual([percent.conversationId]);
      expect(await byName(alias)).toEqual([anonymous.conversationId]);
      expect(await byName(alias.toLowerCase().slice(-4))).toEqual(expect.arrayContaining([anonymous.conversationId]));
      expect(await byName('nobody')).toEqual([]);
    });
  });
});
