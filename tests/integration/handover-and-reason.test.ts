import { signIn, type StaffClient } from '../helpers/staff-client';
import { messengerText, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { patientWrites as writes } from '../helpers/patients';

interface Item {
  id: number;
  route: string;
  intent: string;
  assignee: { id: number; name: string } | null;
  preview: string | null;
  previewWithheld: boolean;
  reason: string;
  reasonWithheld: boolean;
}
interface Thread {
  escalation: Item;
  cannedVariables: Record<'en' | 'es', Record<string, string>>;
  notes: Array<{ text: string; withheld: boolean; author: string }>;
  events: Array<{ action: string; detail?: Record<string, unknown> }>;
  messages: Array<{ text: string; withheld: boolean }>;
}

const CLINICAL = 'i have had a rash on my arm for three days, should i be worried';
const EMERGENCY = 'my dad is having chest pain and sweating a lot';

const rowOf = async (client: StaffClient, id: number) =>
  (await client.json<{ items: Item[] }>('/api/escalations')).items.find((i) => i.id === id);

async function setup() {
  const fd = await startFrontdesk();
  const nurse = await signIn(fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
  const agent = await signIn(fd, 'agent@example.org', 'agent', 'Frank Front');
  return { fd, nurse, agent };
}

describe('Handover between roles, the reason on queue rows, canned variables', () => {
  let fd: Frontdesk | undefined;
  afterEach(async () => {
    await fd?.close();
    fd = undefined;
  });

  test('when an emergency is followed by "what are your hours?", then the row gives the emergency as its reason while the preview is the latest message', async () => {
    const s = await setup();
    fd = s.fd;
    const id = await writes(fd, '7610000000000001', EMERGENCY);
    await fd.postMessenger(messengerText({ psid: '7610000000000001', mid: 'm_hours_1', text: 'what are your hours?' }));
    await fd.server.idle();
    const row = await rowOf(s.nurse, id);
    expect(row).toMatchObject({
      route: 'emergency',
      preview: 'what are your hours?',
      reason: `Emergency: ${EMERGENCY}`,
      reasonWithheld: false,
    });
  });

  test('when a request carries a summary, then the agent reads it as the reason; a clinical summary is withheld from the agent but not the nurse', async () => {
    const s = await setup();
    fd = s.fd;
    const id = await writes(fd, '7610000000000002', 'can i talk to a real person please');
    expect((await rowOf(s.agent, id))?.reason).toBe('Asked for a person: can i talk to a real person please');

    await fd.server.store.escalations.setSummary(id, 'Call back about the invoice from March', 'administrative');
    expect(await rowOf(s.agent, id)).toMatchObject({
      reason: 'Asked for a person: Call back about the invoice from March',
      reasonWithheld: false,
    });

    await fd.server.store.escalations.setSummary(id, 'Refill because the tablets give me headaches', 'clinical');
    const agentRow = await rowOf(s.agent, id);
    expect(agentRow).toMatchObject({ reasonWithheld: true });
    expect(agentRow?.reason).not.toContain('headaches');
    expect((await rowOf(s.nurse, id))?.reason).toContain('headaches');
  });

  test('when a nurse sends a clinical thread to the front desk with a note, then the agent sees it with the note as the reason, the clinical messages withheld, and it is audited', async () => {
    const s = await setup();
    fd = s.fd;
    const id = await writes(fd, '7610000000000003', CLINICAL);
    expect(await rowOf(s.agent, id)).toBeUndefined();

    const missingNote = await s.nurse.call(`/api/escalations/${id}/handover`, { method: 'POST', body: { to: 'front_desk' } });
    expect(missingNote.status).toBe(400);
    const res = await s.nurse.json<{ escalation: Item }>(`/api/escalations/${id}/handover`, {
      method: 'POST',
      body: { to: 'front_desk', note: 'Please book a follow-up visit next week.' },
    });
    expect(res.escalation).toMatchObject({ route: 'human', intent: 'handover', assignee: null });

    expect(await rowOf(s.agent, id)).toMatchObject({
      reason: 'Sent to the front desk: Please book a follow-up visit next week.',
      reasonWithheld: false,
      previewWithheld: true,
    });
    const thread = await s.agent.json<Thread>(`/api/escalations/${id}`);
    expect(thread.messages.find((m) => m.withheld)).toBeDefined();
    expect(JSON.stringify(thread)).not.toContain('rash');
    expect(thread.notes.map((n) => n.text)).toEqual(['Please book a follow-up visit next week.']);
    expect(thread.events.map((e) => e.action)).toContain('thread.handover');
    expect((await fd.server.store.audit.search({ action: 'thread.handover' }))[0]).toMatchObject({
      actor: `user:${s.nurse.userId}`,
      targetId: String(id),
      detail: { from: 'clinical', to: 'human', noteId: expect.any(Number) },
    });

    // Back to the clinical team: the agent can no longer open it.
    const back = await s.agent.json<{ escalation: Item | null; route: string }>(`/api/escalations/${id}/handover`, {
      method: 'POST',
      body: { to: 'clinical', note: 'The patient says it got worse.' },
    });
    expect(back).toEqual({ escalation: null, route: 'clinical' });
    expect((await s.agent.call(`/api/escalations/${id}`)).status).toBe(403);
  });

  test('when an emergency is sent to the front desk, then it is refused', async () => {
    const s = await setup();
    fd = s.fd;
    const id = await writes(fd, '7610000000000004', EMERGENCY);
    const res = await s.nurse.call(`/api/escalations/${id}/handover`, { method: 'POST', body: { to: 'front_desk', note: 'billing' } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('handover_refused');
  });

  test('when a nurse opens a thread, then the canned variables hold the practice, her first name and a reply-by time in each language', async () => {
    const s = await setup();
    fd = s.fd;
    const thread = await s.nurse.json<Thread>(`/api/escalations/${await writes(fd, '7610000000000005', CLINICAL)}`);
    expect(thread.cannedVariables.en).toMatchObject({
      patient_first_name: '',
      practice_name: expect.any(String),
      staff_first_name: 'Nora',
      reply_by: expect.stringMatching(/(today|tomorrow|day) at \d{1,2}:\d{2} [AP]M/),
    });
    expect(thread.cannedVariables.es.reply_by).toMatch(/ a las? \d{1,2}:\d{2} [ap]\. m\./);
  });
});
