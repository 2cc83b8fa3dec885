import { chatPatient, messengerPatient, texts, type Patient } from '../helpers/patients';
import { startFakeGraph } from '../helpers/fake-graph';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

type Channel = 'messenger' | 'webchat';
const CHANNELS: Channel[] = ['messenger', 'webchat'];

// Wednesday 25 November 2026, 10:00 in New York (the demo practice's zone): open until 5:30 PM.
const WED_10AM = Date.UTC(2026, 10, 25, 15, 0);
const HOUR = 3600_000;

async function setup(channel: Channel, start = WED_10AM) {
  const clock = { now: start };
  const graph = await startFakeGraph();
  const holder: { fd: Frontdesk } = { fd: await startFrontdesk({ graph, now: () => clock.now }) };
  const app = () => holder.fd;
  const patient: Patient = channel === 'messenger' ? messengerPatient(app, () => clock.now) : await chatPatient(app);
  const restart = async () => {
    const { dir } = holder.fd;
    await holder.fd.server.close();
    holder.fd = await startFrontdesk({ dir, graph, now: () => clock.now });
  };
  const escalations = () =>
    holder.fd.server.store.db.prepare(`SELECT id, route, intent, status, summary FROM escalations ORDER BY id`).all() as Array<{
      id: number;
      route: string;
      intent: string;
      status: string;
      summary: string | null;
    }>;
  const close = async () => {
    await holder.fd.close();
    await graph.close();
  };
  return { holder, app, patient, clock, restart, escalations, close };
}

describe.each(CHANNELS)('Conversations on %s', (channel) => {
  let t: Awaited<ReturnType<typeof setup>>;
  afterEach(async () => {
    await t.close();
  });

  test('when a patient first writes, then the bot says it is automated and not for emergencies', async () => {
    t = await setup(channel);
    const first = await t.patient.say('hi there');
    expect(first[0]?.text).toMatch(/not watched for emergencies/);
    expect(first[0]?.text).toMatch(/911/);
    expect(first[0]?.text).toMatch(/privacy/);
    const second = await t.patient.say('hello again');
    expect(texts(second)).not.toMatch(/not watched for emergencies/);
  });

  test('when asked "are you open now" at fixed clocks, then the answer follows the practice hours and zone', async () => {
    t = await setup(channel);
    expect(texts(await t.patient.say('are you open now?'))).toContain("We're open now until 5:30 PM");
    t.clock.now = Date.UTC(2026, 10, 26, 15, 0); // Thanksgiving, 10:00 in New York
    expect(texts(await t.patient.say('r u open right now'))).toContain(
      "We're closed right now (Thanksgiving Day). We open again tomorrow at 9:00 AM",
    );
    expect(texts(await t.patient.say('are you open on saturday'))).toContain("On Saturday, November 28 we're open 9:00 AM–12:00 PM");
  });

  test('when an FAQ answer did not help, then the patient is offered a person and gets one', async () => {
    t = await setup(channel);
    const answer = await t.patient.say('where do i park');
    expect(answer.at(-1)?.text).toMatch(/park[\s\S]*\n\nDid that help\?$/i);
    expect(answer.at(-1)?.choices.map((c) => c.title)).toEqual(expect.arrayContaining(['Yes, thanks', 'No']));
    const offer = await t.patient.tap('No');
    expect(offer.at(-1)?.choices.map((c) => c.title)).toContain('Talk to a person');
    const handoff = await t.patient.tap('Talk to a person');
    expect(texts(handoff)).toMatch(/member of our staff/);
    expect(t.escalations()).toEqual([expect.objectContaining({ route: 'human', status: 'open' })]);
  });

  test('when a patient books an appointment, then the details are confirmed and queued for the front desk, not booked', async () => {
    t = await setup(channel);
    expect(texts(await t.patient.say('can i book an appointment for a physical'))).toMatch(/what name/i);
    expect(texts(await t.patient.say('Alex Example'))).toMatch(/date of birth/i);
    expect(texts(await t.patient.say('3/4/1980'))).toMatch(/call you back/i);
    expect(texts(await t.patient.say('reply here is fine'))).toMatch(/days and times/i);
    // The reason was in the first message ("for a physical"): it is not asked again.
    const confirm = await t.patient.say('tuesday or thursday morning');
    expect(confirm.at(-1)?.text).toContain('• Name: Alex Example');
    expect(confirm.at(-1)?.text).toContain('• Reason: a physical');
    expect(t.escalations()).toEqual([]);
    const done = await t.patient.tap('Yes, send it');
    expect(texts(done)).toMatch(/front desk/);
    expect(texts(done)).toMatch(/Nothing is booked until they confirm/);
    const [item] = t.escalations();
    expect(item).toMatchObject({ route: 'request', intent: 'appointment', status: 'open' });
    expect(item?.summary).toContain('Preferred days/times: tuesday or thursday morning');
  });

  test('when the server restarts mid-flow, then the flow continues where it was', async () => {
    t = await setup(channel);
    await t.patient.say('i need to reschedule my appointment');
    await t.patient.say('Sam Example');
    await t.patient.say('1980-03-04');
    await t.restart();
    await t.patient.say('555-010-0123');
    expect(texts(await t.patient.say('friday at 2pm with dr lee'))).toMatch(/days and times/i);
    await t.patient.say('next monday afternoon');
    const done = await t.patient.tap('Yes, send it');
    expect(texts(done)).toMatch(/front desk/);
    expect(t.escalations()[0]?.summary).toContain('Current appointment: friday at 2pm with dr lee');
  });

  test('when the patient says "never mind" mid-flow, then the flow ends and nothing is queued', async () => {
    t = await setup(channel);
    await t.patient.say('i need to book an appt');
    await t.patient.say('Jo Example');
    expect(texts(await t.patient.say('never mind'))).toMatch(/stopped that/);
    expect(t.escalations()).toEqual([]);
    expect(texts(await t.patient.say('what are your hours'))).toMatch(/open/i);
  });

  test('when a patient asks for a refill, then medication and pharmacy are collected and queued', async () => {
    t = await setup(channel);
    expect(texts(await t.patient.say('i need a refill on my lisinopril'))).toMatch(/which pharmacy/i);
    await t.restart();
    await t.patient.say('walgreens on main street');
    await t.patient.say('Alex Example');
    await t.patient.say('March 4 1980');
    const confirm = await t.patient.say('here');
    expect(confirm.at(-1)?.text).toContain('• Medication: lisinopril');
    const done = await t.patient.say('yes');
    expect(texts(done)).toMatch(/refill request/);
    expect(t.escalations()[0]).toMatchObject({ route: 'request', intent: 'medication_refill' });
  });

  test('when a medication question comes up inside a refill, then it goes to clinical staff with no advice', async () => {
    t = await setup(channel);
    await t.patient.say('can i get a refill please');
    const reply = await t.patient.say('can i take my metformin with alcohol?');
    expect(texts(reply)).toMatch(/clinical team/);
    expect(texts(reply)).not.toMatch(/pharmacy/i);
    expect(t.escalations()[0]).toMatchObject({ route: 'clinical' });
  });

  test('when a clinical question waits for staff, then follow-ups are acknowledged once, an FAQ is answered, and an emergency gets 911 in an item of its own', async () => {
    t = await setup(channel);
    const handoff = await t.patient.say('i have had a rash on my arm for three days, should i be worried?');
    expect(texts(handoff)).toMatch(/clinical team/);
    expect(texts(handoff)).toMatch(/usually by today at 2:00 PM/); // 4 business hours from 10:00
    expect(texts(handoff)).toMatch(/call 911/);
    const added = await t.patient.say('it is also itchy now');
    expect(texts(added)).toMatch(/added this to your question for our clinical team.*usually by today at 2:00 PM.*call 911/s);
    expect(await t.patient.say('and a bit red')).toEqual([]); // one acknowledgement every few minutes
    expect(texts(await t.patient.say('what are your hours'))).toMatch(/open/i);
    const emergency = await t.patient.say('now my throat is closing up and i cant breathe');
    expect(emergency[0]?.text).toMatch(/Call 911 now/);
    expect(t.escalations()).toEqual([
      expect.objectContaining({ route: 'clinical', status: 'open' }),
      expect.objectContaining({ route: 'emergency', status: 'open' }),
    ]);
  });

  test('when staff resolve the thread, then the next message gets the bot again without repeating its disclosure', async () => {
    t = await setup(channel);
    await t.patient.say('can i talk to a real person');
    const [item] = t.escalations();
    t.clock.now += 20 * 60_000; // staff answer a while later
    const res = await t.app().staff(`/api/escalations/${item?.id}/resolve`, { method: 'POST' });
    expect(res.status).toBe(200);
    const next = await t.patient.say('what are your hours');
    expect(texts(next)).not.toMatch(/automated assistant/);
    expect(texts(next)).toMatch(/open/i);
  });

  test('when 30 days pass, then the bot says again that it is automated, and not before', async () => {
    t = await setup(channel);
    await t.patient.say('hello');
    t.clock.now += 25 * HOUR;
    expect(texts(await t.patient.say('hello again'))).not.toMatch(/not watched for emergencies/);
    t.clock.now += 30 * 24 * HOUR;
    expect((await t.patient.say('hello again'))[0]?.text).toMatch(/not watched for emergencies/);
  });

  test('when the patient writes STOP, then it is acknowledged once, staff hear later messages, and the bot is back after START', async () => {
    t = await setup(channel);
    await t.patient.say('hi');
    expect(texts(await t.patient.say('STOP'))).toMatch(/unsubscribed/);
    expect(await t.patient.say('STOP')).toEqual([]);
    expect(texts(await t.patient.say('what are your hours'))).toMatch(/a person will reply here.*Reply START/);
    expect(t.escalations()).toEqual([expect.objectContaining({ route: 'human', status: 'open' })]);
    const back = await t.patient.say('START');
    expect(texts(back)).toMatch(/Welcome back/);
    expect(texts(await t.patient.say('what are your hours'))).toMatch(/open/i);
  });

  test('when an opted-out patient describes an emergency, then they still get the 911 reply', async () => {
    t = await setup(channel);
    await t.patient.say('unsubscribe');
    expect((await t.patient.say('my husband collapsed and is not breathing'))[0]?.text).toMatch(/Call 911 now/);
  });

  test('when a patient asks to delete their data, then staff get a task and the patient an acknowledgement', async () => {
    t = await setup(channel);
    expect(texts(await t.patient.say('please delete all my data'))).toMatch(/delete your data/);
    expect(t.escalations()[0]).toMatchObject({ route: 'human', intent: 'data_deletion' });
  });

  test('when a patient writes about suicide, then the reply gives 988 and 911 at once', async () => {
    t = await setup(channel);
    const reply = await t.patient.say("i don't want to be alive anymore");
    expect(reply[0]?.text).toMatch(/911/);
    expect(texts(reply)).toMatch(/988/);
    expect(t.escalations()[0]).toMatchObject({ route: 'emergency' });
  });
});
