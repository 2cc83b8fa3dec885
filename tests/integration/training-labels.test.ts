import { messengerPatient, texts } from '../helpers/patients';
import { signIn, type StaffClient } from '../helpers/staff-client';
import type { Store } from '../../src/create-store';
import { startFakeGraph } from '../helpers/fake-graph';
import { createMigratedTestDatabase, describeWithPostgres } from '../helpers/postgres';
import { startFrontdesk, startFrontdeskOnPostgres, type Frontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

const DIDNT_UNDERSTAND = "Sorry, I didn't understand that";
const APPOINTMENT_FLOW = 'Would you like to book, reschedule or cancel an appointment';

interface ThreadMessage {
  id: number;
  author: string;
  text: string;
  withheld: boolean;
}

async function setup() {
  const fd = await startFrontdesk();
  const clinician = await signIn(fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
  const admin = await signIn(fd, 'admin@example.org', 'admin', 'Ada Admin');
  const agent = await signIn(fd, 'desk@example.org', 'agent', 'Dee Desk');
  return { fd, clinician, admin, agent };
}

/** A patient writes `text`, then asks for a person: the thread staff open, and the message's id in it. */
async function threadWith(
  fd: Frontdesk<Store>,
  staff: StaffClient,
  text: string,
  then = 'can i talk to a real person',
): Promise<{ escalationId: number; messageId: number }> {
  const patient = messengerPatient(() => fd);
  await patient.say(text);
  await patient.say(then);
  const { items } = await staff.json<{ items: Array<{ id: number }> }>('/api/escalations');
  for (const item of items) {
    const view = await staff.json<{ messages: ThreadMessage[] }>(`/api/escalations/${item.id}`);
    const message = view.messages.find((m) => m.author === 'patient' && m.text === text);
    if (message) return { escalationId: item.id, messageId: message.id };
  }
  throw new Error('no thread holds the message');
}

function label(staff: StaffClient, escalationId: number, messageId: number, intent: unknown) {
  return staff.call(`/api/escalations/${escalationId}/messages/${messageId}/label`, { method: 'POST', body: { intent } });
}

async function pendingOf(staff: StaffClient) {
  return staff.json<{
    items: Array<{ id: number; intent: string; message: { text: string } }>;
    model: { version: string; examples: number };
  }>('/api/training/labels');
}

describe('Triage that learns from the practice, through the real server', () => {
  test('when a clinician labels a misunderstood request as an appointment and an admin accepts it, then the same shape of message starts the appointment flow within 60 s, without a restart', async () => {
    const { fd, clinician, admin } = await setup();
    try {
      const before = messengerPatient(() => fd);
      expect(texts(await before.say('put me down for the well woman thing'))).toContain(DIDNT_UNDERSTAND);
      const unseen = messengerPatient(() => fd);
      expect(texts(await unseen.say('put us down for the well woman thing'))).toContain(DIDNT_UNDERSTAND);

      const { escalationId, messageId } = await threadWith(fd, clinician, 'put me down for the well woman thing');
      const labelled = await label(clinician, escalationId, messageId, 'appointment');
      expect(labelled.status).toBe(201);
      const pending = await pendingOf(admin);
      expect(pending.items).toEqual([
        expect.objectContaining({
          intent: 'appointment',
          message: expect.objectContaining({ text: 'put me down for the well woman thing' }),
        }),
      ]);
      expect(pending.model.version).toBe('intents');

      const accepted = await admin.call(`/api/training/labels/${pending.items[0]!.id}/accept`, { method: 'POST' });
      expect(accepted.status).toBe(200);
      const started = Date.now();
      await waitFor(async () => (await pendingOf(admin)).model.examples === 1, 60_000);
      expect(Date.now() - started).toBeLessThan(60_000);

      const child = messengerPatient(() => fd);
      expect(texts(await child.say('put me down for the well child thing'))).toContain(APPOINTMENT_FLOW);
      const again = messengerPatient(() => fd);
      expect(texts(await again.say('put us down for the well woman thing'))).toContain(APPOINTMENT_FLOW);

      const metrics = await (await fetch(`${fd.server.url}/metrics`)).text();
      expect(metrics).toMatch(/frontdesk_triage_model_info\{version="labels-1-[0-9a-f]{12}"\} 1/);
      expect(metrics).toMatch(/frontdesk_triage_model_examples 1/);
      expect(metrics).toMatch(/frontdesk_triage_model_examples_right_ratio 1/);
      // never logged: the example's words appear in no log line
      expect(fd.logs.text).not.toContain('well woman');
      const actions = (await fd.server.store.audit.list(500)).map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(['thread.label', 'training.list', 'training.accept']));
    } finally {
      await fd.close();
    }
  }, 90_000);

  test('when staff label messages, then roles decide who may label what, every label and refusal is audited, and only admins review', async () => {
    const { fd, clinician, admin, agent } = await setup();
    try {
      const request = await threadWith(fd, agent, 'can u squeeze me in thurs');
      const clinical = await threadWith(fd, clinician, 'my gums bleed every time i floss, is that bad');

      // an agent: front-desk intents on messages they may read, nothing else
      expect((await label(agent, request.escalationId, request.messageId, 'appointment')).status).toBe(201);
      const clinicalIntent = await label(agent, request.escalationId, request.messageId, 'symptom');
      expect(clinicalIntent.status).toBe(403);
      expect((await clinicalIntent.json()) as unknown).toEqual({ error: expect.objectContaining({ code: 'forbidden_intent' }) });
      expect((await label(agent, clinical.escalationId, clinical.messageId, 'appointment')).status).toBe(403);
      const intents = await agent.json<{ items: Array<{ route: string }> }>('/api/training/intents');
      expect(intents.items.map((i) => i.route).filter((r) => r === 'clinical' || r === 'emergency')).toEqual([]);
      // the agent's review list shows no label on a message it may not read
      expect((await label(clinician, clinical.escalationId, clinical.messageId, 'symptom')).status).toBe(201);
      expect((await pendingOf(agent)).items.map((i) => i.intent)).toEqual(['appointment']);
      expect((await pendingOf(admin)).items.map((i) => i.intent)).toEqual(['appointment', 'symptom']);

      // a label names a known intent, on a patient message of this thread
      expect((await label(clinician, clinical.escalationId, clinical.messageId, 'nonsense')).status).toBe(400);
      expect((await label(clinician, clinical.escalationId, request.messageId, 'appointment')).status).toBe(404);

      // review: admins only
      const [first] = (await pendingOf(admin)).items;
      expect((await clinician.call(`/api/training/labels/${first!.id}/accept`, { method: 'POST' })).status).toBe(403);
      expect((await agent.call(`/api/training/labels/${first!.id}/reject`, { method: 'POST' })).status).toBe(403);
      const rejected = await admin.call(`/api/training/labels/${first!.id}/reject`, { method: 'POST' });
      expect(((await rejected.json()) as { label: { status: string } }).label.status).toBe('rejected');
      expect((await admin.call(`/api/training/labels/${first!.id}/accept`, { method: 'POST' })).status).toBe(409);

      const actions = (await fd.server.store.audit.list(500)).map((a) => a.action);
      expect(actions.filter((a) => a === 'thread.label')).toHaveLength(2);
      // the agent's clinical intent refused; the clinical thread it may not even open
      expect(actions.filter((a) => a === 'thread.label_refused')).toHaveLength(1);
      expect(actions).toContain('access.denied');
      expect(actions).toContain('training.reject');
    } finally {
      await fd.close();
    }
  }, 60_000);

  test('when a label would change what an emergency rule decides, then it is refused with the reason: safety rules are code, not data', async () => {
    const { fd, clinician } = await setup();
    try {
      const chest = await threadWith(fd, clinician, 'my chest hurts and my left arm is numb');
      const hours = await label(clinician, chest.escalationId, chest.messageId, 'faq/hours');
      expect(hours.status).toBe(422);
      const refusal = (await hours.json()) as { error: { code: string; message: string } };
      expect(refusal.error.code).toBe('emergency_rule');
      expect(refusal.error.message).toMatch(/safety rules are code, not data/);

      const ordinary = await threadWith(fd, clinician, 'my knee has been a bit stiff this week');
      const emergency = await label(clinician, ordinary.escalationId, ordinary.messageId, 'emergency');
      expect(emergency.status).toBe(422);
      const explained = (await emergency.json()) as { error: { code: string; message: string } };
      expect(explained.error.code).toBe('emergency_from_rules');
      expect(explained.error.message).toMatch(/Emergencies come from the red-flag rules/);
      expect(await fd.server.store.trainingLabels.listPending(10)).toEqual([]);
    } finally {
      await fd.close();
    }
  }, 60_000);

  test("when a patient's data is erased, then their labels and the examples taken from them go too, and the model forgets them", async () => {
    const { fd, clinician, admin } = await setup();
    try {
      const patient = messengerPatient(() => fd);
      await patient.say('put me down for the well woman thing');
      await patient.say('can i talk to a real person');
      const { items } = await clinician.json<{ items: Array<{ id: number }> }>('/api/escalations');
      const thread = await clinician.json<{ messages: ThreadMessage[] }>(`/api/escalations/${items[0]!.id}`);
      const message = thread.messages.find((m) => m.text === 'put me down for the well woman thing')!;
      await label(clinician, items[0]!.id, message.id, 'appointment');
      const [pending] = (await pendingOf(admin)).items;
      await admin.call(`/api/training/labels/${pending!.id}/accept`, { method: 'POST' });
      await waitFor(async () => (await pendingOf(admin)).model.examples === 1, 60_000);

      await patient.say('please delete all my data');
      // the data request joins the patient's open thread
      const erased = await admin.call(`/api/escalations/${items[0]!.id}/patient-data/erase`, {
        method: 'POST',
        body: { confirm: 'ERASE' },
      });
      expect(erased.status).toBe(200);
      expect(await fd.server.store.trainingLabels.acceptedExamples()).toEqual([]);
      await waitFor(async () => (await pendingOf(admin)).model.version === 'intents', 30_000);
      expect((await pendingOf(admin)).model.examples).toBe(0);
    } finally {
      await fd.close();
    }
  }, 90_000);
});

describeWithPostgres('Triage that learns, on two instances sharing PostgreSQL', () => {
  test('when an admin accepts a label on one instance, then the other instance retrains to the same model version and routes by it', async () => {
    const graph = await startFakeGraph({ delayMs: 20 });
    const { url } = await createMigratedTestDatabase();
    const [a, b] = await Promise.all([
      startFrontdeskOnPostgres({ databaseUrl: url, graph }),
      startFrontdeskOnPostgres({ databaseUrl: url, graph }),
    ]);
    try {
      const clinician = await signIn(a, 'nurse@example.org', 'clinician');
      const admin = await signIn(a, 'admin@example.org', 'admin');
      const onB = await signIn(b, 'admin@example.org', 'admin');
      const { escalationId, messageId } = await threadWith(a, clinician, 'put me down for the well woman thing');
      expect((await label(clinician, escalationId, messageId, 'appointment')).status).toBe(201);
      const [pending] = (await pendingOf(admin)).items;
      await admin.call(`/api/training/labels/${pending!.id}/accept`, { method: 'POST' });
      await waitFor(async () => (await pendingOf(admin)).model.examples === 1, 60_000);
      const version = (await pendingOf(admin)).model.version;
      await waitFor(async () => (await pendingOf(onB)).model.version === version, 60_000);
      const patient = messengerPatient(() => b);
      expect(texts(await patient.say('put us down for the well woman thing'))).toContain(APPOINTMENT_FLOW);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await graph.close();
    }
  }, 120_000);
});
