import { findMedications } from './find-medications';

/** A strength written after a medicine's name: "10 mg", "500mg", "de 500 mg", "12.5 mg". */
const STRENGTH = String.raw`(?:\s*(?:de\s+)?\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|ug|g|ml|iu|units?|%)(?![a-z]))`;
/** A form written after the name or strength: "tablets", "er", "inhaler". */
const FORM = String.raw`(?:\s+(?:er|xr|sr|xl|cr|hcl|tablets?|tabs?|capsules?|caps?|inhaler|cream|patch(?:es)?|pens?|tabletas?|capsulas?|inhalador))`;
/** Medicines named by their form alone ("my inhaler", "mi inhalador"). */
const FORM_ONLY = /\b(inhalers?|inhaladore?s?|eye drops|gotas para los ojos|insulin pens?|epipen|nebulizer)\b/i;
/** How many the patient asks for: "2 of them", "90 capsules", "90 day supply". */
const QUANTITY =
  /\b(\d+ (?:of them|day supply|days? supply|capsules?|tablets?|pills?|inhalers?|pens?|boxes|bottles?|refills?)|(?:a )?\d+[- ]day supply)\b/i;

/**
 * The medicines a request names, as the patient wrote them: each name with the strength and form
 * that follow it ("refill my lisinopril 10 mg" -> ["lisinopril 10 mg"]), a medicine named by its form
 * ("my inhaler"), and the quantity asked for. Fills a refill request's medicine step; never decides
 * anything clinical.
 */
export function medicineMentions(text: string): string[] {
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const mentions: string[] = [];
  for (const name of findMedications(folded)) {
    const found = new RegExp(`\\b${name.replace(/[^a-z]/g, '[- ]?')}${STRENGTH}?${FORM}?`, 'i').exec(folded);
    mentions.push((found?.[0] ?? name).replace(/\s+de\s+(?=\d)/, ' ').replace(/\s+/g, ' '));
  }
  const form = FORM_ONLY.exec(folded)?.[1];
  if (form && !mentions.some((m) => m.includes(form))) mentions.push(form);
  const quantity = QUANTITY.exec(folded)?.[1];
  if (quantity && mentions.length > 0) mentions[mentions.length - 1] += ` (${quantity})`;
  return mentions;
}
