import { chatPatient, messengerPatient, texts, type Patient } from '../helpers/patients';
import { startFakeGraph } from '../helpers/fake-graph';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

type Channel = 'messenger' | 'webchat';
const CHANNELS: Channel[] = ['messenger', 'webchat'];

async function setup(channel: Channel) {
  const graph = await startFakeGraph();
  const fd: Frontdesk = await startFrontdesk({ graph });
  const patient: Patient = channel === 'messenger' ? messengerPatient(() => fd) : await chatPatient(() => fd);
  const escalations = () =>
    fd.server.store.db.prepare(`SELECT id, route, intent, status FROM escalations ORDER BY id`).all() as Array<{
      id: number;
      route: string;
      intent: string;
      status: string;
    }>;
  const inbound = () =>
    (fd.server.store.db.prepare(`SELECT text FROM messages WHERE direction = 'in' ORDER BY id`).all() as Array<{ text: string }>).map(
      (r) => r.text,
    );
  const close = async () => {
    await fd.close();
    await graph.close();
  };
  return { patient, escalations, inbound, close };
}

describe.each(CHANNELS)('Spanish and emergency follow-ups on %s', (channel) => {
  let t: Awaited<ReturnType<typeof setup>>;
  afterEach(async () => {
    await t.close();
  });

  test('when a patient writes a Spanish emergency, then the 911 reply comes in Spanish at once', async () => {
    t = await setup(channel);
    const reply = await t.patient.say('tengo dolor de pecho muy fuerte');
    expect(reply[0]?.text).toMatch(/Llame al 911 ahora/);
    expect(texts(reply)).not.toMatch(/didn't understand/);
    expect(t.escalations()).toEqual([expect.objectContaining({ route: 'emergency', status: 'open' })]);
  });

  test('when a Spanish message speaks of suicide, then 988 is given with "oprima 2"', async () => {
    t = await setup(channel);
    const reply = await t.patient.say('ya no quiero vivir');
    expect(texts(reply)).toMatch(/988 y oprima 2/);
    expect(texts(reply)).toMatch(/911/);
  });

  test('when the patient says 911 was called after the emergency reply, then it is acknowledged and joined, not answered with 911 again', async () => {
    t = await setup(channel);
    const first = await t.patient.say('my husband is having chest pain and sweating');
    expect(first[0]?.text).toMatch(/Call 911 now/);
    const update = await t.patient.say('yes I called 911, the ambulance is here');
    expect(texts(update)).toMatch(/staff have already been alerted/);
    expect(texts(update)).not.toMatch(/Call 911 now/);
    expect(t.escalations()).toEqual([expect.objectContaining({ route: 'emergency', status: 'open' })]);
    expect(t.inbound()).toContain('yes I called 911, the ambulance is here');
    const atHospital = await t.patient.say("we're at the ER now");
    expect(texts(atHospital)).toMatch(/staff have already been alerted/);
    expect(t.escalations()).toHaveLength(1);
  });

  test('when a new red flag follows the emergency reply, then it still gets the 911 reply', async () => {
    t = await setup(channel);
    await t.patient.say('my dad collapsed in the kitchen');
    await t.patient.say('i called 911, they are on their way');
    const worse = await t.patient.say('he stopped breathing');
    expect(worse[0]?.text).toMatch(/Call 911 now/);
  });

  test('when "I called 911" comes with no emergency open, then it is treated as the emergency it may be', async () => {
    t = await setup(channel);
    const reply = await t.patient.say('I called 911, the ambulance is here');
    expect(reply[0]?.text).toMatch(/Call 911 now/);
  });

  test('when asked about privacy and flu shots, then the FAQ answers, not a deletion request or the clinical team', async () => {
    t = await setup(channel);
    expect(texts(await t.patient.say('is this chat hipaa compliant?'))).toMatch(/Only the staff who\s+need them/);
    expect(texts(await t.patient.say('can I get my flu shot there?'))).toMatch(/we give flu shots/);
    expect(t.escalations()).toEqual([]);
  });
});
