import { findMedications } from '../../triage/find-medications';
import type { TriageDecision } from '../../triage/types';

/**
 * Clinical rules that fire on a medicine's name or strength alone. Inside a flow step those words
 * are often the answer itself ("lisinopril 10mg" when asked which medication), so they are looked
 * at again; every other clinical rule (symptoms, results, feelings) leaves the flow as it is.
 */
const MEDICATION_RULES = new Set([
  'clinical-rule:medication-question',
  'clinical-rule:medicine-question',
  'clinical-rule:medication-mention',
]);

/** Anything that asks about a medicine, or says how it affects the patient, is for a clinician. */
const ASKS_ABOUT_IT =
  /\?|^\s*(?:what|how|why|when|which|is|are|does|do|did|can|could|should|will|would|may|am)\b|\b(?:can i|could i|should i|may i|is it|is this|is that|ok(?:ay)? to|safe\w*|dangerous|dose|doses|dosage|dosing|overdose|side effects?|interact\w*|together|mix\w*|combin\w*|alcohol|drink\w*|pregnan\w*|breast ?feed\w*|nursing|double|missed|skip\w*|stop(?:ped)? taking|instead|allerg\w*|reaction|makes? me|made me|making me|causing|caused|worse|worried|worry|puedo|debo|es seguro|peligros\w*|dosis|efectos?|junt[oa]s?|mezcl\w*|combin\w*|embarazada|amamant\w*|alergi\w*|reaccion|me (?:hace|hizo|cae|cayo)|peor|preocup\w*)\b/i;

/** How a prescription is written: strength, form, quantity, how often. */
const PRESCRIPTION_WORDS =
  /\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|ug|g|ml|iu|units?|%|mg\/ml|mcg\/hr)?\b|\b(?:mg|mcg|ml|iu|units?|tabs?|tablets?|caps?|capsules?|pills?|inhalers?|cream|ointment|gel|drops|patch(?:es)?|injections?|injectable|pens?|solution|liquid|syrup|spray|er|xr|sr|dr|xl|la|cr|hcl|extended|release|chewable|generic|days?|weeks?|months?|supply|count|ct|qty|quantity|x|bottles?|boxes|packs?|once|twice|daily|nightly|a day|per day|at night|in the morning|as needed|prn)\b/gi;
const FILLER =
  /\b(?:my|the|a|an|and|also|plus|of|for|please|pls|thanks|thank you|i need|i take|i use|refills?|both|same|usual|one|ones|each)\b/gi;

/**
 * Whether a message that triage called clinical is, inside a flow, the answer to the step's
 * question: a bare medicine with its strength, form or quantity, or an answer that only names a
 * medicine among other non-clinical words (a pharmacy, a date, a name). A question about the
 * medicine, or anything clinical once the medicine's words are taken out, stays clinical.
 * `route` is triage's public router, asked about what is left of the message.
 */
export function answersDespiteMedication(text: string, decision: TriageDecision, route: (text: string) => TriageDecision): boolean {
  if (decision.route !== 'clinical' || !MEDICATION_RULES.has(decision.decidedBy)) return false;
  // Read without accents: "losartán" is the lexicon's "losartan".
  const folded = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (ASKS_ABOUT_IT.test(folded)) return false;
  let rest = ` ${folded.toLowerCase()} `;
  for (const name of findMedications(folded)) rest = rest.replace(new RegExp(`\\b${name.replace(/[^a-z]/g, '[- ]?')}\\b`, 'gi'), ' ');
  rest = rest
    .replace(PRESCRIPTION_WORDS, ' ')
    .replace(FILLER, ' ')
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (rest === '') return true;
  // What is left counts as clinical only when a rule recognises it (a symptom, a result, a red
  // flag): a pharmacy called "Elm Street Drugs" is the answer to the step, not a health question.
  const left = route(rest);
  return left.route !== 'emergency' && !(left.route === 'clinical' && left.decidedBy.startsWith('clinical-rule'));
}
