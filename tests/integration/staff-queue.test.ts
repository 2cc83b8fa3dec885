import { auditActions, signIn, type StaffClient } from '../helpers/staff-client';
import { messengerText, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { queueEvents } from '../helpers/live-queue';

interface Item {
  id: number;
  route: string;
  channel: string;
  assignee: { id: number; name: string } | null;
  slaDueAt: string | null;
  overdue: boolean;
  status: string;
  resolution: string | null;
}
interface ErrorBody {
  error: { code: string; message: string };
}

const CLINICAL = 'i have had a rash on my arm for three days, should i be worried';
const HUMAN = 'can i talk to a real person please';

/** A patient message on Messenger; returns the escalation it opened. */
async function patientWrites(fd: Frontdesk, psid: string, text: string, ageMs = 60_000): Promise<number> {
  const res = await fd.postMessenger(messengerText({ psid, mid: `m_${psid}_${text.length}`, text, timestamp: Date.now() - ageMs }));
  expect(res.status).toBe(200);
  await fd.server.idle();
  const conversation = await fd.server.store.conversations.findByPlatform('messenger', psid);
  const escalation = conversation && (await fd.server.store.escalations.openForConversation(conversation.id));
  if (!escalation) throw new Error(`no escalation for "${text}"`);
  return escalation.id;
}

async function setup() {
  const fd = await startFrontdesk();
  const [admin, nurse, doctor, agent] = await Promise.all([
    signIn(fd, 'admin@example.org', 'admin', 'Ada Admin'),
    signIn(fd, 'nurse@example.org', 'clinician', 'Nora Nurse'),
    signIn(fd, 'doctor@example.org', 'clinician', 'Dev Doctor'),
    signIn(fd, 'agent@example.org', 'agent', 'Frank Front'),
  ]);
  return { fd, admin, nurse, doctor, agent };
}

const queue = async (client: StaffClient, query = '') => (await client.json<{ items: Item[] }>(`/api/escalations${query}`)).items;

describe('Staff queue and roles', () => {
  let fd: Frontdesk;
  afterEach(async () => {
    await fd.close();
  });

  test('when a clinical and a general thread are open, then an agent sees only the general one and gets 403 (audited) on the clinical one', async () => {
    const s = await setup();
    fd = s.fd;
    const clinical = await patientWrites(fd, '7300000000000001', CLINICAL);
    const human = await patientWrites(fd, '7300000000000002', HUMAN);

    const agentItems = await queue(s.agent);
    expect(agentItems.map((i) => i.id)).toEqual([human]);
    const nurseItems = await queue(s.nurse);
    expect(nurseItems.map((i) => i.id)).toEqual([clinical, human]); // clinical before general

    const denied = await s.agent.call(`/api/escalations/${clinical}`);
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as ErrorBody).error.code).toBe('forbidden_route');
    expect((await s.agent.call(`/api/escalations/${clinical}/claim`, { method: 'POST' })).status).toBe(403);
    expect((await fd.server.store.audit.search({ action: 'access.denied' }))[0]).toMatchObject({
      actor: `user:${s.agent.userId}`,
      targetId: String(clinical),
    });
  });

  test('when a thread is listed, then it carries a business-hours SLA due time from the practice profile', async () => {
    const s = await setup();
    fd = s.fd;
    const id = await patientWrites(fd, '7300000000000003', CLINICAL);
    const [item] = await queue(s.nurse);
    expect(item?.id).toBe(id);
    expect(Date.parse(item?.slaDueAt ?? '')).toBeGreaterThan(Date.now());
    expect(item?.overdue).toBe(false);
  });

  test('when one clinician claims a thread, then a second cannot (409 naming the holder) and an admin can reassign it', async () => {
    const s = await setup();
    fd = s.fd;
    const id = await patientWrites(fd, '7300000000000004', CLINICAL);
    const claimed = await s.nurse.json<{ escalation: Item }>(`/api/escalations/${id}/claim`, { method: 'POST' });
    expect(claimed.escalation.assignee).toEqual({ id: s.nurse.userId, name: 'Nora Nurse' });

    const second = await s.doctor.call(`/api/escalations/${id}/claim`, { method: 'POST' });
    expect(second.status).toBe(409);
    expect(((await second.json()) as ErrorBody).error).toMatchObject({
      code: 'already_claimed',
      message: expect.stringContaining('Nora Nurse'),
    });
    const reply = await s.doctor.call(`/api/escalations/${id}/reply`, { method: 'POST', body: { text: 'Hello from the doctor' } });
    expect(reply.status).toBe(409);

    const agentAssign = await s.admin.call(`/api/escalations/${id}/assign`, { method: 'POST', body: { userId: s.agent.userId } });
    expect(agentAssign.status).toBe(400); // an agent cannot hold a clinical thread
    const reassigned = await s.admin.json<{ escalation: Item }>(`/api/escalations/${id}/assign`, {
      method: 'POST',
      body: { userId: s.doctor.userId },
    });
    expect(reassigned.escalation.assignee?.name).toBe('Dev Doctor');
    expect((await s.doctor.call(`/api/escalations/${id}/claim`, { method: 'POST' })).status).toBe(200);
    expect(await auditActions(fd)).toEqual(expect.arrayContaining(['thread.claim', 'thread.assign']));
  });

  test('when an agent holds a thread and the patient asks a clinical question, then it is a clinical item of its own for clinicians and the agent keeps the general one', async () => {
    const s = await setup();
    fd = s.fd;
    const id = await patientWrites(fd, '7300000000000012', HUMAN);
    await s.agent.json(`/api/escalations/${id}/claim`, { method: 'POST' });
    const before = fd.graph.requests.length;
    const clinical = await patientWrites(fd, '7300000000000012', CLINICAL);
    expect(clinical).not.toBe(id);
    expect(fd.graph.requests.length).toBe(before); // the agent holds the thread: the bot stays silent
    expect(await fd.server.store.escalations.get(id)).toMatchObject({ route: 'human', status: 'open', assignedTo: s.agent.userId });
    expect(await fd.server.store.escalations.get(clinical)).toMatchObject({ route: 'clinical', status: 'open', assignedTo: null });

    expect((await queue(s.agent)).map((i) => i.id)).toEqual([id]);
    expect((await queue(s.nurse, '?assigned=unassigned')).map((i) => i.id)).toEqual([clinical]);
    const taken = await s.nurse.json<{ escalation: Item }>(`/api/escalations/${clinical}/claim`, { method: 'POST' });
    expect(taken.escalation.assignee?.name).toBe('Nora Nurse');
  });

  test('when filters are used, then mine, unassigned, type and channel narrow the list', async () => {
    const s = await setup();
    fd = s.fd;
    const clinical = await patientWrites(fd, '7300000000000005', CLINICAL);
    const human = await patientWrites(fd, '7300000000000006', HUMAN);
    await s.nurse.json(`/api/escalations/${clinical}/claim`, { method: 'POST' });
    expect((await queue(s.nurse, '?assigned=mine')).map((i) => i.id)).toEqual([clinical]);
    expect((await queue(s.nurse, '?assigned=unassigned')).map((i) => i.id)).toEqual([human]);
    expect((await queue(s.nurse, '?route=human')).map((i) => i.id)).toEqual([human]);
    expect((await queue(s.nurse, '?channel=webchat')).map((i) => i.id)).toEqual([]);
    expect((await s.nurse.call('/api/escalations?route=bogus')).status).toBe(400);
  });
});

describe('Working a thread', () => {
  let fd: Frontdesk;
  afterEach(async () => {
    await fd.close();
  });

  test('when a clinician views, notes, replies, resolves and reopens, then the patient gets only the reply and every step is audited', async () => {
    const s = await setup();
    fd = s.fd;
    const id = await patientWrites(fd, '7300000000000007', CLINICAL);
    const before = fd.graph.requests.length;

    const thread = await s.nurse.json<{ window: { state: string; closesAt: string }; messages: Array<{ author: string }> }>(
      `/api/escalations/${id}`,
    );
    expect(thread.window.state).toBe('open');
    expect(thread.messages[0]?.author).toBe('patient');

    const note = await s.nurse.call(`/api/escalations/${id}/notes`, { method: 'POST', body: { text: 'Photo needed; call if spreading.' } });
    expect(note.status).toBe(201);
    const reply = await s.nurse.call(`/api/escalations/${id}/reply`, { method: 'POST', body: { text: 'Hi, this is Nora, a nurse here.' } });
    expect(reply.status).toBe(202);
    await fd.server.idle();
    const sent = fd.graph.requests.slice(before);
    expect(sent.map((r) => r.body.message?.text)).toEqual(['Nora: Hi, this is Nora, a nurse here.']);

    const after = await s.nurse.json<{
      escalation: Item;
      notes: Array<{ text: string; author: string }>;
      messages: Array<{ author: string; staffName: string | null; status: string }>;
    }>(`/api/escalations/${id}`);
    expect(after.escalation.assignee?.name).toBe('Nora Nurse'); // replying to an unclaimed thread claims it
    expect(after.escalation.slaDueAt).toBeNull(); // answered: waiting for the patient
    expect(after.notes).toEqual([expect.objectContaining({ text: 'Photo needed; call if spreading.', author: 'Nora Nurse' })]);
    expect(after.messages.at(-1)).toMatchObject({ author: 'staff', staffName: 'Nora Nurse', status: 'sent' });

    const resolved = await s.nurse.json<{ escalation: Item }>(`/api/escalations/${id}/resolve`, { method: 'POST' });
    expect(resolved.escalation.status).toBe('resolved');
    expect((await queue(s.nurse)).map((i) => i.id)).not.toContain(id);
    expect((await queue(s.nurse, '?status=resolved')).map((i) => i.id)).toContain(id);

    const reopened = await s.doctor.json<{ escalation: Item }>(`/api/escalations/${id}/reopen`, { method: 'POST' });
    expect(reopened.escalation).toMatchObject({ status: 'open', assignee: { name: 'Dev Doctor' } });

    const exported = await s.doctor.call(`/api/escalations/${id}/export`);
    expect(exported.headers.get('content-disposition')).toMatch(/attachment/);
    expect(await exported.text()).toMatch(/Internal note \(Nora Nurse\): Photo needed/);

    const trail = (await fd.server.store.audit.search({ targetType: 'escalation', targetId: String(id) })).map(
      (a) => `${a.action} ${a.actor}`,
    );
    expect(trail).toEqual(
      expect.arrayContaining([
        `thread.view user:${s.nurse.userId}`,
        `thread.note user:${s.nurse.userId}`,
        `thread.reply user:${s.nurse.userId}`,
        `thread.claim user:${s.nurse.userId}`,
        `thread.resolve user:${s.nurse.userId}`,
        `thread.reopen user:${s.doctor.userId}`,
        `thread.export user:${s.doctor.userId}`,
      ]),
    );
    expect((await fd.server.store.audit.search({ action: 'thread.view' }))[0]?.ip).toMatch(/127\.0\.0\.1/);
  });

  test('when a thread is handed back to the bot, then it closes as handed back and the patient is told the assistant is back', async () => {
    const s = await setup();
    fd = s.fd;
    const id = await patientWrites(fd, '7300000000000008', HUMAN);
    const before = fd.graph.requests.length;
    const res = await s.agent.json<{ escalation: Item; notice: string }>(`/api/escalations/${id}/hand-back`, { method: 'POST' });
    expect(res).toMatchObject({ notice: 'sent', escalation: { status: 'resolved', resolution: 'handed_back' } });
    await fd.server.idle();
    const sent = fd.graph.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toMatchObject({ messaging_type: 'RESPONSE' });
    expect(sent[0]?.body.tag).toBeUndefined();
    expect(sent[0]?.body.message?.text).toMatch(/automated assistant again/);
    expect(await auditActions(fd)).toContain('thread.hand_back');
  });

  test('when the Messenger window is past 24 h, then hand-back sends nothing (bots may not use HUMAN_AGENT) and says so', async () => {
    const s = await setup();
    fd = s.fd;
    const id = await patientWrites(fd, '7300000000000009', HUMAN, 30 * 3_600_000);
    const before = fd.graph.requests.length;
    const res = await s.agent.json<{ notice: string }>(`/api/escalations/${id}/hand-back`, { method: 'POST' });
    expect(res.notice).toBe('not_sent');
    await fd.server.idle();
    expect(fd.graph.requests.length).toBe(before);
  });

  test('when the Messenger window is closed, then the thread says why a reply is impossible', async () => {
    const s = await setup();
    fd = s.fd;
    const id = await patientWrites(fd, '7300000000000010', CLINICAL, 8 * 24 * 3_600_000);
    const thread = await s.nurse.json<{ window: { state: string }; canReply: { allowed: boolean; reason: string } }>(
      `/api/escalations/${id}`,
    );
    expect(thread.window.state).toBe('closed');
    expect(thread.canReply).toEqual({ allowed: false, reason: expect.stringMatching(/7 days/) });
    const reply = await s.nurse.call(`/api/escalations/${id}/reply`, { method: 'POST', body: { text: 'Hello?' } });
    expect(reply.status).toBe(409);
    expect(((await reply.json()) as ErrorBody).error.code).toBe('window_closed');
  });
});

describe('Live queue stream', () => {
  let fd: Frontdesk;
  afterEach(async () => {
    await fd.close();
  });

  test('when a patient writes while a clinician listens, then a new snapshot with the thread arrives on the stream', async () => {
    const s = await setup();
    fd = s.fd;
    const controller = new AbortController();
    const res = await fetch(`${fd.server.url}/api/escalations/stream`, { headers: { cookie: s.nurse.cookie }, signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const next = queueEvents(res);
    const nextSnapshot = async (): Promise<Item[]> => (await next()).items as Item[];
    expect(await nextSnapshot()).toEqual([]);
    const id = await patientWrites(fd, '7300000000000011', CLINICAL);
    // Snapshots follow every change; the bot may write the message a moment before the escalation.
    let items = await nextSnapshot();
    while (!items.some((i) => i.id === id)) items = await nextSnapshot();
    expect(items.map((i) => i.id)).toEqual([id]);
    controller.abort();
  });
});
