import { SPANISH_DRUG_NAMES } from './clinical-phrasing-es';
import { DRUG_NAMES, DRUG_SUFFIX, NOT_DRUGS } from './lexicon/drug-names';

/**
 * Names of medicines mentioned in a message ("refill my lisinopril and metformin" ->
 * ["lisinopril", "metformin"]; "resurtir mi metformina" -> ["metformina"]), read without accents,
 * in order, once each. Used to pre-fill a refill request, never to decide anything clinical.
 */
export function findMedications(text: string): string[] {
  const found: string[] = [];
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  for (const word of folded.match(/[a-z][a-z-]{2,}/g) ?? []) {
    const w = word.replace(/-/g, '');
    if ((DRUG_NAMES.has(w) || SPANISH_DRUG_NAMES.has(w) || DRUG_SUFFIX.test(w)) && !NOT_DRUGS.has(w) && !found.includes(w)) found.push(w);
  }
  return found;
}
