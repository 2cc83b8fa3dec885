import { detectSpanishRedFlag, isSpanish } from '../../../src/triage/spanish';
import { loadRouter } from '../../../src/triage/load-router';

function setup() {
  const router = loadRouter();
  return { route: (text: string) => router.route(text) };
}

describe('Spanish-speaking patients', () => {
  const { route } = setup();

  it.each(['necesito una cita', 'hola buenas tardes', '¿a qué hora abren?', 'mi hijo tiene fiebre desde ayer', 'gracias'])(
    'when "%s", then it is Spanish',
    (text) => {
      expect(isSpanish(text)).toBe(true);
    },
  );

  it.each([
    'i need an appointment',
    'yes I called 911, the ambulance is here',
    'ahoy hoy',
    'merci beaucoup',
    'taco tuesday at the office?',
    'hi',
  ])('when "%s", then it is not Spanish', (text) => {
    expect(isSpanish(text)).toBe(false);
  });

  it.each([
    ['tengo dolor de pecho muy fuerte', 'cardiac'],
    ['mi mamá no puede respirar', 'breathing'],
    ['mi esposo se desmayó y no responde', 'unresponsive'],
    ['creo que mi papá tiene un derrame, tiene la cara caída', 'stroke'],
    ['mi bebé se está atragantando', 'choking'],
    ['estoy embarazada y estoy sangrando mucho', 'pregnancy'],
  ])('when a Spanish emergency "%s" arrives, then it is routed emergency (%s) in Spanish', (text, family) => {
    expect(route(text)).toMatchObject({ route: 'emergency', language: 'es', redFlag: { family } });
  });

  it('when a Spanish message speaks of suicide, then the crisis line is offered', () => {
    expect(route('ya no quiero vivir, pienso en matarme')).toMatchObject({
      route: 'emergency',
      language: 'es',
      redFlag: { crisisLine: true },
    });
  });

  it('when a Spanish message denies the symptom, then no red flag fires', () => {
    expect(detectSpanishRedFlag('no tengo dolor de pecho, solo tos')).toBeUndefined();
  });

  it.each([
    ['necesito una cita para mi hijo', 'request'],
    ['quiero hablar con alguien sobre mi factura', 'human'],
    ['me duele la rodilla desde ayer', 'clinical'],
  ])('when "%s" is not an emergency, then it goes where it belongs (%s), never fallback', (text, expected) => {
    expect(route(text)).toMatchObject({ route: expected, language: 'es' });
  });
});
