import { messengerPatient, texts } from '../helpers/patients';
import { signIn, type StaffClient } from '../helpers/staff-client';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
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
  fd: Frontdesk,
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
});
