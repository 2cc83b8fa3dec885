import { isBreak } from './normalize-text';

/**
 * The health gate for Spanish (health-gate.ts reads English through WordNet): a Spanish message
 * that names the body, a symptom, a medicine or distress is never told "didn't understand"; a
 * clinician reads it. Over normalizeSpanish text.
 */
export interface SpanishHealthSignal {
  reason: string;
  intent: 'symptom' | 'medication_question' | 'mental_health';
}

const MEDICINE = new Set(
  `pastilla pastillas pildora pildoras tableta tabletas capsulas medicina medicinas medicamento
  medicamentos jarabe gotas inyeccion antibiotico antibioticos insulina`.split(/\s+/),
);
const DISTRESS = new Set(
  `ansiedad ansioso ansiosa deprimido deprimida depresion triste tristeza panico angustia
  angustiado angustiada estresado estresada estres llorar llorando desesperado desesperada solo sola`.split(/\s+/),
);
const BODY_OR_SYMPTOM = new Set(
  `dolor dolores duele duelen fiebre calentura tos vomito vomitos vomitando diarrea nausea nauseas
  mareo mareado mareada sarpullido ronchas comezon picazon ardor hinchazon hinchado hinchada
  inflamado inflamada sangre sangrado flema gripa gripe resfriado infeccion herida alergia asma
  cabeza garganta pecho estomago panza barriga espalda rodilla pierna piernas brazo brazos mano
  manos pie pies tobillo muneca hombro cuello oido ojo ojos nariz boca diente muela piel cadera
  pulmones corazon embarazada embarazo presion azucar cansancio debil enfermo enferma sintomas
  infarto derrame embolia convulsion convulsiones sobredosis`.split(/\s+/),
);

export function checkSpanishHealth(normalized: string): SpanishHealthSignal | undefined {
  for (const word of normalized.split(' ')) {
    if (word.length === 0 || isBreak(word)) continue;
    if (MEDICINE.has(word)) return { reason: `es-medicine:${word}`, intent: 'medication_question' };
    if (DISTRESS.has(word)) return { reason: `es-distress:${word}`, intent: 'mental_health' };
    if (BODY_OR_SYMPTOM.has(word)) return { reason: `es-body:${word}`, intent: 'symptom' };
  }
  return undefined;
}
