import { chatPatient, messengerPatient, texts, type Patient } from '../helpers/patients';
import { startFakeGraph } from '../helpers/fake-graph';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { signIn } from '../helpers/staff-client';
import { startXFrontdesk, xDm, xMention, type XFrontdesk } from '../helpers/x-frontdesk';

type Channel = 'messenger' | 'webchat';
const CHANNELS: Channel[] = ['messenger', 'webchat'];

// Wednesday 25 November 2026, 10:00 in New York (the demo practice's zone).
const WED_10AM = Date.UTC(2026, 10, 25, 15, 0);
const DAY = 24 * 3600_000;

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
    fd.server.store.db.prepare(`SELECT id, route, intent, status, summary FROM escalations ORDER BY id`).all() as Array<{
      id: number;
      route: string;
      intent: string;
      status: string;
      summary: string | null;
    }>;
  const close = async () => {
    await fd.close();
    await graph.close();
  };
  return { fd, patient, clock, escalations, close };
}

describe.each(CHANNELS)('The everyday front desk on %s', (channel) => {
  let t: Awaited<ReturnType<typeof setup>>;
  afterEach(async () => {
    await t.close();
  });

  test('when a refill names lisinopril 10 mg, then the refill flow runs to the end and lands as one front-desk request with who, medicine and pharmacy', async () => {
    t = await setup(channel);
    const first = await t.patient.say('I need a refill of my lisinopril 10 mg');
    expect(texts(first)).not.toMatch(/can't answer medical questions/);
    expect(texts(first)).toMatch(/Which pharmacy/);
    expect(texts(await t.patient.say('CVS on Elm Street'))).toMatch(/full name/);
    expect(texts(await t.patient.say('Alex Example'))).toMatch(/date of birth/);
    expect(texts(await t.patient.say('3/4/2090'))).toMatch(/in the future/);
    expect(texts(await t.patient.say('March 4, 1980'))).toMatch(/call you back/);
    const check = await t.patient.say('555-010-0199');
    expect(texts(check)).toContain('• Medication: lisinopril 10 mg');
    expect(texts(await t.patient.tap('Yes, send it'))).toMatch(/sent your refill request/);
    const items = t.escalations();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ route: 'request', intent: 'medication_refill', status: 'open' });
    expect(items[0]?.summary).toBe(
      [
        '• Refill request',
        '• Name: Alex Example',
        '• Date of birth: March 4, 1980 (1980-03-04)',
        '• Callback: (555) 010-0199',
        '• Medication: lisinopril 10 mg',
        '• Pharmacy: CVS on Elm Street',
      ].join('\n'),
    );
    // Front-desk staff see it in the thread, through the redaction layer.
    const thread = (await (await t.fd.staff(`/api/escalations/${items[0]?.id}`)).json()) as { escalation: { summary: string | null } };
    expect(thread.escalation.summary).toContain('Date of birth: March 4, 1980');
  });

  test('when a question is about the medicine, then it still goes to the clinical team, worded for a medicine', async () => {
    t = await setup(channel);
    const reply = await t.patient.say('can I take lisinopril 10 mg with ibuprofen');
    expect(texts(reply)).toMatch(/can't advise on medicines here/);
    expect(texts(reply)).not.toMatch(/If it gets worse/);
    expect(t.escalations()).toEqual([expect.objectContaining({ route: 'clinical', intent: 'medication_question' })]);
  });

  test('when an appointment names its reason, then the booking flow keeps the reason, asks who the patient is, and queues one request', async () => {
    t = await setup(channel);
    const first = await t.patient.say('can I schedule a visit about my blood pressure meds');
    expect(texts(first)).not.toMatch(/clinical team/);
    expect(texts(first)).toMatch(/What name/);
    await t.patient.say('Sam Example');
    await t.patient.say('1980-03-04');
    expect(texts(await t.patient.tap('Reply here is fine'))).toMatch(/days and times/);
    const check = await t.patient.say('weekday mornings');
    expect(texts(check)).toContain('• Reason: my blood pressure meds');
    await t.patient.tap('Yes, send it');
    const items = t.escalations();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ route: 'request', intent: 'appointment' });
    expect(items[0]?.summary).toContain('• Callback: Reply in this chat');
    expect(items[0]?.summary).toContain('• Date of birth: March 4, 1980 (1980-03-04)');
  });

  test('when the patient types "stop" inside the booking flow, then the flow ends and they are not unsubscribed', async () => {
    t = await setup(channel);
    await t.patient.say('I need an appointment');
    expect(texts(await t.patient.say('stop'))).toMatch(/I've stopped that/);
    expect(texts(await t.patient.say('what are your hours'))).toMatch(/open/i);
    expect(t.escalations()).toEqual([]);
  });

  test('when a patient wrote STOP, then a later request reaches staff and they are told once how to turn the assistant back on', async () => {
    t = await setup(channel);
    await t.patient.say('hi');
    await t.patient.say('STOP');
    const told = await t.patient.say('I need a refill of my metformin, I am almost out');
    expect(texts(told)).toMatch(/a person will reply here/);
    expect(texts(told)).toMatch(/Reply START/);
    expect(t.escalations()).toEqual([expect.objectContaining({ route: 'request', intent: 'medication_refill', status: 'open' })]);
    expect(await t.patient.say('thank you')).toEqual([]);
    expect(t.escalations()).toHaveLength(1);
  });

  test('when staff resolve a thread, then the disclosure is not repeated within 30 days', async () => {
    t = await setup(channel);
    expect(texts(await t.patient.say('can i talk to a real person'))).toMatch(/automated assistant/);
    const [item] = t.escalations();
    t.clock.now += 2 * DAY;
    expect((await t.fd.staff(`/api/escalations/${item?.id}/resolve`, { method: 'POST' })).status).toBe(200);
    t.clock.now += 3 * DAY;
    expect(texts(await t.patient.say('what are your hours'))).not.toMatch(/automated assistant/);
  });

  test('when a clinical question carries a sign of crisis, then the hand-off gives the 988 line', async () => {
    t = await setup(channel);
    const reply = await t.patient.say('my depression meds are not working and I feel trapped with no way out');
    expect(t.escalations()[0]).toMatchObject({ route: 'clinical' });
    expect(texts(reply)).toMatch(/988/);
  });

  test('when a clinical question in Spanish carries a sign of crisis, then the hand-off gives the 988 line in Spanish', async () => {
    t = await setup(channel);
    const reply = await t.patient.say('mi medicina para la depresión ya no me funciona y ya no aguanto más, ¿la puedo cambiar?');
    expect(t.escalations()[0]).toMatchObject({ route: 'clinical' });
    expect(texts(reply)).toMatch(/988/);
    expect(texts(reply)).not.toMatch(/\bcall or text\b/i);
  });

  test('when one message asks a billing question and describes headaches with blurry vision, then both are handled in one reply and the item carries both needs', async () => {
    t = await setup(channel);
    await t.patient.say('hi');
    const reply = await t.patient.say(
      "I got a bill for $240 from my last visit and I don't understand what it is for. Can someone explain the charges?\n\n" +
        "Also, I've been having headaches for about a week and my vision gets blurry in the afternoons.\n\nThanks so much.",
    );
    expect(reply).toHaveLength(1);
    expect(reply[0]?.text).toMatch(/a few things/);
    expect(reply[0]?.text).toMatch(/passed your message to our clinical team/);
    expect(reply[0]?.text).toMatch(/bill/i);
    const items = t.escalations();
    expect(items).toEqual([expect.objectContaining({ route: 'clinical', intent: 'symptom' })]);
    const thread = (await (await t.fd.staff(`/api/escalations/${items[0]?.id}`)).json()) as {
      escalation: { needs: Array<{ kind: string; intent: string; summary: string }> };
    };
    expect(thread.escalation.needs).toEqual([
      expect.objectContaining({ kind: 'question', intent: 'faq/billing', summary: expect.stringContaining('$240') }),
      expect.objectContaining({ kind: 'clinical', intent: 'symptom', summary: expect.stringContaining('blurry') }),
    ]);
  });

  test('when one message asks for a person and asks a clinical question, then both are queued and the front desk reads only its own need', async () => {
    t = await setup(channel);
    await t.patient.say('hi');
    const reply = await t.patient.say(
      'I would like to talk to a real person about my account please.\n\nAlso I have had a rash on my arm for a week, should I be worried?',
    );
    expect(reply).toHaveLength(1);
    expect(reply[0]?.text).toMatch(/clinical team/);
    expect(reply[0]?.text).toMatch(/member of our staff/);
    const items = t.escalations();
    expect(items.map((e) => e.route).sort()).toEqual(['clinical', 'human']);
    const agent = await signIn(t.fd, 'agent@example.org', 'agent', 'Frank Front');
    const human = items.find((e) => e.route === 'human');
    const thread = (await (await agent.call(`/api/escalations/${human?.id}`)).json()) as {
      escalation: { needs: Array<{ kind: string; intent: string | null; summary: string; withheld: boolean }> };
    };
    expect(thread.escalation.needs.map((n) => n.kind).sort()).toEqual(['clinical', 'human']);
    const clinical = thread.escalation.needs.find((n) => n.kind === 'clinical');
    expect(clinical).toMatchObject({ intent: null, withheld: true });
    expect(JSON.stringify(thread)).not.toMatch(/rash/);
    expect(thread.escalation.needs.find((n) => n.kind === 'human')?.summary).toMatch(/real person/);
  });

  test('when a crisis sign is added to a waiting clinical question, then the 988 line is given at once', async () => {
    t = await setup(channel);
    await t.patient.say('I have had a rash on my arm for a week, should I be worried?');
    const added = await t.patient.say('honestly I feel trapped and there is no way out anymore');
    expect(texts(added)).toMatch(/988/);
    expect(t.escalations()).toEqual([expect.objectContaining({ route: 'clinical' })]);
  });
});

describe('The everyday front desk on X', () => {
  let fd: XFrontdesk;
  afterEach(async () => {
    await fd.close();
  });

  const dm = async (senderId: string, text: string) => {
    await fd.postX(xDm({ accountId: fd.x.accountId, senderId, id: fd.x.nextId(), text }));
    await fd.server.idle();
  };

  test('when a DM patient wrote STOP, then a later request reaches staff and they are told how to turn the assistant back on', async () => {
    fd = await startXFrontdesk();
    await dm('1600000000000000090', 'hi');
    await dm('1600000000000000090', 'STOP');
    await dm('1600000000000000090', 'can I make an appointment for my knee');
    expect(fd.sentTo('1600000000000000090').at(-1)).toMatch(/a person will reply here.*Reply START/);
    const rows = fd.server.store.db.prepare(`SELECT route, intent FROM escalations`).all();
    expect(rows).toEqual([{ route: 'request', intent: 'appointment' }]);
  });

  test('when a mention carries a name and date of birth, then the public reply is only the fixed invitation', async () => {
    fd = await startXFrontdesk();
    await fd.postX(
      xMention({
        accountId: fd.x.accountId,
        authorId: '1600000000000000091',
        id: fd.x.nextId(),
        text: '@maplestreet I need a refill of my lisinopril 10 mg, Alex Example DOB 3/4/1980',
      }),
    );
    await fd.server.idle();
    expect(fd.x.sentPosts).toHaveLength(1);
    expect(fd.x.sentPosts[0]?.text).not.toMatch(/lisinopril|Alex|1980|pharmacy|birth/i);
    expect(fd.x.sentPosts[0]?.text).toMatch(/direct message/);
  });
});
