import { normalizeWith } from './normalize-text';

/**
 * Spanish spellings as patients type them -> one spelling. Keys and values are folded (no accents,
 * "ñ" as "n"), as normalizeSpanish leaves the text.
 */
const SPANISH_WORD_MAP: Readonly<Record<string, string>> = {
  // "ll" and "y" sound alike: "se desmallo"
  desmallo: 'desmayo',
  desmallado: 'desmayado',
  desmallada: 'desmayada',
  desmallar: 'desmayar',
  desmalle: 'desmaye',
  desmallando: 'desmayando',
  pastiyas: 'pastillas',
  pastiya: 'pastilla',
  // "s", "z" and "c" sound alike in Latin America
  nesecito: 'necesito',
  nesesito: 'necesito',
  nececito: 'necesito',
  nesecita: 'necesita',
  nesesita: 'necesita',
  asucar: 'azucar',
  embarasada: 'embarazada',
  embaraso: 'embarazo',
  cabesa: 'cabeza',
  corason: 'corazon',
  conbulsion: 'convulsion',
  convulcion: 'convulsion',
  conbulsiones: 'convulsiones',
  convulciones: 'convulsiones',
  convulsionando: 'convulsionando',
  conbulsionando: 'convulsionando',
  sicidio: 'suicidio',
  suisidio: 'suicidio',
  suisidarme: 'suicidarme',
  inchado: 'hinchado',
  inchada: 'hinchada',
  inchando: 'hinchando',
  incho: 'hincho',
  inchazon: 'hinchazon',
  // "b" and "v" sound alike
  bomito: 'vomito',
  bomitando: 'vomitando',
  bomitar: 'vomitar',
  fievre: 'fiebre',
  reseta: 'receta',
  resetas: 'recetas',
  // chat shorthand
  q: 'que',
  k: 'que',
  ke: 'que',
  xq: 'porque',
  pq: 'porque',
  porq: 'porque',
  tb: 'tambien',
  tmb: 'tambien',
  x: 'por',
  xfa: 'por favor',
  xfavor: 'por favor',
  porfa: 'por favor',
  porfis: 'por favor',
  toy: 'estoy',
  d: 'de',
  dr: 'doctor',
  dra: 'doctora',
  hrs: 'horas',
  mija: 'mi hija',
  mijo: 'mi hijo',
  bb: 'bebe',
  ahorita: 'ahora',
  ahoritita: 'ahora',
  // a few English shorthands patients mix in
  dont: 'do not',
  cant: 'can not',
  im: 'i am',
  pls: 'please',
  plz: 'please',
  appt: 'appointment',
  meds: 'medications',
};

/** Lower case without accents ("está" -> "esta", "ñ" -> "n"), the opening "¿" and "¡" dropped. */
export function foldAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[¿¡]/g, ' ');
}

/**
 * Spanish text for the rules and the classifier: accents folded, a decimal comma read as a
 * decimal point ("38,5"), the clause marks of normalizeText, Spanish spellings mapped to one.
 * English words mixed in ("tengo chest pain") pass through as normalizeText leaves them.
 */
export function normalizeSpanish(raw: string): string {
  return normalizeWith(foldAccents(raw).replace(/(\d),(\d)/g, '$1.$2'), SPANISH_WORD_MAP);
}
