import { normalizeSpanish } from '../../../src/triage/normalize-spanish';
import { redFlagRules } from '../../../src/triage/red-flag-rules';
import { detectRedFlag } from '../../../src/triage/red-flags';
import type { RedFlagFamily } from '../../../src/triage/types';

function setup() {
  return { flag: (text: string) => detectRedFlag(normalizeSpanish(text), 'es') };
}

/** Per family, Spanish phrasings that must fire: regional words, missing accents, misspellings. */
const FIRE: ReadonlyArray<[RedFlagFamily, string]> = [
  ['cardiac', 'tengo un dolor fuerte en el pecho'],
  ['cardiac', 'a mi papá le duele el pecho y está sudando'],
  ['cardiac', 'creo que a mi tío le está dando un infarto'],
  ['cardiac', 'siento presión en el pecho que se me va al brazo izquierdo'],
  ['cardiac', 'el corazón me late muy rápido y estoy mareada'],
  ['stroke', 'a mi abuela se le torció la boca'],
  ['stroke', 'mi esposo habla raro y tiene la mitad del cuerpo dormida'],
  ['stroke', 'creo que le dio un derrame cerebral ahora mismo'],
  ['stroke', 'el peor dolor de cabeza de mi vida'],
  ['breathing', 'mi hija no puede respirar'],
  ['breathing', 'no puede respirar y tiene los labios morados'],
  ['breathing', 'le falta el aire a mi mamá'],
  ['anaphylaxis', 'me picó una abeja y se me cierra la garganta'],
  ['anaphylaxis', 'comí camarones y se me están hinchando los labios'],
  ['bleeding', 'esta sangrando mucho'],
  ['bleeding', 'me corté con un cuchillo y no para de sangrar'],
  ['bleeding', 'le dispararon a mi hermano'],
  ['overdose', 'mi niño se tragó unas pastillas de mi bolsa'],
  ['overdose', 'mi hija de 2 años se tomó el cloro'],
  ['overdose', 'se tomó todo el frasco de pastillas'],
  ['seizure', 'mi hijo está convulsionando'],
  ['seizure', 'esta teniendo una conbulsion'],
  ['unresponsive', 'mi abuelo se desmallo y no despierta'],
  ['unresponsive', 'mi mamá se privó'],
  ['choking', 'mi bebé se está atragantando con una uva'],
  ['self-harm', 'me quiero matar'],
  ['self-harm', 'ya no quiero vivir'],
  ['self-harm', 'estoy pensando en quitarme la vida'],
  ['self-harm', 'nadie me extrañaría si me muero'],
  ['self-harm', 'gracias por todo, esto es un adiós'],
  ['self-harm', 'díganle a mi familia que los quiero'],
  ['self-harm', 'me despido de todos para siempre'],
  ['violence', 'tengo una pistola y estoy pensando en usarla'],
  ['violence', 'mi ex está tratando de entrar a la casa'],
  ['pregnancy', 'estoy embarazada y estoy sangrando'],
  ['pregnancy', 'se me rompió la fuente y tengo 30 semanas'],
  ['infant-fever', 'mi bebe de 2 meses tiene 39 de fiebre'],
  ['infant-fever', 'mi recién nacido tiene 38,4'],
  ['infant-fever', 'mi bebé de 3 semanas tiene 101 de temperatura'],
  ['trauma', 'se cayó del techo y no puede mover las piernas'],
  ['trauma', 'se le ve el hueso del brazo'],
  ['trauma', 'atropellaron a mi hijo'],
  ['diabetic', 'mi papá tiene el azucar en 40 y está confundido'],
  ['diabetic', 'la glucosa de mi esposo marca 420 y está muy somnoliento'],
  ['diabetic', 'mi hijo tiene la azúcar en 380 y respira muy rápido'],
  ['environmental', 'mi tío tiene golpe de calor y está confundido'],
  ['overdose', 'creo que es monóxido de carbono'],
  ['environmental', 'casi se ahoga en la alberca'],
  ['environmental', 'se electrocutó con un cable'],
  ['severe-pain', 'de repente me dio un dolor insoportable en la panza'],
  ['head-injury', 'se pegó en la cabeza y está vomitando'],
];

/** Negation, history, a relative's history, general questions and ordinary context: quiet. */
const QUIET: readonly string[] = [
  'no tengo dolor de pecho',
  'no tengo dolor de pecho, solo tos',
  'el año pasado tuve un derrame',
  'hace 3 años tuve un infarto, ¿puedo hacer ejercicio?',
  'mi abuelo murió de un infarto',
  'mi papá falleció de un derrame cerebral',
  '¿cuáles son los síntomas de un derrame cerebral?',
  'no me falta el aire, solo tengo la nariz tapada',
  'mi bebé de 8 meses tiene fiebre de 38',
  'mi bebé de 1 mes no tiene fiebre',
  'me corté el dedo cocinando',
  'mi hijo tuvo una reacción alérgica leve',
  'mi azúcar salió en 180 esta mañana',
  'mi azúcar salió en 350 después de comer, ¿me pongo más insulina?',
  'necesito una receta para mis pastillas de las convulsiones',
  'me tomé mi pastilla de la presión',
  'me muero de hambre',
  'ya no aguanto el dolor de espalda',
  'me dio un ataque de risa',
];

/** Spanish and English in one message: the family is found in either language. */
const MIXED: ReadonlyArray<[RedFlagFamily, string]> = [
  ['cardiac', 'my mom tiene dolor de pecho'],
  ['overdose', 'my son se tomó como 20 pastillas'],
  ['infant-fever', 'my baby de 6 semanas tiene 100.8'],
];

describe('Spanish red flags through the one rule engine', () => {
  it('when the rules are listed per language, then every English family has Spanish phrasings', () => {
    const spanish = new Set(redFlagRules('es').map((r) => r.family));
    for (const rule of redFlagRules('en')) expect(spanish).toContain(rule.family);
  });

  it('when a rule has a Spanish phrasing, then it keeps the English rule’s id, family and kind', () => {
    const english = new Map(redFlagRules('en').map((r) => [r.id, r]));
    for (const rule of redFlagRules('es')) {
      expect(english.get(rule.id)).toMatchObject({ family: rule.family, kind: rule.kind });
    }
  });

  it.each(FIRE)('when a %s emergency is written in Spanish as "%s", then it fires', (family, text) => {
    const { flag } = setup();
    expect(flag(text)?.family).toBe(family);
  });

  it.each(QUIET)('when "%s" (negation, history, a question or ordinary context), then nothing fires', (text) => {
    const { flag } = setup();
    expect(flag(text)).toBeUndefined();
  });

  it.each(MIXED)('when Spanish and English are mixed (%s) in "%s", then it fires', (family, text) => {
    const { flag } = setup();
    expect(flag(text)?.family).toBe(family);
  });

  it('when Spanish speaks of suicide, then the crisis line is offered', () => {
    const { flag } = setup();
    expect(flag('ya no quiero vivir')).toMatchObject({ family: 'self-harm', crisisLine: true });
  });

  it('when pills are taken on purpose, then the crisis line is offered with the overdose', () => {
    const { flag } = setup();
    expect(flag('se tomó muchas pastillas a propósito')).toMatchObject({ family: 'overdose', crisisLine: true });
  });

  it('when a weapon is held with thoughts of using it, then the crisis line is offered', () => {
    const { flag } = setup();
    expect(flag('tengo un cuchillo y tengo miedo de lo que pueda hacer')).toMatchObject({ family: 'violence', crisisLine: true });
  });
});
