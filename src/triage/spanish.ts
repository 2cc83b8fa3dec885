import type { RedFlagHit } from './red-flags';
import type { RedFlagFamily } from './types';

/**
 * Spanish-speaking patients. A message is Spanish when it has Spanish words that English does
 * not use and the language detector (tinyld, restricted to English and Spanish) agrees. Spanish
 * emergencies are found by the rules below; anything else in Spanish goes to a person.
 */

/** Common Spanish words that are not English words (accents removed). */
const SPANISH_WORDS = new Set(
  `que de del la las los el una uno unos unas mi mis tu su sus es esta estas estan estoy esto eso
  muy mucho mucha tengo tiene tienen tenemos necesito necesita quiero quiere puedo puede pueden
  hola gracias por favor para con sin pero porque cuando donde como cual quien hoy manana ayer
  dolor duele pecho cabeza estomago garganta brazo pierna hijo hija esposo esposa mama papa bebe
  nino nina senor senora cita citas medico doctora receta medicina medicamento seguro hora horas
  abren cierran abierto consultorio clinica ayuda auxilio vivir morir respirar sangre sangrando
  fiebre desmayo desmayo desmayado tos vomito vomitando embarazada hablar alguien llamar ya soy
  somos son hay fue estaba tambien bien mal buenos buenas dias tardes noches usted ustedes nosotros
  necesitamos quisiera podria hacer sabado domingo lunes martes miercoles jueves viernes semana
  aqui alla eso este ese cuanto cuesta pagar factura resultados analisis`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
/** English words that look like these, to weigh the two languages. */
const ENGLISH_WORDS = new Set(
  `the a an i you he she it we they is are was were be been have has had do does did my your his her
  our their this that what when where how why who can could would should will to of in on at for
  with from and or but not no yes please thanks hi hello need want get appointment doctor pain`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
/** A whole message of one of these is Spanish without further evidence. */
const ONE_WORD = new Set(['hola', 'gracias', 'ayuda', 'auxilio', 'ayudame', 'socorro', 'emergencia', 'cita']);

interface Detector {
  detectAll(text: string, options?: { only?: string[] }): Array<{ lang: string; accuracy: number }>;
}

let detector: Detector | undefined;

/** tinyld loads its n-gram tables (about 300 ms) on first use; the router's warm-up at start is that use, so no patient waits for it. */
function languageDetector(): Detector {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  detector ??= require('tinyld') as Detector;
  return detector;
}

/** Lower case, accents removed ("está" -> "esta"), letters and digits only. */
export function foldSpanish(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** True when the message is written in Spanish. Cheap for English: the detector runs only on candidates. */
export function isSpanish(text: string): boolean {
  const words = foldSpanish(text.slice(0, 2000))
    .split(' ')
    .filter((w) => w.length > 0);
  if (words.length === 0) return false;
  let spanish = 0;
  let english = 0;
  for (const w of words) {
    if (SPANISH_WORDS.has(w)) spanish += 1;
    else if (ENGLISH_WORDS.has(w)) english += 1;
  }
  const marks = /[ñ¿¡]|[áéíóú]/i.test(text);
  if (words.length === 1 && ONE_WORD.has(words[0] ?? '')) return true;
  if (spanish === 0 || spanish <= english) return false;
  if (spanish < 2 && !marks) return false;
  const [top] = languageDetector().detectAll(text, { only: ['en', 'es'] });
  // short texts the detector cannot place count as Spanish when the word evidence is strong
  return top === undefined ? spanish >= 3 : top.lang === 'es';
}

interface SpanishRule {
  family: RedFlagFamily;
  id: string;
  pattern: RegExp;
  needs?: RegExp;
}

/** Red flags in Spanish, over folded text (no accents). Families as in English. */
const SPANISH_RULES: readonly SpanishRule[] = [
  {
    family: 'pregnancy',
    id: 'es-pregnancy',
    pattern: /\bembarazada\b/,
    needs: /\b(?:sangr\w*|contracciones|se (?:me )?rompio la fuente|rompi fuente|dolor (?:muy )?fuerte|no se mueve el bebe)\b/,
  },
  {
    family: 'self-harm',
    id: 'es-suicide',
    pattern:
      /\b(?:suicid\w*|matarme|quitarme la vida|me quiero morir|quiero morir\w*|no quiero (?:vivir|seguir viviendo|despertar|estar aqui)|acabar con (?:mi vida|todo)|hacerme dano|cortarme|me corto|no vale la pena vivir|mejor (?:muerto|muerta)|desaparecer para siempre|ya no puedo mas)\b/,
  },
  {
    family: 'cardiac',
    id: 'es-chest-pain',
    pattern:
      /\b(?:dolor (?:\w+ ){0,3}(?:de|en el) pecho|(?:me|le) duele (?:\w+ ){0,2}el pecho|presion en el pecho|opresion en el pecho|infarto|ataque (?:al|del|de) corazon)\b/,
  },
  {
    family: 'breathing',
    id: 'es-breathing',
    pattern:
      /\b(?:no (?:puedo|puede|podemos) respirar|(?:me|le) falta (?:el )?aire|dificultad para respirar|(?:se|me) (?:esta )?ahogando|labios (?:azules|morados)|no respira)\b/,
  },
  {
    family: 'stroke',
    id: 'es-stroke',
    pattern:
      /\b(?:derrame(?: cerebral)?|embolia|cara (?:caida|torcida|chueca|paralizada)|no puede hablar|habla (?:arrastrada|rara|enredada)|no puede mover (?:el|la|su) (?:brazo|pierna|lado|cara)|(?:se|le) (?:le )?(?:adormecio|entumecio) (?:un|el|la|todo) lado)\b/,
  },
  {
    family: 'unresponsive',
    id: 'es-unresponsive',
    pattern: /\b(?:desmay\w*|inconsciente|no responde|no reacciona|no (?:se )?despierta|perdio el conocimiento|se desvanecio)\b/,
  },
  { family: 'seizure', id: 'es-seizure', pattern: /\b(?:convulsi\w*|ataque epilep\w*|esta convulsionando)\b/ },
  {
    family: 'bleeding',
    id: 'es-bleeding',
    pattern:
      /\b(?:sangr\w* (?:mucho|sin parar|demasiado|a chorros)|no (?:para|deja) de sangrar|hemorragia|vomit\w* sangre|tos con sangre|apunal\w*|balacea\w*|le dispararon|me dispararon)\b/,
  },
  {
    family: 'overdose',
    id: 'es-overdose',
    pattern:
      /\b(?:sobredosis|(?:se|me) tomo (?:todas|muchas|un frasco|el frasco|demasiadas)|trag\w* (?:cloro|veneno|pastillas|pilas|detergente)|envenen\w*|intoxic\w*|tomo (?:cloro|veneno))\b/,
  },
  {
    family: 'anaphylaxis',
    id: 'es-anaphylaxis',
    pattern:
      /\b(?:garganta (?:se (?:me |le )?(?:esta )?cerrando|cerrada)|reaccion alergica (?:grave|fuerte|seria)|(?:se|me|le) (?:me |le )?(?:hincho|esta hinchando) (?:la )?(?:lengua|garganta|cara|boca)|anafila\w*)\b/,
  },
  { family: 'choking', id: 'es-choking', pattern: /\b(?:(?:se|me) (?:esta )?atragant\w*|atorad[oa] con)\b/ },
  {
    family: 'violence',
    id: 'es-violence',
    pattern: /\b(?:quiero (?:matar|lastimar) a|voy a (?:matar|lastimar) a|me (?:esta|estan) (?:atacando|golpeando|ahorcando))\b/,
  },
  {
    family: 'trauma',
    id: 'es-trauma',
    pattern:
      /\b(?:se (?:le )?ve el hueso|hueso (?:salido|expuesto)|no (?:puede|puedo) (?:mover|sentir) las piernas|lo atropell\w*|la atropell\w*|me atropell\w*|quemadura(?:s)? (?:grave|graves|fuerte|fuertes))\b/,
  },
];

const SPANISH_NEGATION = /\b(?:no tengo|no tiene|sin|nunca|ya no tengo|ya no tiene)\s*$/;

/** The patient says in Spanish it is an emergency, or asks for an ambulance. */
const SPANISH_EXPLICIT = /\b(?:emergencia|ambulancia|llam\w* al 911|auxilio|socorro)\b/;

export function isSpanishExplicitEmergency(text: string): boolean {
  return SPANISH_EXPLICIT.test(foldSpanish(text.slice(0, 20_000)));
}

/** The first Spanish red flag, or undefined. */
export function detectSpanishRedFlag(text: string): RedFlagHit | undefined {
  const folded = foldSpanish(text.slice(0, 20_000));
  for (const rule of SPANISH_RULES) {
    if (rule.needs && !rule.needs.test(folded)) continue;
    const match = rule.pattern.exec(folded);
    if (!match) continue;
    if (rule.family !== 'self-harm' && SPANISH_NEGATION.test(folded.slice(Math.max(0, match.index - 20), match.index))) continue;
    return { family: rule.family, crisisLine: rule.family === 'self-harm' || rule.family === 'violence', rule: rule.id };
  }
  return undefined;
}
