import { startFakeGraph } from '../helpers/fake-graph';
import { messengerPatient } from '../helpers/patients';
import { signIn } from '../helpers/staff-client';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

jest.setTimeout(60_000);

interface OutboxRow {
  id: number;
  dedupe_key: string;
  channel: string;
  conversation_id: number;
  message_id: number | null;
  payload_json: string;
}

/**
 * Every message for a patient, whoever writes it, leaves through one outbox write: a transcript row
 * and an outbox row with the same payload shape, queued once per idempotency key.
 */
describe('One way to write to a patient', () => {
  let fd: Frontdesk;
  beforeEach(async () => {
    fd = await startFrontdesk();
  });
  afterEach(async () => {
    await fd.close();
  });

  function rows(conversationId: number): OutboxRow[] {
    return fd.server.store.db
      .prepare(
        'SELECT id, dedupe_key, channel, conversation_id, message_id, payload_json FROM outbox WHERE conversation_id = ? ORDER BY id',
      )
      .all(conversationId) as OutboxRow[];
  }

  /** The row as the platform's sender reads it, checked against the transcript and the conversation. */
  async function expectPatientRow(row: OutboxRow) {
    const conversation = await fd.server.store.conversations.get(row.conversation_id);
    const payload = JSON.parse(row.payload_json) as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual(expect.arrayContaining(['quickReplies', 'recipientId', 'text']));
    expect(Object.keys(payload).every((k) => ['quickReplies', 'recipientId', 'send', 'text'].includes(k))).toBe(true);
    expect(payload.recipientId).toBe(conversation?.platformUserId);
    expect(row.channel).toBe(conversation?.channel);
    expect(row.message_id).not.toBeNull();
    const message = await fd.server.store.messages.get(row.message_id as number);
    expect(message).toMatchObject({ direction: 'out', text: payload.text, conversationId: row.conversation_id });
    return { payload, message };
  }

  test('when the bot answers, staff reply, a thread is handed back and a data request is erased, then each is one transcript row and one outbox row of the same shape', async () => {
    const patient = messengerPatient(() => fd);
    await patient.say('can i talk to a real person please');
    const conversation = fd.server.store.db.prepare('SELECT MAX(id) AS id FROM conversations').get() as { id: number };
    const escalation = await fd.server.store.escalations.openForConversation(conversation.id);
    if (!escalation) throw new Error('no escalation');
    const admin = await signIn(fd, 'ada@example.org', 'admin', 'Ada Admin');

    const reply = await admin.call(`/api/escalations/${escalation.id}/reply`, {
      method: 'POST',
      body: { text: 'Hello, this is the front desk.' },
      headers: { 'idempotency-key': 'reply-1' },
    });
    expect(reply.status).toBe(202);
    const handBack = await admin.call(`/api/escalations/${escalation.id}/hand-back`, { method: 'POST' });
    expect(await handBack.json()).toMatchObject({ notice: 'sent' });
    await fd.server.idle();

    const all = rows(conversation.id);
    const authors = await Promise.all(all.map(async (row) => (await expectPatientRow(row)).message?.author));
    expect(authors[0]).toBe('bot');
    expect(authors).toContain('staff');
    expect(all.map((r) => r.dedupe_key)).toEqual(
      expect.arrayContaining([`staff:${escalation.id}:reply-1`, expect.stringMatching(/^handback:/)]),
    );
    const staffRow = all.find((r) => r.dedupe_key === `staff:${escalation.id}:reply-1`) as OutboxRow;
    expect((await expectPatientRow(staffRow)).payload).toMatchObject({ send: { type: 'RESPONSE' } });
    expect(await fd.server.store.messages.get(staffRow.message_id as number)).toMatchObject({
      route: escalation.route,
      staffActor: expect.any(String),
    });

    // The data-request notice: another patient, another conversation, the same write.
    const other = messengerPatient(() => fd);
    await other.say('please delete my data');
    const second = fd.server.store.db.prepare('SELECT MAX(id) AS id FROM conversations').get() as { id: number };
    const request = await fd.server.store.escalations.openForConversation(second.id);
    const erase = await admin.call(`/api/escalations/${request?.id}/patient-data/erase`, { method: 'POST', body: { confirm: 'ERASE' } });
    expect(await erase.json()).toMatchObject({ notice: 'sent' });
    const notice = rows(second.id).find((r) => r.dedupe_key.startsWith('erase:'));
    if (!notice) throw new Error('no erasure notice queued');
    expect((await expectPatientRow(notice)).message).toMatchObject({ author: 'staff' });
  });

  test('when a staff reply is retried with the same idempotency key, or a bot turn runs again, then nothing is queued twice', async () => {
    const graph = await startFakeGraph();
    await fd.close();
    fd = await startFrontdesk({ graph });
    try {
      const patient = messengerPatient(() => fd);
      await patient.say('can i talk to a real person please');
      const conversation = fd.server.store.db.prepare('SELECT MAX(id) AS id FROM conversations').get() as { id: number };
      const escalation = await fd.server.store.escalations.openForConversation(conversation.id);
      const admin = await signIn(fd, 'ada@example.org', 'admin', 'Ada Admin');
      const send = () =>
        admin.call(`/api/escalations/${escalation?.id}/reply`, {
          method: 'POST',
          body: { text: 'One reply only.' },
          headers: { 'idempotency-key': 'same-key' },
        });
      const first = (await (await send()).json()) as { outboxId: number };
      const again = (await (await send()).json()) as { outboxId: number };
      expect(again.outboxId).toBe(first.outboxId);

      // The same stored event run as a turn once more (a crash after its replies were queued).
      const before = rows(conversation.id).length;
      fd.server.store.db.prepare('UPDATE inbox SET processed_at = NULL, attempts = 0').run();
      await fd.close();
      fd = await startFrontdesk({ dir: fd.dir, graph });
      await fd.server.idle();
      expect(rows(conversation.id).length).toBe(before);
      expect(graph.requests.filter((r) => r.body.message?.text?.endsWith('One reply only.'))).toHaveLength(1);
    } finally {
      await fd.close();
      await graph.close();
    }
  });
});
