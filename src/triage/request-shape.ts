import { detectClinical } from './clinical-detector';
import { DRUG_NAMES, DRUG_SUFFIX, DRUG_WORDS, NOT_DRUGS } from './lexicon/drug-names';
import { SPANISH_DRUG_NAMES } from './clinical-phrasing-es';
import type { Language } from './types';

/**
 * A message is a request by its shape, not by its words: a request frame (a request verb with its
 * object: "a refill of my lisinopril 10 mg", "an appointment for my knee") asks the front desk to
 * do something; a question frame about a medicine (its effects, dose, safety, taking it with
 * something else) asks a clinician. A medicine's name, strength, form or quantity is the object of
 * the request and never makes it a question. Red flags are read before this and win.
 */
export type RequestShapeIntent = 'medication_refill' | 'appointment';

export interface RequestShape {
  intent: RequestShapeIntent;
  rule: 'refill-frame' | 'appointment-frame';
}

interface ShapePhrasing {
  /** Asking for a medicine again: refill, renew, ran out of, send it to the pharmacy. */
  refill: RegExp;
  /** Asking for a visit: book/schedule/need an appointment, an appointment for/about something. */
  appointment: RegExp;
  /** A question about taking a medicine or about its effects and safety: always a clinician's. */
  askAbout: RegExp;
  /** A question that starts like one ("is …", "how …"): never read as a request here. */
  interrogative: RegExp;
  /** Doses and changes to them: a refill that mentions them asks a clinician something too. */
  doseChange: RegExp;
  /** The words of a refill frame and its object, taken out before the rest is read for health content. */
  requestWords: RegExp;
}

const TAKE_VERBS =
  'take|taking|use|using|drink|mix|combine|split|crush|chew|double|skip|stop|switch|cut|have|eat|give|start|continue|keep taking|go off|come off|get pregnant|breastfeed';

const ENGLISH: ShapePhrasing = {
  refill:
    /\b(?:refill\w*|re fill\w*|renew\w*|call (?:it |them |this )?in|called in|send (?:a |the |my |in )?(?:refill|prescription|script|rx)|(?:ran|run|running|almost|nearly|all) out of|running low on|low on my|need (?:more|another|a new) (?:of |one of )?(?:my |the )?\w+|new prescription|prescription (?:renew\w*|refill\w*))\b/,
  appointment:
    /\b(?:book\w*|schedul\w*|reschedul\w*|cancel\w*|make|set up|get|need|want|like|request\w*|have) (?:me |us )?(?:in |an? |my |the |another |new |for an? )?(?:\w+ )?(?:appointment|appt|visit|check ?up|checkup|follow ?up|consult\w*|physical)\b|\b(?:appointment|appt|visit) (?:for|about|to|regarding|re)\b|\bbook (?:me|us|him|her) in\b/,
  askAbout: new RegExp(
    `\\b(?:(?:can|could|should|may|shall|do|does|is it ok(?:ay)? (?:to|if)|is it safe (?:to|if)|ok(?:ay)? to|safe to) (?:i |we |he |she |you |my \\w+ )?(?:still |just |also )?(?:${TAKE_VERBS})\\b|side effects?|interact\\w*|together|safe\\w*|dangerous|harmful|too (?:much|many|little|strong|high|low)|overdose|normal (?:dose|amount|to)|is (?:that|it|this) (?:normal|ok|okay|safe|bad|too)|how (?:much|many|often|long)|missed (?:a |my |one )?dose|double up|makes? me|made me|making me|gives? me|gave me|causing|caused|allerg\\w*|reaction|pregnan\\w*|breast ?feed\\w*|alcohol|instead of|vs|versus)\\b`,
  ),
  interrogative: /(?:^|\. )(?:is|are|does|do|did|will|would|what|which|why|how|when)\b/,
  doseChange: /\b(?:dose|doses|dosage|dosing|higher|lower|increase\w*|decrease\w*|raise|reduce|change (?:the|my) (?:dose|strength))\b/,
  requestWords:
    /\b(?:i|i am|i'm|i'd|we|you|can|could|would|will|please|pls|thanks|thank you|need|needs|want|like|to|get|a|an|the|my|of|on|for|in|it|them|this|one|more|another|new|refill\w*|renew\w*|renewal|request\w*|prescription|script|rx|call|called|send|sent|ran|run|running|almost|nearly|all|out|low|left|have|has|only|just|pharmacy|hi|hello|hey)\b/g,
};

const SPANISH: ShapePhrasing = {
  refill:
    /\b(?:resurt\w*|surtir\w*|rellen\w*|renov\w*|receta (?:nueva|de nuevo|otra vez)|otra receta|mand\w* (?:la |mi |una )?receta|envi\w* (?:la |mi |una )?receta|(?:ya )?(?:casi )?no me queda\w*|se me (?:acab\w*|termin\w*)|necesito mas (?:de )?|(?:me )?quede sin)\b/,
  appointment:
    /\b(?:hacer|sacar|agendar|apartar|pedir|programar|solicitar|necesito|quiero|quisiera|ocupo|reprogramar|cambiar|cancelar) (?:\w+ ){0,2}(?:cita|consulta|turno|chequeo)\b|\b(?:cita|consulta) (?:para|por|sobre)\b/,
  askAbout: new RegExp(
    `\\b(?:(?:puedo|puede|podemos|debo|deberia|debe|se puede|es (?:bueno|malo|seguro|peligroso)) (?:\\w+ )?(?:tomar|tomarla|tomarlo|usar|mezclar|combinar|partir|dejar|suspender|beber|tomarme|seguir)|efectos?(?: secundarios?)?|interact\\w*|interaccion\\w*|junt[oa]s?|segur[oa]|peligros\\w*|demasiad\\w*|es mucho|mucho para|es normal|es malo|me (?:da|dio|hace|hizo|causa|provoca|cae|cayo)|olvide|se me olvido|tomo dos|alergi\\w*|reaccion|embarazada|amamant\\w*|alcohol|en vez de)\\b`,
  ),
  interrogative: /(?:^|\. )(?:se puede|es|son|que|cual|cuales|cuanto|cuantos|cuanta|como|por que|cuando)\b/,
  doseChange: /\b(?:dosis|mas alta|mas baja|subir|bajar|aumentar|disminuir|cambiar la dosis)\b/,
  requestWords:
    /\b(?:yo|necesito|quiero|quisiera|ocupo|me|mi|mis|la|el|los|las|un|una|de|del|a|al|para|por|favor|gracias|pueden|puede|podrian|mandar|manden|enviar|envien|receta|resurt\w*|surtir\w*|rellen\w*|renov\w*|otra|otro|vez|nueva|mas|ya|casi|no|queda\w*|acab\w*|termin\w*|quede|sin|farmacia|hola|buenos|dias|tardes)\b/g,
};

const PHRASINGS: Readonly<Record<Language, ShapePhrasing>> = { en: ENGLISH, es: SPANISH };

/** How a prescription is written: strength, form, quantity, how often. Part of the request's object. */
const PRESCRIPTION_WORDS =
  /\b\d+(?:[.,]\d+)?\b|\b(?:mg|mcg|ug|g|ml|iu|units?|tabs?|tablets?|tabletas?|caps?|capsules?|capsulas?|pills?|pastillas?|inhalers?|inhaladore?s?|cream|crema|ointment|gel|drops|gotas|patch(?:es)?|injections?|pens?|plumas?|solution|liquid|syrup|jarabe|spray|er|xr|sr|dr|xl|cr|hcl|extended|release|generic|days?|dias?|weeks?|semanas?|months?|mes(?:es)?|supply|count|ct|qty|quantity|bottles?|boxes|cajas?|packs?|once|twice|daily|nightly|diario|meds|medications?|medicines?|medicamentos?|medicinas?|pharmacy|cvs|walgreens|walmart|rite aid|kroger|costco|publix|target|street|st|avenue|ave|road|rd|on|at|by|near|almost|left|them|of|two|three)\b/g;

/** The clauses of a normalised message (normalisation keeps " . ", " ? " and " ! " between them). */
function clauses(normalized: string): string[] {
  return normalized
    .split(/ [.?!;]+(?: |$)|^[.?!;]+ /)
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

function isMedicineWord(word: string): boolean {
  const w = word.replace(/-/g, '');
  return (DRUG_NAMES.has(w) || SPANISH_DRUG_NAMES.has(w) || DRUG_WORDS.has(w) || DRUG_SUFFIX.test(w)) && !NOT_DRUGS.has(w);
}

/** A clause's words with the request frame and the medicine (name, strength, form, pharmacy) taken out. */
function withoutRequest(clause: string, p: ShapePhrasing): string {
  return clause
    .split(' ')
    .filter((w) => !isMedicineWord(w))
    .join(' ')
    .replace(PRESCRIPTION_WORDS, ' ')
    .replace(p.requestWords, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The request a message makes by its shape, or undefined when it makes none or also asks a
 * clinician something (then the clinical rules read it as before). `normalized` is the message
 * normalised for its language (normalizeText, normalizeSpanish).
 */
export function detectRequestShape(normalized: string, language: Language = 'en'): RequestShape | undefined {
  const p = PHRASINGS[language];
  if (p.askAbout.test(normalized) || p.interrogative.test(normalized)) return undefined;
  const parts = clauses(normalized);
  const refill = parts.some((c) => p.refill.test(c));
  const appointment = !refill && parts.some((c) => p.appointment.test(c));
  if (!refill && !appointment) return undefined;
  if (refill && p.doseChange.test(normalized)) return undefined;
  // Everything else the message says must be no health question of its own. An appointment's
  // reason may name the body or a condition ("for my knee"): it is what the visit is for.
  for (const clause of parts) {
    if (appointment && p.appointment.test(clause)) continue;
    const rest = refill ? withoutRequest(clause, p) : clause;
    if (rest !== '' && detectClinical(rest, language) !== undefined) return undefined;
  }
  return refill ? { intent: 'medication_refill', rule: 'refill-frame' } : { intent: 'appointment', rule: 'appointment-frame' };
}
