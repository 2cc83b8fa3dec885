import { normalizeSpanish } from './normalize-spanish';
import { detectRedFlag, type RedFlagHit } from './red-flags';
import type { Language } from './types';

/**
 * Spanish-speaking patients. A message is Spanish when it has Spanish words that English does
 * not use and the language detector (tinyld, restricted to English and Spanish) agrees. Its red
 * flags are the same rules as English (red-flag-rules.ts) in their Spanish phrasing.
 */

/** Common Spanish words that are not English words (accents removed). */
const SPANISH_WORDS = new Set(
  `que de del la las los el una uno unos unas mi mis tu su sus es esta estas estan estoy esto eso
  muy mucho mucha muchas muchos muchisimas muchisimo mil tengo tiene tienen tenemos necesito necesita quiero quiere puedo puede pueden
  hola gracias por favor para con sin pero porque cuando donde como cual quien hoy manana ayer
  dolor duele pecho cabeza estomago garganta brazo pierna hijo hija esposo esposa mama papa bebe
  nino nina senor senora cita citas medico doctora receta medicina medicamento seguro hora horas
  abren cierran abierto consultorio clinica ayuda auxilio vivir morir respirar sangre sangrando
  fiebre desmayo desmayo desmayado tos vomito vomitando embarazada hablar alguien llamar ya soy
  somos son hay fue estaba tambien bien mal buenos buenas dias tardes noches usted ustedes nosotros
  necesitamos quisiera podria hacer sabado domingo lunes martes miercoles jueves viernes semana
  aqui alla eso este ese cuanto cuesta pagar factura resultados analisis matar matarme morir morirme
  quitarme vida suicidarme suicidio muerto muerta desaparecer aguanto pastillas pastilla jarabe cloro
  veneno tomo trago respira respiro aire ahogando atragantando desmayo desmayado desmayada
  convulsion convulsionando infarto derrame embolia sangra sangrado hinchado hinchada hinchando
  garganta lengua labios cara boca brazo ojos piernas pies cuerpo mitad lado habla hablar raro
  calentura temperatura meses semanas nacido nacida recien azucar glucosa confundido confundida
  cuchillo pistola arma golpe cayo techo escalera atropellaron choque quemadura humo rayo
  descarga alberca piscina ahogo abeja picadura camarones alergia embarazo fuente contracciones
  horario abiertos abren cierran direccion ubicados queda estacionamiento parqueo estacionar
  aceptan seguros pacientes nuevos expediente vacuna vacunas gripe llevar traer cuenta
  contrasena cancelar cambiar agendar reprogramar renovar resurtir farmacia recetas persona
  recepcionista enfermera queja mensajes manden ayer manana tarde noche duele dolor
  tos fiebre mareado mareada vomitando diarrea sarpullido ronchas triste ansioso ansiosa
  deprimido deprimida dormir significan efectos secundarios dosis cuantas cuantos mis tus
  abuelo abuela tio tia despierta despertar responde reacciona vale pena seguir viviendo nadie
  siento duelen desmallo desmayo privo atoro pico nino nina hermano hermana
  adios siempre despido despedida familia`
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

interface WordEvidence {
  words: string[];
  spanish: number;
  english: number;
  marks: boolean;
}

function wordEvidence(text: string): WordEvidence {
  const words = foldSpanish(text.slice(0, 2000))
    .split(' ')
    .filter((w) => w.length > 0);
  let spanish = 0;
  let english = 0;
  for (const w of words) {
    if (SPANISH_WORDS.has(w)) spanish += 1;
    else if (ENGLISH_WORDS.has(w)) english += 1;
  }
  return { words, spanish, english, marks: /[ñ¿¡]|[áéíóú]/i.test(text) };
}

/**
 * Spanish words in a message that may still be mostly English ("my mom tiene dolor de pecho"):
 * the Spanish red-flag phrasing is read too. Cheap: word lists only, no detector.
 */
export function hasSpanishWords(text: string): boolean {
  return spanishWordsIn(wordEvidence(text));
}

function spanishWordsIn({ words, spanish, marks }: WordEvidence): boolean {
  return spanish >= 2 || (spanish >= 1 && (marks || words.some((w) => SPANISH_WORDS.has(w) && !SHARED_WITH_ENGLISH.has(w))));
}

/** Spanish words that English texts use too (names, loanwords): alone they do not make a message Spanish. */
const SHARED_WITH_ENGLISH = new Set([
  'de',
  'adios',
  'la',
  'el',
  'mi',
  'es',
  'son',
  'fue',
  'ya',
  'hay',
  'con',
  'sin',
  'para',
  'este',
  'ese',
  'tu',
  'su',
  'mama',
  'papa',
  'bebe',
  'cita',
  'seguro',
  'aire',
  'arma',
  'cara',
  'hora',
  'horas',
  'como',
  'donde',
  'que',
  'bien',
  'mal',
]);

/** True when the message is written in Spanish. Cheap for English: the detector runs only on candidates. */
export function isSpanish(text: string): boolean {
  return spanishIn(text, wordEvidence(text));
}

/** Both answers from one reading of the words: is the message Spanish, and has it Spanish words at all. */
export function readLanguage(text: string): { spanish: boolean; spanishWords: boolean } {
  const evidence = wordEvidence(text);
  const spanish = spanishIn(text, evidence);
  return { spanish, spanishWords: spanish || spanishWordsIn(evidence) };
}

/**
 * English beyond doubt: several words, English function words among them and no Spanish word
 * ("can i book an appointment"). A name, "ok" or "CVS" is not.
 */
export function isClearlyEnglish(text: string): boolean {
  const { words, spanish, english } = wordEvidence(text);
  return spanish === 0 && english >= 2 && words.length >= 3;
}

/** The language a message is clearly written in, or undefined when it does not say (a name, "ok", "911"). */
export function detectLanguage(text: string): Language | undefined {
  if (isSpanish(text)) return 'es';
  return isClearlyEnglish(text) ? 'en' : undefined;
}

function spanishIn(text: string, { words, spanish, english, marks }: WordEvidence): boolean {
  if (words.length === 0) return false;
  if (words.length === 1 && ONE_WORD.has(words[0] ?? '')) return true;
  if (spanish === 0 || spanish <= english) return false;
  // A short message of Spanish words only, one of them not shared with English: "muchas gracias".
  if (words.length <= 3 && words.every((w) => SPANISH_WORDS.has(w)) && words.some((w) => !SHARED_WITH_ENGLISH.has(w))) return true;
  if (spanish < 2 && !marks) return false;
  const [top] = languageDetector().detectAll(text, { only: ['en', 'es'] });
  // short texts the detector cannot place count as Spanish when the word evidence is strong
  return top === undefined ? spanish >= 3 : top.lang === 'es';
}

/** The patient says in Spanish it is an emergency, or asks for an ambulance (over normalizeSpanish text). */
export const SPANISH_EXPLICIT = /\b(?:emergencia|ambulancia|llam\w* al 911|auxilio|socorro)\b/;

export function isSpanishExplicitEmergency(text: string): boolean {
  return SPANISH_EXPLICIT.test(normalizeSpanish(text.slice(0, 20_000)));
}

/** The first red flag of a Spanish message, or undefined: the one rule engine with the Spanish phrasing. */
export function detectSpanishRedFlag(text: string): RedFlagHit | undefined {
  return detectRedFlag(normalizeSpanish(text.slice(0, 20_000)), 'es');
}
