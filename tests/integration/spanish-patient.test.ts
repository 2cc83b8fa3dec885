import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeGraph } from '../helpers/fake-graph';
import { chatPatient, messengerPatient, texts, type BotMessage, type Patient } from '../helpers/patients';
import { englishOnly } from '../helpers/spanish-text';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

type Channel = 'messenger' | 'webchat';
const CHANNELS: Channel[] = ['messenger', 'webchat'];
const INTENTS = path.resolve(__dirname, '../../intents');

/** The shipped intents, with the Spanish answer of `untranslated` taken out (a practice that has not written it yet). */
function intentsWithout(untranslated: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fd-intents-'));
  for (const file of fs.readdirSync(INTENTS)) fs.copyFileSync(path.join(INTENTS, file), path.join(dir, file));
  const file = path.join(dir, untranslated);
  fs.writeFileSync(
    file,
    fs
      .readFileSync(file, 'utf8')
      .replace(/^title_es:.*\n/m, '')
      .replace(/^answer_es: >-\n(?: {2}.*\n)+/m, ''),
  );
  return dir;
}

async function setup(channel: Channel, env: Record<string, string> = {}) {
  const graph = await startFakeGraph();
  const fd: Frontdesk = await startFrontdesk({ graph, env });
  const patient: Patient = channel === 'messenger' ? messengerPatient(() => fd) : await chatPatient(() => fd);
  const db = fd.server.store.db;
  const escalations = () =>
    db.prepare(`SELECT route, intent, summary FROM escalations ORDER BY id`).all() as Array<{
      route: string;
      intent: string;
      summary: string | null;
    }>;
  const language = () =>
    db.prepare(`SELECT language, language_chosen AS chosen FROM conversations ORDER BY id DESC LIMIT 1`).get() as
      { language: string | null; chosen: number } | undefined;
  /** Says it and checks every reply has Spanish in it. */
  const say = async (text: string, payload?: string): Promise<BotMessage[]> => {
    const replies = await patient.say(text, payload);
    expect(replies.length).toBeGreaterThan(0);
    expect(englishOnly(replies)).toEqual([]);
    return replies;
  };
  const tap = async (title: string): Promise<BotMessage[]> => {
    const replies = await patient.tap(title);
    expect(englishOnly(replies)).toEqual([]);
    return replies;
  };
  const close = async () => {
    await fd.close();
    await graph.close();
  };
  return { patient, say, tap, escalations, language, close };
}

describe.each(CHANNELS)('A Spanish-speaking patient on %s', (channel) => {
  let t: Awaited<ReturnType<typeof setup>>;
  afterEach(async () => {
    await t.close();
  });

  test('when they ask the weekday hours, then the bot introduces itself and answers in Spanish, with Spanish buttons, and nobody is queued', async () => {
    t = await setup(channel);
    const reply = await t.say('¿cuál es su horario entre semana?');
    expect(texts(reply)).toMatch(/Soy el asistente automático/);
    expect(texts(reply)).toMatch(/llame al 911/);
    expect(texts(reply)).toMatch(/de lunes a viernes de 8:00 a\. m\. a 5:30 p\. m\./);
    expect(texts(reply)).toMatch(/¿Le sirvió\?/);
    expect(reply.at(-1)?.choices.map((c) => c.title)).toEqual(expect.arrayContaining(['Sí, gracias', 'No', 'Días festivos']));
    expect(t.language()).toEqual({ language: 'es', chosen: 0 });
    const where = await t.say('¿dónde queda la clínica?');
    expect(texts(where)).toMatch(/412 Maple Street/);
    expect(texts(where)).not.toMatch(/Soy el asistente automático/); // told once
    const insurance = await t.say('¿aceptan seguro de Blue Cross?');
    expect(texts(insurance)).toMatch(/Aceptamos la mayoría de los planes/);
    expect(t.escalations()).toEqual([]);
  });

  test('when they book an appointment, then every step, the check and the confirmation are in Spanish and the front desk gets the request', async () => {
    t = await setup(channel);
    let reply = await t.say('cita');
    expect(texts(reply)).toMatch(/¿Quiere hacer, cambiar o cancelar una cita/);
    reply = await t.tap('Hacer una cita');
    expect(texts(reply)).toMatch(/¿A nombre de quién es la cita\?/);
    reply = await t.say('María López');
    expect(texts(reply)).toMatch(/¿Y su fecha de nacimiento\?/);
    reply = await t.say('4 de marzo de 1980');
    expect(texts(reply)).toMatch(/¿A qué número le podemos llamar\?/);
    reply = await t.tap('Aquí está bien');
    expect(texts(reply)).toMatch(/¿Qué días y horas le quedan mejor\?/);
    reply = await t.say('el martes en la mañana');
    expect(texts(reply)).toMatch(/¿para qué es la consulta\?/);
    reply = await t.say('chequeo anual');
    expect(texts(reply)).toMatch(
      /Por favor, revise:\n• Hacer una cita\n• Nombre: María López\n• Fecha de nacimiento: 4 de marzo de 1980 \(1980-03-04\)\n• Contacto: Responder en este chat/,
    );
    expect(texts(reply)).toMatch(/• Días y horas preferidos: el martes en la mañana\n• Motivo: chequeo anual/);
    expect(reply.at(-1)?.choices.map((c) => c.title)).toEqual(['Sí, enviar', 'Empezar de nuevo', 'Cancelar']);
    reply = await t.tap('Sí, enviar');
    expect(texts(reply)).toMatch(/Envié esto a nuestra recepción\. Le responderán aquí (?:hoy|mañana|el \w+)/);
    expect(texts(reply)).toMatch(/No hay nada agendado hasta que se lo confirmen/);
    // Staff read the summary in English; the queue shows the conversation's language.
    expect(t.escalations()).toEqual([
      expect.objectContaining({ route: 'request', intent: 'appointment', summary: expect.stringContaining('• Name: María López') }),
    ]);
  });

  test('when they ask for a refill, then it asks the medicine and the pharmacy in Spanish, checks, and queues it', async () => {
    t = await setup(channel);
    let reply = await t.say('necesito que me resurtan mi receta');
    expect(texts(reply)).toMatch(/¿Qué medicamento\(s\) necesita resurtir\?/);
    reply = await t.say('losartán 50 mg');
    expect(texts(reply)).toMatch(/¿A qué farmacia se la enviamos\?/);
    reply = await t.say('Walgreens de la calle Main');
    expect(texts(reply)).toMatch(/¿Cuál es el nombre completo del paciente/);
    await t.say('María López');
    await t.say('4/3/1980');
    reply = await t.say('555 010 0123');
    expect(texts(reply)).toMatch(
      /• Resurtido de receta\n• Nombre: María López\n• Fecha de nacimiento: 4 de marzo de 1980 \(1980-03-04\)\n• Contacto: \(555\) 010-0123\n• Medicamento: losartán 50 mg\n• Farmacia: Walgreens de la calle Main/,
    );
    reply = await t.say('sí');
    expect(texts(reply)).toMatch(/Envié su solicitud de resurtido a nuestro equipo/);
    expect(t.escalations()).toEqual([expect.objectContaining({ route: 'request', intent: 'medication_refill' })]);
  });

  test('when they report an emergency, then the 911 reply is in Spanish first, and staff get an urgent item', async () => {
    t = await setup(channel);
    const reply = await t.say('mi esposo tiene un dolor muy fuerte en el pecho y le cuesta respirar');
    expect(reply[0]?.text).toMatch(/^Esto puede ser una emergencia\. Llame al 911 ahora/);
    expect(texts(reply)).toMatch(/He avisado a nuestro personal|También he avisado a nuestro personal/);
    expect(t.escalations()).toEqual([expect.objectContaining({ route: 'emergency' })]);
    expect(t.language()).toEqual({ language: 'es', chosen: 0 });
  });

  test('when they say in Spanish that 911 was called, then it is acknowledged in Spanish and joined, not answered with 911 again', async () => {
    t = await setup(channel);
    await t.say('mi papá se desmayó y no responde');
    const update = await t.say('ya llamé al 911, la ambulancia ya viene');
    expect(texts(update)).toMatch(/Gracias por avisarnos\. Nuestro personal ya está avisado/);
    expect(texts(update)).not.toMatch(/Llame al 911 ahora/);
    expect(t.escalations()).toEqual([expect.objectContaining({ route: 'emergency' })]);
  });

  test('when they ask a clinical question, then a clinician is queued and the bot says so in Spanish, without advice', async () => {
    t = await setup(channel);
    const reply = await t.say('¿puedo tomar ibuprofeno con mi pastilla de la presión?');
    expect(texts(reply)).toMatch(/No puedo dar consejos sobre medicamentos aquí/);
    expect(t.escalations()).toEqual([expect.objectContaining({ route: 'clinical' })]);
  });

  test('when the conversation is Spanish, then a short answer that does not say its language is still read and answered in Spanish', async () => {
    t = await setup(channel);
    await t.say('hola, buenos días');
    const reply = await t.say('seguros?');
    expect(texts(reply)).toMatch(/Aceptamos la mayoría de los planes/);
  });

  test('when they write "English please", then the bot switches and stays in English; "en español" switches back', async () => {
    t = await setup(channel);
    await t.say('¿dónde están ubicados?');
    expect(texts(await t.patient.say('English please'))).toMatch(/I will write in English/);
    expect(t.language()).toEqual({ language: 'en', chosen: 1 });
    expect(texts(await t.patient.say('what are your hours'))).toMatch(/Our regular hours/);
    expect(texts(await t.say('en español por favor'))).toMatch(/le escribo en español/);
    expect(texts(await t.say('¿tienen estacionamiento?'))).toMatch(/estacionamiento gratuito/);
  });

  test('when they write ALTO, then automated messages stop (acknowledged in Spanish) until ALTA', async () => {
    t = await setup(channel);
    await t.say('hola');
    expect(texts(await t.say('ALTO'))).toMatch(/Su suscripción está cancelada.*Responda ALTA/s);
    expect(texts(await t.patient.say('¿a qué hora abren?'))).toMatch(/una persona le responderá aquí.*Responda ALTA/s);
    expect(texts(await t.say('ALTA'))).toMatch(/Bienvenido de nuevo/);
  });

  test('when the practice has not written an answer in Spanish, then a person is asked, with a note in both languages, never the English answer', async () => {
    t = await setup(channel, { INTENTS_DIR: intentsWithout('faq-parking.yaml') });
    const reply = await t.say('¿tienen estacionamiento para pacientes?');
    expect(texts(reply)).toMatch(/Una persona de nuestro equipo le responderá aquí/);
    expect(texts(reply)).toMatch(/a member of our staff will reply here/);
    expect(texts(reply)).not.toMatch(/Free patient parking/);
    expect(t.escalations()).toEqual([expect.objectContaining({ route: 'human', intent: 'faq/parking' })]);
  });
});
