import { deletionNotice } from '../../src/privacy/patient-data';
import { messengerPatient } from '../helpers/patients';
import { signIn } from '../helpers/staff-client';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

jest.setTimeout(60_000);

describe("Patients' data requests", () => {
  let fd: Frontdesk;
  beforeEach(async () => {
    fd = await startFrontdesk();
  });
  afterEach(async () => {
    await fd.close();
  });

  /** A patient who asked a clinical question, got a note on it, and then asked for deletion. */
  async function dataRequest(text = 'please delete my data, my name is Zqxv Patient') {
    const patient = messengerPatient(() => fd);
    await patient.say(text);
    const conversationId = fd.server.store.db.prepare('SELECT MAX(id) AS id FROM conversations').get() as { id: number };
    const escalation = await fd.server.store.escalations.openForConversation(conversationId.id);
    if (!escalation) throw new Error('no escalation');
    expect(escalation).toMatchObject({ intent: 'data_deletion', route: 'human' });
    await fd.server.store.notes.add({
      escalationId: escalation.id,
      conversationId: escalation.conversationId,
      actor: 'user:1',
      text: 'zqxv checked identity by phone',
      at: Date.now(),
    });
    return { patient, escalation, conversationId: escalation.conversationId };
  }

  test('when an admin exports a data request, then JSON and text hold every message and note, and the export is audited without content', async () => {
    const { escalation } = await dataRequest();
    const admin = await signIn(fd, 'ada@example.org', 'admin', 'Ada Admin');

    const json = await admin.call(`/api/escalations/${escalation.id}/patient-data/export?format=json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="frontdesk-patient-data-${escalation.id}.json"`);
    const data = (await json.json()) as {
      format: string;
      patient: { channel: string };
      conversations: Array<{ messages: Array<{ from: string; text: string }>; notes: Array<{ text: string }> }>;
    };
    expect(data.format).toBe('frontdesk-patient-export/1');
    expect(data.patient.channel).toBe('messenger');
    expect(data.conversations[0]?.messages.map((m) => m.from)).toEqual(['patient', 'assistant', 'assistant']);
    expect(data.conversations[0]?.messages[0]?.text).toContain('Zqxv Patient');
    expect(data.conversations[0]?.notes[0]?.text).toBe('zqxv checked identity by phone');

    const text = await (await admin.call(`/api/escalations/${escalation.id}/patient-data/export?format=text`)).text();
    expect(text).toContain('You: please delete my data, my name is Zqxv Patient');
    expect(text).toContain('Staff note');

    const audits = await fd.server.store.audit.search({ action: 'patient.export' });
    expect(audits.map((a) => a.detail?.format)).toEqual(['text', 'json']);
    expect(JSON.stringify(audits)).not.toMatch(/zqxv/i);
    expect((await admin.call(`/api/escalations/${escalation.id}/patient-data/export?format=xml`)).status).toBe(400);
  });

  test('when an admin confirms the erasure, then messages, notes and flow state are gone, the audit keeps a record without content, and the patient is told on Messenger', async () => {
    const { patient, escalation, conversationId } = await dataRequest();
    const admin = await signIn(fd, 'ada@example.org', 'admin', 'Ada Admin');

    const unconfirmed = await admin.call(`/api/escalations/${escalation.id}/patient-data/erase`, { method: 'POST', body: {} });
    expect(unconfirmed.status).toBe(400);
    expect(((await unconfirmed.json()) as { error: { code: string } }).error.code).toBe('confirmation_required');
    expect(await fd.server.store.messages.listByConversation(conversationId)).toHaveLength(3);

    const res = await admin.call(`/api/escalations/${escalation.id}/patient-data/erase`, { method: 'POST', body: { confirm: 'ERASE' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ conversations: 1, messages: 3, notes: 1, notice: 'sent' });
    await fd.server.idle();

    const store = fd.server.store;
    const left = await store.messages.listByConversation(conversationId);
    expect(left.map((m) => ({ author: m.author, text: m.text }))).toEqual([
      { author: 'staff', text: deletionNotice('Maple Street Family Practice') },
    ]);
    expect(await store.notes.listForConversation(conversationId)).toEqual([]);
    expect((await store.conversations.get(conversationId))?.flow).toBeNull();
    const everything = JSON.stringify([
      store.db.prepare('SELECT * FROM inbox').all(),
      store.db.prepare('SELECT * FROM outbox').all(),
      store.db.prepare('SELECT * FROM messages').all(),
      store.db.prepare('SELECT * FROM audit_log').all(),
    ]);
    expect(everything).not.toMatch(/zqxv/i);

    const erase = (await store.audit.search({ action: 'patient.erase' }))[0];
    expect(erase).toMatchObject({
      actor: `user:${admin.userId}`,
      targetType: 'escalation',
      targetId: String(escalation.id),
      detail: { conversations: 1, messages: 3, notes: 1 },
    });
    // The patient got the notice on the channel they used.
    const received = await patient.received();
    expect(received.at(-1)?.text).toMatch(/^As you asked, .* has deleted the messages and notes we held about you/);

    const summary = (await admin.json(`/api/escalations/${escalation.id}/patient-data`)) as {
      messages: number;
      notes: number;
      erasedAt: string | null;
    };
    expect(summary).toMatchObject({ messages: 1, notes: 0 });
    expect(summary.erasedAt).not.toBeNull();
  });

  test('when the patient wrote in Spanish, then the deletion notice is in Spanish and the erasure forgets the language too', async () => {
    const { patient, escalation, conversationId } = await dataRequest('por favor borren mis datos, me llamo Zqxv Paciente');
    expect((await fd.server.store.conversations.get(conversationId))?.language).toBe('es');
    const admin = await signIn(fd, 'ada@example.org', 'admin', 'Ada Admin');

    const res = await admin.call(`/api/escalations/${escalation.id}/patient-data/erase`, { method: 'POST', body: { confirm: 'ERASE' } });
    expect(res.status).toBe(200);
    await fd.server.idle();

    expect((await patient.received()).at(-1)?.text).toBe(deletionNotice('Maple Street Family Practice', 'es'));
    expect((await patient.received()).at(-1)?.text).toMatch(/^Como nos pidió, .* borró los mensajes/);
    expect(await fd.server.store.conversations.get(conversationId)).toMatchObject({ language: null, languageChosen: false });
  });

  test('when a clinician or the service token asks, or the thread is not a data request, then it is refused and nothing changes', async () => {
    const { escalation, conversationId } = await dataRequest();
    const nurse = await signIn(fd, 'nora@example.org', 'clinician');
    expect((await nurse.call(`/api/escalations/${escalation.id}/patient-data/export`)).status).toBe(403);
    expect(
      (await nurse.call(`/api/escalations/${escalation.id}/patient-data/erase`, { method: 'POST', body: { confirm: 'ERASE' } })).status,
    ).toBe(403);
    expect(
      (await fd.staff(`/api/escalations/${escalation.id}/patient-data/erase`, { method: 'POST', body: { confirm: 'ERASE' } })).status,
    ).toBe(403);

    await messengerPatient(() => fd).say('what time do you open');
    await messengerPatient(() => fd).say('i have a rash that is spreading, should i be worried');
    const clinical = (await fd.server.store.escalations.listOpen()).find((e) => e.route === 'clinical');
    const admin = await signIn(fd, 'ada@example.org', 'admin');
    const refused = await admin.call(`/api/escalations/${clinical?.id}/patient-data/erase`, { method: 'POST', body: { confirm: 'ERASE' } });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('not_a_data_request');
    expect((await admin.call('/api/escalations/999999/patient-data')).status).toBe(404);
    expect(await fd.server.store.messages.listByConversation(conversationId)).toHaveLength(3);
    expect(await fd.server.store.audit.search({ action: 'patient.erase' })).toEqual([]);
  });
});
