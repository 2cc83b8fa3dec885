import { loadRouter } from '../../../src/triage/load-router';

function setup() {
  const router = loadRouter();
  return { triage: (text: string, hint?: 'es') => router.route(text, hint), route: (text: string) => router.route(text) };
}

describe('Spanish messages through the same router and policy', () => {
  const { triage, route } = setup();

  it.each([
    ['¿a qué hora cierran los viernes?', 'answer', 'faq/hours'],
    ['¿dónde está la clínica?', 'answer', 'faq/location'],
    ['¿aceptan el seguro de Aetna?', 'answer', 'faq/insurance'],
    ['necesito una cita para mi hija', 'request', 'appointment'],
    ['necesito que me renueven la receta', 'request', 'medication_refill'],
    ['quiero hablar con una persona', 'human', 'human_request'],
  ])('when "%s" arrives, then the router understands %s (%s) in Spanish', (text, routeName, intent) => {
    expect(triage(text)).toMatchObject({ route: routeName, intent, language: 'es' });
  });

  it.each([
    '¿puedo tomar ibuprofeno con mi pastilla de la presión?',
    'tengo dolor de garganta y fiebre',
    '¿qué significan mis resultados de la tiroides?',
    'me siento muy triste y con ansiedad',
    'el año pasado tuve un derrame, ¿puedo tomar aspirina?',
  ])('when "%s" (a clinical question, history or a medicine with a question) arrives, then it is clinical', (text) => {
    expect(triage(text)).toMatchObject({ route: 'clinical', language: 'es' });
  });

  it.each([
    ['seguros?', 'faq/insurance'],
    ['estacionamiento', 'faq/parking'],
  ])('when "%s" (too short to tell its language) comes in a Spanish conversation, then it is read as Spanish', (text, intent) => {
    expect(triage(text, 'es')).toMatchObject({ route: 'answer', intent, language: 'es' });
  });

  it('when a clearly English message comes in a Spanish conversation, then it is read in English', () => {
    expect(triage('can i book an appointment for next week', 'es')).toMatchObject({ route: 'request', language: 'en' });
  });

  it.each(['tengo chest pain', 'my mom tiene dolor de pecho', 'mi abuelo se desmallo y no despierta'])(
    'when "%s" (mixed, misspelled or short) arrives, then it is an emergency for the bot too',
    (text) => {
      expect(route(text)).toMatchObject({ route: 'emergency' });
    },
  );

  it('when an English message arrives, then its language is English', () => {
    expect(triage('what time do you open')).toMatchObject({ language: 'en' });
  });
});
