import { startFakeGraph } from '../helpers/fake-graph';
import { chatPatient, messengerPatient, texts, type Patient } from '../helpers/patients';
import { signIn } from '../helpers/staff-client';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { CLINICAL_MESSAGE_PLACEHOLDER } from '../../src/escalation/minimum-necessary';

type Channel = 'messenger' | 'webchat';
const CHANNELS: Channel[] = ['messenger', 'webchat'];

// Wednesday 25 November 2026, 10:00 in New York (the demo practice's zone).
const WED_10AM = Date.UTC(2026, 10, 25, 15, 0);
const MINUTE = 60_000;

interface Row {
  id: number;
  route: string;
  intent: string;
  status: string;
  summary: string | null;
}
interface Item {
  id: number;
  route: string;
  intent: string;
  conversationId: number;
}

async function setup(channel: Channel) {
  const clock = { now: WED_10AM };
  const graph = await startFakeGraph();
  const fd: Frontdesk = await startFrontdesk({ graph, now: () => clock.now });
  const patient: Patient =
    channel === 'messenger'
      ? messengerPatient(
          () => fd,
          () => clock.now,
        )
      : await chatPatient(() => fd);
  const escalations = () =>
    fd.server.store.db.prepare('SELECT id, route, intent, status, summary FROM escalations ORDER BY id').all() as Row[];
  const close = async () => {
    await fd.close();
    await graph.close();
  };
  /** Books an appointment through the flow, so a request waits for the front desk. */
  const bookAppointment = async () => {
    await patient.say('i would like to book an appointment');
    await patient.say('Alex Example');
    await patient.say('3/4/1980');
    await patient.say('reply here is fine');
    await patient.say('tuesday morning');
    await patient.say('annual check-up');
    expect(texts(await patient.tap('Yes, send it'))).toMatch(/Nothing is booked until they confirm/);
  };
  return { fd, clock, patient, escalations, close, bookAppointment };
}

describe.each(CHANNELS)('Requests that wait for staff on %s', (channel) => {
  let t: Awaited<ReturnType<typeof setup>>;
  afterEach(async () => {
    await t.close();
  });

  test('when the refill flow asks for the medication and the patient names it with its strength, then the pharmacy is asked and the request is queued for the front desk', async () => {
    t = await setup(channel);
    expect(texts(await t.patient.say('I need a prescription refill'))).toMatch(/which medication/i);
    const pharmacy = await t.patient.say('lisinopril 10mg');
    expect(texts(pharmacy)).toMatch(/which pharmacy/i);
    expect(texts(pharmacy)).not.toMatch(/clinical team/);
    await t.patient.say('Elm Street Drugs, same as my atorvastatin');
    await t.patient.say('Alex Example');
    await t.patient.say('3/4/1980');
    const confirm = await t.patient.say('reply here is fine');
    expect(confirm.at(-1)?.text).toContain('• Medication: lisinopril 10mg');
    expect(confirm.at(-1)?.text).toContain('• Pharmacy: Elm Street Drugs, same as my atorvastatin');
    expect(texts(await t.patient.tap('Yes, send it'))).toMatch(/refill request/);
    expect(t.escalations()).toEqual([expect.objectContaining({ route: 'request', intent: 'medication_refill', status: 'open' })]);
  });

  test('when the pharmacy answer names a medicine with its strength, then it is the pharmacy and the request completes', async () => {
    t = await setup(channel);
    await t.patient.say('can i get a refill please');
    await t.patient.say('metformin 500 mg tablets, 90 day supply');
    await t.patient.say('Walgreens on 5th ave, they have my lisinopril 10mg on file');
    await t.patient.say('Alex Example');
    await t.patient.say('3/4/1980');
    const confirm = await t.patient.say('reply here is fine');
    expect(confirm.at(-1)?.text).toContain('• Medication: metformin 500 mg tablets, 90 day supply');
    expect(confirm.at(-1)?.text).toContain('• Pharmacy: Walgreens on 5th ave');
    expect(texts(await t.patient.say('yes'))).toMatch(/refill request/);
    expect(t.escalations()[0]).toMatchObject({ route: 'request', intent: 'medication_refill' });
    expect(t.escalations()[0]?.summary).toContain('Medication: metformin 500 mg');
  });

  test('when the patient asks about the medication at the medication step, then it leaves the flow for the clinical team', async () => {
    t = await setup(channel);
    await t.patient.say('I need a prescription refill');
    const reply = await t.patient.say('lisinopril 10mg, is it safe with grapefruit');
    expect(texts(reply)).toMatch(/clinical team/);
    expect(texts(reply)).not.toMatch(/pharmacy/i);
    expect(t.escalations()).toEqual([expect.objectContaining({ route: 'clinical', intent: 'medication_question' })]);
    expect(texts(await t.patient.say('what are your hours'))).toMatch(/open/i); // the refill flow is over
  });

  test('when a booking request waits, then a refill, a clinical question, a person and a thank-you each get an answer, and each request its own item', async () => {
    t = await setup(channel);
    await t.bookAppointment();
    expect(texts(await t.patient.say('I need a refill'))).toMatch(/which medication/i);
    const clinical = await t.patient.say('my rash is spreading, should I worry?');
    expect(texts(clinical)).toMatch(/clinical team.*usually by today at 2:00 PM.*call 911/s);
    expect(texts(await t.patient.say('can I talk to a human please'))).toMatch(/member of our staff/);
    expect(texts(await t.patient.say('thank you'))).not.toBe('');
    expect(t.escalations()).toEqual([
      expect.objectContaining({ route: 'request', intent: 'appointment', status: 'open' }),
      expect.objectContaining({ route: 'clinical', status: 'open' }),
      expect.objectContaining({ route: 'human', intent: 'human_request', status: 'open' }),
    ]);
  });

  test('when a patient sends five lines in a row while a request waits, then they get one acknowledgement with the reply time and 911', async () => {
    t = await setup(channel);
    await t.bookAppointment();
    const replies = [];
    for (const line of ['hello?', 'anyone there', '??', 'waiting', 'helloooo???']) replies.push(...(await t.patient.say(line)));
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(/added this to your appointment request.*reply here, usually by .*call 911/s);
    t.clock.now += 6 * MINUTE;
    expect(texts(await t.patient.say('hello??'))).toMatch(/added this/);
    expect(t.escalations()).toHaveLength(1);
  });

  test('when an emergency follows an appointment request and staff resolve the emergency, then the request stays open and an agent sees it and the whole conversation', async () => {
    t = await setup(channel);
    await t.bookAppointment();
    expect((await t.patient.say('my dad just collapsed and is not breathing'))[0]?.text).toMatch(/Call 911 now/);
    const [appointment, emergency] = t.escalations();
    expect(appointment).toMatchObject({ route: 'request', intent: 'appointment' });
    expect(emergency).toMatchObject({ route: 'emergency' });

    const nurse = await signIn(t.fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
    const agent = await signIn(t.fd, 'agent@example.org', 'agent', 'Frank Front');
    await nurse.json(`/api/escalations/${emergency?.id}/resolve`, { method: 'POST' });
    expect(t.escalations().map((e) => [e.route, e.status])).toEqual([
      ['request', 'open'],
      ['emergency', 'resolved'],
    ]);
    const { items } = await agent.json<{ items: Item[] }>('/api/escalations');
    expect(items).toEqual([expect.objectContaining({ id: appointment?.id, route: 'request', intent: 'appointment' })]);
    const thread = await agent.json<{ messages: Array<{ text: string }> }>(`/api/escalations/${appointment?.id}`);
    // The whole conversation, with the emergency itself withheld from a front-desk agent.
    const texts = thread.messages.map((m) => m.text);
    expect(texts).toEqual(expect.arrayContaining(['Alex Example', CLINICAL_MESSAGE_PLACEHOLDER]));
    expect(texts).not.toContain('my dad just collapsed and is not breathing');
  });

  test('when a member of staff holds the thread, then the bot stays silent, and an emergency still gets 911', async () => {
    t = await setup(channel);
    await t.patient.say('can i talk to a real person');
    const [item] = t.escalations();
    const agent = await signIn(t.fd, 'agent@example.org', 'agent', 'Frank Front');
    await agent.json(`/api/escalations/${item?.id}/claim`, { method: 'POST' });
    expect(await t.patient.say('what are your hours')).toEqual([]);
    expect(await t.patient.say('i need a refill')).toEqual([]);
    expect(await t.patient.say('thank you')).toEqual([]);
    const emergency = await t.patient.say('i think i am having a heart attack');
    expect(emergency[0]?.text).toMatch(/Call 911 now/);
    const thread = await agent.json<{ messages: Array<{ text: string }> }>(`/api/escalations/${item?.id}`);
    expect(thread.messages.map((m) => m.text)).toEqual(expect.arrayContaining(['what are your hours', 'i need a refill', 'thank you']));
    expect(t.escalations().map((e) => e.route)).toEqual(['human', 'request', 'emergency']);
  });

  test('when staff answer one of two waiting requests, then only that one counts as answered, and the thread lists the other', async () => {
    t = await setup(channel);
    await t.bookAppointment();
    await t.patient.say('i have a question about my blood test results, are they normal?');
    const [appointment, clinical] = t.escalations();
    expect(clinical).toMatchObject({ route: 'clinical' });
    const nurse = await signIn(t.fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
    const res = await nurse.call(`/api/escalations/${clinical?.id}/reply`, {
      method: 'POST',
      body: { text: 'Your results are in; the doctor will call you today.' },
    });
    expect(res.status).toBe(202);
    const { items } = await nurse.json<{ items: Array<Item & { slaDueAt: string | null }> }>('/api/escalations');
    expect(items.find((i) => i.id === clinical?.id)?.slaDueAt).toBeNull();
    expect(items.find((i) => i.id === appointment?.id)?.slaDueAt).not.toBeNull();
    const thread = await nurse.json<{ related: Array<{ id: number; route: string }> }>(`/api/escalations/${clinical?.id}`);
    expect(thread.related).toEqual([expect.objectContaining({ id: appointment?.id, route: 'request' })]);
    const agent = await signIn(t.fd, 'agent@example.org', 'agent', 'Frank Front');
    expect((await agent.json<{ related: unknown[] }>(`/api/escalations/${appointment?.id}`)).related).toEqual([]); // not the clinical one
  });

  test('when one item is handed back while a person still holds another, then no hand-back notice is sent and the bot stays silent', async () => {
    t = await setup(channel);
    await t.bookAppointment();
    await t.patient.say('can i talk to a real person');
    const [appointment, human] = t.escalations();
    const agent = await signIn(t.fd, 'agent@example.org', 'agent', 'Frank Front');
    const dana = await signIn(t.fd, 'dana@example.org', 'agent', 'Dana Desk');
    await agent.json(`/api/escalations/${appointment?.id}/claim`, { method: 'POST' });
    await dana.json(`/api/escalations/${human?.id}/claim`, { method: 'POST' });
    const back = await dana.json<{ notice: string }>(`/api/escalations/${human?.id}/hand-back`, { method: 'POST' });
    expect(back.notice).toBe('not_sent');
    expect(texts(await t.patient.received())).not.toMatch(/automated assistant again/);
    expect(await t.patient.say('what are your hours')).toEqual([]);
  });
});
