import { signIn, type StaffClient } from '../helpers/staff-client';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { patientWrites as writes } from '../helpers/patients';

interface Item {
  id: number;
  route: string;
  intent: string;
  assignee: { id: number; name: string } | null;
  status: string;
  reopenedAt: string | null;
  preview: string | null;
  previewWithheld: boolean;
  reason: string;
  reasonWithheld: boolean;
}
interface Availability {
  status: string;
  chosen: string;
  idle: boolean;
  capacity: number;
  openItems: number;
  assignment: string;
}

const CLINICAL = [
  'i have had a rash on my arm for three days, should i be worried',
  'my knee has been swollen since yesterday, is that normal',
  'i feel dizzy every morning when i stand up, what could it be',
  'my cough has lasted two weeks and i get short of breath on stairs',
  'i have a sore throat and a fever of 101, should i come in',
  'my ankle is still swollen a week after i twisted it',
];
const EMERGENCY = 'my dad is having chest pain and sweating a lot';
const HUMAN = 'can i talk to a real person please';

let sequence = 0;

/** A new patient on Messenger (or `psid` again) writes once; returns the newest open queue item of the conversation. */
const patientWrites = (fd: Frontdesk, text: string, psid = `75${String(++sequence).padStart(14, '0')}`): Promise<number> =>
  writes(fd, psid, text);

const queue = async (client: StaffClient) => (await client.json<{ items: Item[] }>('/api/escalations')).items;
const itemOf = async (client: StaffClient, id: number) => {
  const found = (await queue(client)).find((i) => i.id === id);
  if (!found) throw new Error(`item #${id} not in the queue`);
  return found;
};
const setAvailability = (client: StaffClient, status: string) =>
  client.json<{ availability: Availability }>('/api/me/availability', { method: 'PUT', body: { status } });

async function setup(env: Record<string, string> = {}, now?: () => number) {
  const fd = await startFrontdesk({ env, ...(now ? { now } : {}) });
  const admin = await signIn(fd, 'admin@example.org', 'admin', 'Ada Admin');
  const nurse = await signIn(fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
  const doctor = await signIn(fd, 'doctor@example.org', 'clinician', 'Dev Doctor');
  const agent = await signIn(fd, 'agent@example.org', 'agent', 'Frank Front');
  return { fd, admin, nurse, doctor, agent };
}

describe('Automatic assignment, availability and capacity', () => {
  let fd: Frontdesk | undefined;
  afterEach(async () => {
    await fd?.close();
    fd = undefined;
  });

  test('when two clinicians are available, then four clinical items go two and two, and after one goes away new items go to the other', async () => {
    const s = await setup();
    fd = s.fd;
    expect((await setAvailability(s.nurse, 'available')).availability).toMatchObject({ status: 'available', capacity: 5, openItems: 0 });
    await setAvailability(s.doctor, 'available');

    const first = [];
    for (const text of CLINICAL.slice(0, 4)) first.push(await patientWrites(fd, text));
    const holders = await Promise.all(first.map(async (id) => (await itemOf(s.nurse, id)).assignee?.id));
    expect(holders.filter((h) => h === s.nurse.userId)).toHaveLength(2);
    expect(holders.filter((h) => h === s.doctor.userId)).toHaveLength(2);
    expect(holders[0]).not.toBe(holders[1]); // in turn, not two in a row

    expect((await setAvailability(s.doctor, 'away')).availability.status).toBe('away');
    const later = [await patientWrites(fd, CLINICAL[4]!), await patientWrites(fd, CLINICAL[5]!)];
    for (const id of later) expect((await itemOf(s.nurse, id)).assignee).toEqual({ id: s.nurse.userId, name: 'Nora Nurse' });

    // A request goes to the front desk's pool, never to a clinician.
    await setAvailability(s.agent, 'available');
    const human = await patientWrites(fd, HUMAN);
    expect((await itemOf(s.agent, human)).assignee?.id).toBe(s.agent.userId);

    // The admin view shows who is available, away or off, and how much each holds.
    const users = (await s.admin.json<{ items: Array<{ id: number; availability: Availability }> }>('/api/users')).items;
    const byId = new Map(users.map((u) => [u.id, u.availability]));
    expect(byId.get(s.nurse.userId)).toMatchObject({ status: 'available', openItems: 4 });
    expect(byId.get(s.doctor.userId)).toMatchObject({ status: 'away', openItems: 2 });
    expect(byId.get(s.admin.userId)).toMatchObject({ status: 'off', openItems: 0 });
    const session = await s.doctor.json<{ availability: Availability }>('/api/session');
    expect(session.availability).toMatchObject({ status: 'away', chosen: 'away' });

    // Signing out ends the working day.
    expect((await s.nurse.call('/api/session', { method: 'DELETE' })).status).toBe(204);
    const after = (await s.admin.json<{ items: Array<{ id: number; availability: Availability }> }>('/api/users')).items;
    expect(after.find((u) => u.id === s.nurse.userId)?.availability).toMatchObject({ status: 'off', chosen: 'off' });
  });

  test('when nobody is available, then items wait unassigned and go to the first person who becomes available, up to their capacity', async () => {
    const s = await setup();
    fd = s.fd;
    const ids = [await patientWrites(fd, CLINICAL[0]!), await patientWrites(fd, CLINICAL[1]!), await patientWrites(fd, CLINICAL[2]!)];
    for (const id of ids) expect((await itemOf(s.nurse, id)).assignee).toBeNull();

    const capacity = await s.admin.json<{ availability: Availability }>(`/api/users/${s.nurse.userId}/capacity`, {
      method: 'PUT',
      body: { capacity: 2 },
    });
    expect(capacity.availability.capacity).toBe(2);
    expect((await s.nurse.call(`/api/users/${s.nurse.userId}/capacity`, { method: 'PUT', body: { capacity: 9 } })).status).toBe(403);
    expect((await s.admin.call(`/api/users/${s.nurse.userId}/capacity`, { method: 'PUT', body: { capacity: -1 } })).status).toBe(400);

    const now = await setAvailability(s.nurse, 'available');
    expect(now.availability).toMatchObject({ status: 'available', openItems: 2, capacity: 2 });
    const after = await Promise.all(ids.map((id) => itemOf(s.nurse, id)));
    expect(after.map((i) => i.assignee?.id ?? null)).toEqual([s.nurse.userId, s.nurse.userId, null]); // oldest first

    // Resolving one frees a place: the waiting item follows.
    expect((await s.nurse.call(`/api/escalations/${ids[0]}/resolve`, { method: 'POST' })).status).toBe(200);
    await waitFor(async () => (await itemOf(s.nurse, ids[2]!)).assignee?.id === s.nurse.userId);

    // An emergency is assigned at once even over capacity.
    const emergency = await patientWrites(fd, EMERGENCY);
    expect((await itemOf(s.nurse, emergency)).assignee?.id).toBe(s.nurse.userId);
    expect((await s.nurse.json<{ availability: Availability }>('/api/me/availability')).availability.openItems).toBe(3);
    // …and every clinician still sees it in the queue.
    expect((await queue(s.doctor)).map((i) => i.id)).toContain(emergency);

    expect((await s.nurse.call('/api/me/availability', { method: 'PUT', body: { status: 'busy' } })).status).toBe(400);
    expect((await fd.server.store.audit.search({ action: 'staff.availability' })).length).toBeGreaterThan(0);
    expect((await fd.server.store.audit.search({ action: 'user.capacity' }))[0]).toMatchObject({ targetId: String(s.nurse.userId) });
  });

  test('when an available clinician has been idle longer than AWAY_AFTER_MINUTES, then they count as away and get nothing new', async () => {
    let offset = 0;
    const s = await setup({ AWAY_AFTER_MINUTES: '10' }, () => Date.now() + offset);
    fd = s.fd;
    await setAvailability(s.nurse, 'available');
    await setAvailability(s.doctor, 'available');
    offset = 11 * 60_000;
    // Only the doctor does something in the console.
    await s.doctor.json('/api/session');

    const id = await patientWrites(fd, CLINICAL[0]!);
    expect((await itemOf(s.doctor, id)).assignee?.id).toBe(s.doctor.userId);
    const nurse = (await s.admin.json<{ items: Array<{ id: number; availability: Availability }> }>('/api/users')).items.find(
      (u) => u.id === s.nurse.userId,
    );
    expect(nurse?.availability).toMatchObject({ status: 'away', chosen: 'available', idle: true });
  });

  test('when ASSIGNMENT=off, then nothing is assigned automatically and claiming works as before', async () => {
    const s = await setup({ ASSIGNMENT: 'off' });
    fd = s.fd;
    expect((await setAvailability(s.nurse, 'available')).availability.assignment).toBe('off');
    const id = await patientWrites(fd, CLINICAL[0]!);
    expect((await itemOf(s.nurse, id)).assignee).toBeNull();
    expect((await s.nurse.call(`/api/escalations/${id}/claim`, { method: 'POST' })).status).toBe(200);
    expect((await itemOf(s.nurse, id)).assignee?.id).toBe(s.nurse.userId);
  });

  test('when a patient writes within REOPEN_WITHIN_HOURS of their resolved thread, then it reopens to the same nurse; later it is a new item', async () => {
    let offset = 0;
    const s = await setup({}, () => Date.now() + offset);
    fd = s.fd;
    await setAvailability(s.nurse, 'available');
    await setAvailability(s.doctor, 'available');
    const psid = '7599000000000001';
    const first = await patientWrites(fd, CLINICAL[0]!, psid);
    const holder = (await itemOf(s.nurse, first)).assignee!.id;
    const holderClient = holder === s.nurse.userId ? s.nurse : s.doctor;
    // The round robin's next turn is the other clinician.
    await patientWrites(fd, CLINICAL[1]!);
    await patientWrites(fd, CLINICAL[2]!);
    await holderClient.json(`/api/escalations/${first}/reply`, {
      method: 'POST',
      body: { text: 'A nurse here: it sounds mild; keep an eye on it.' },
    });
    await holderClient.json(`/api/escalations/${first}/resolve`, { method: 'POST' });

    offset = 3 * 3_600_000;
    const nurseAgain = await signIn(fd, holderClient.email, 'clinician');
    const again = await patientWrites(fd, 'the rash on my arm is spreading now, is that bad', psid);
    expect(again).toBe(first);
    const reopened = await itemOf(nurseAgain, first);
    expect(reopened).toMatchObject({ status: 'open', assignee: { id: holder } });
    expect(reopened.reopenedAt).not.toBeNull();

    await nurseAgain.json(`/api/escalations/${first}/resolve`, { method: 'POST' });
    offset += 73 * 3_600_000;
    await signIn(fd, 'nurse@example.org', 'clinician');
    const later = await patientWrites(fd, 'the rash came back on my other arm, should i worry', psid);
    expect(later).not.toBe(first);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
