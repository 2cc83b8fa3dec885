import { DRUG_NAMES, NOT_DRUGS } from './lexicon/drug-names';
import type { HealthKind, HealthLexicon } from './lexicon/wordnet-health';
import { isBreak } from './normalize-text';

/**
 * Does a message talk about health: the body, symptoms, conditions, medicines, tests or mental
 * state? Read from the WordNet health lexicon, with a spelling fix for medicine names. A message
 * the gate calls healthy is never answered "didn't understand": it goes to a clinician.
 */
export interface HealthSignal {
  /** what made it healthy, e.g. "condition:nausea", "drug:metformin<metfromin", "body+feeling" */
  reason: string;
  intent: 'symptom' | 'medication_question' | 'mental_health';
}

/** A word counts fully when at least this share of its uses in WordNet are health senses. */
const STRONG_SHARE = 0.5;
/** ... and as a weak cue from this share on. */
const WEAK_SHARE = 0.3;

/**
 * Words WordNet files under health whose everyday sense in a chat is something else, plus the
 * practice's own vocabulary (an appointment or a form is not a symptom).
 */
const NOT_HEALTH = new Set(
  `doctor doctors nurse clinic office hospital appointment visit checkup check physical form forms
  insurance bill billing record records portal shot shots care help hand hands head heads back face
  side arm arms leg legs foot feet eye eyes heart hearts body bodies brain brains mind minds nerve
  nerves sleep sleeping dream dreams rest tire tired kill killing cut cuts lap fit fits trip high low
  spirit spirits soul cell cells tear tears sweet sugar shape beat beats smoking drink drinking drunk
  alcohol coffee caffeine weed pot grass ice speed crack smack dope junk acid condition conditions
  state states pressure stress tension worry fear eating lid lids temple palm palms sole soles crown
  bridge plate plates pupil pupils iris lens organ organs vessel vessels tissue tissues seat rear
  trunk frame figure build person being self life growth labor labour delivery birth cycle cycles
  movement movements release spot spots mark marks fall falls break breaks blow blows jam jams
  treatment treatments exercise training workout diet diets nutrition wash bath shower hygiene
  massage waking wake yawn breath sigh crying cry laugh laughing smile smiling kiss kissing hug touch
  feeling feelings emotion emotions mood moods love hate anger charge charging memory bug bugs spell
  spells`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/**
 * Everyday words for a part of the body, left out of the lexicon for their other senses ("heart of
 * town", "back to you"), that are the body when they belong to someone: "my heart skips", "his left
 * arm". Said of someone's body, such a word alone makes the message a health matter.
 */
const OWNED_BODY = new Set(
  `heart arm arms leg legs foot feet eye eyes head back face hand hands brain chest body knee knees
  shoulder shoulders neck hip hips wrist wrists ankle ankles finger fingers toe toes`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
/** Idioms in which "my heart" or "my back" is not a body: no health content. */
const NOT_OWNED_BODY =
  /\b(?:my|his|her|their|our) (?:heart goes out|hands are (?:full|tied)|back (?:up|account)|eyes? on)\b|\b(?:behind|off|on|at|to|from|of) (?:my|his|her|their|our) back\b|\btop of (?:my|his|her) head\b/;

/** A feeling someone has ("i feel", "my son is") makes one weak word enough. */
const PERSONAL = /\b(?:i|me|my|he|she|his|her|son|daughter|husband|wife|mom|dad|baby|child|kid)\b/;
/** A part of the body that belongs to someone: "my knee", "her left ankle". */
const OWNER = /\b(?:my|his|her|their|our)(?: \w+)?$/;

/**
 * Someone asking whether something is wrong: "is that normal", "what causes", "should i worry". Said
 * of someone's body, even with a word of few health senses ("my nails"), it is a health question.
 */
const CONCERN =
  /\b(?:is (?:that|this|it) (?:ok|okay|normal|bad|serious|safe|dangerous|a problem|something to worry about)|should i (?:be )?(?:worried|worry|concerned)|do i need to (?:worry|be worried|see someone|see a doctor)|what causes|what is the deal with|what does (?:it|that|this) mean|why (?:do|does|is|are|am|did|would) (?:i|my)|is it normal|anything to worry about)\b/;

/** A post this long, with this many "i / me / my", is someone telling their own story ... */
const PERSONAL_POST_CHARS = 90;
const PERSONAL_POST_PRONOUNS = 3;
/** ... and so is one of this many clauses and characters in which "i" speaks. */
const STORY_CLAUSES = 3;
const STORY_CHARS = 50;
const FIRST_PERSON = new Set(['i', 'me', 'my', 'myself', 'mine']);

function countFirstPerson(tokens: readonly string[]): number {
  return tokens.filter((t) => FIRST_PERSON.has(t)).length;
}

interface Lookup {
  share: number;
  kind: HealthKind;
  word: string;
}

/** The gate over one lexicon; build once, call per message. */
export class HealthGate {
  private readonly health: Map<string, [number, HealthKind]>;
  private readonly known: Set<string>;
  private readonly drugs: Set<string>;
  /** drug names by first letter, for spelling fixes */
  private readonly drugsByInitial: Map<string, string[]>;
  /** spelling fixes already looked up ("" for none): words repeat across messages */
  private readonly corrections = new Map<string, string>();

  constructor(lexicon: HealthLexicon) {
    this.health = new Map(Object.entries(lexicon.health));
    this.known = new Set(lexicon.known);
    this.drugs = new Set([...lexicon.drugs, ...DRUG_NAMES].filter((d) => !NOT_DRUGS.has(d)));
    this.drugsByInitial = new Map();
    for (const d of this.drugs) {
      if (d.length < 5) continue;
      const list = this.drugsByInitial.get(d.charAt(0)) ?? [];
      list.push(d);
      this.drugsByInitial.set(d.charAt(0), list);
    }
  }

  /** Undefined when the message is not about health. */
  check(normalized: string): HealthSignal | undefined {
    const tokens = normalized.split(' ').filter((w) => w.length > 0);
    let strong: Lookup | undefined;
    let drug: string | undefined;
    const weak = new Set<string>();
    const kinds = new Set<HealthKind>();
    let personal: string | undefined;
    let owned: string | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const word = tokens[i] ?? '';
      if (isBreak(word) || word.length < 3) continue;
      const next = tokens[i + 1];
      const pair = next !== undefined && !isBreak(next) ? this.lookup(`${word} ${next}`) : undefined;
      const found = pair ?? this.lookup(word);
      if (this.drugs.has(word) || this.drugs.has(singular(word))) drug ??= word;
      if (
        !found &&
        OWNED_BODY.has(word) &&
        /\b(?:my|his|her|their|our)(?: left| right)?$/.test(tokens.slice(Math.max(0, i - 2), i).join(' '))
      ) {
        if (!NOT_OWNED_BODY.test(normalized)) personal ??= word;
        continue;
      }
      if (found) {
        if (
          found.share > 0 &&
          owned === undefined &&
          (OWNER.test(tokens.slice(Math.max(0, i - 3), i).join(' ')) || PERSONAL.test(normalized))
        )
          owned = found.word;
        if (found.share >= STRONG_SHARE && found.kind === 'condition') strong ??= found;
        else if (found.share >= (found.kind === 'condition' ? WEAK_SHARE : STRONG_SHARE)) {
          weak.add(found.word);
          kinds.add(found.kind);
          if (found.kind === 'body' ? OWNER.test(tokens.slice(Math.max(0, i - 3), i).join(' ')) : PERSONAL.test(normalized)) {
            personal ??= found.word;
          }
        }
        if (pair) i += 1;
        continue;
      }
      if (drug === undefined && word.length >= 5 && !this.isKnownWord(word)) {
        const fixed = this.correctDrug(word);
        if (fixed) drug = `${fixed}<${word}`;
      }
    }
    if (drug !== undefined) return { reason: `drug:${drug}`, intent: 'medication_question' };
    // A long post about oneself, sent to a medical practice, is a health matter whatever its words.
    // Short sentences, often without a subject ("failed again. can not sleep."), told by "i".
    const story = normalized.length >= STORY_CHARS && tokens.filter(isBreak).length + 1 >= STORY_CLAUSES && tokens.includes('i');
    if (story || (normalized.length >= PERSONAL_POST_CHARS && countFirstPerson(tokens) >= PERSONAL_POST_PRONOUNS)) {
      return { reason: 'personal-post', intent: kinds.has('feeling') || !strong ? 'mental_health' : 'symptom' };
    }
    if (strong) return { reason: `condition:${strong.word}`, intent: 'symptom' };
    if (weak.size >= 2) {
      const intent = kinds.size === 1 && kinds.has('feeling') ? 'mental_health' : 'symptom';
      return { reason: `weak:${[...weak].slice(0, 3).join('+')}`, intent };
    }
    if (personal !== undefined) {
      return { reason: `personal:${personal}`, intent: kinds.has('feeling') ? 'mental_health' : 'symptom' };
    }
    if (owned !== undefined && CONCERN.test(normalized)) return { reason: `concern:${owned}`, intent: 'symptom' };
    return undefined;
  }

  /** The first form of the term that WordNet knows decides: "scared" is not "scar". */
  private lookup(term: string): Lookup | undefined {
    if (NOT_HEALTH.has(term)) return undefined;
    for (const candidate of forms(term)) {
      if (NOT_HEALTH.has(candidate)) return undefined;
      const entry = this.health.get(candidate);
      if (entry) return { share: entry[0], kind: entry[1], word: candidate };
      if (this.known.has(candidate)) return undefined;
    }
    return undefined;
  }

  private isKnownWord(word: string): boolean {
    return forms(word).some((f) => this.known.has(f));
  }

  /** The medicine a misspelled word stands for: one edit for short names, two for long ones. */
  private correctDrug(word: string): string | undefined {
    const cached = this.corrections.get(word);
    if (cached !== undefined) return cached === '' ? undefined : cached;
    const found = this.searchDrug(word);
    if (this.corrections.size < 50_000) this.corrections.set(word, found ?? '');
    return found;
  }

  private searchDrug(word: string): string | undefined {
    const candidates = this.drugsByInitial.get(word.charAt(0)) ?? [];
    const limit = word.length >= 8 ? 2 : 1;
    let best: string | undefined;
    let bestDistance = limit + 1;
    for (const drug of candidates) {
      if (Math.abs(drug.length - word.length) > limit) continue;
      const d = editDistance(word, drug, limit);
      if (d < bestDistance) {
        best = drug;
        bestDistance = d;
      }
    }
    return best;
  }
}

function singular(word: string): string {
  return word.length > 4 && word.endsWith('s') ? word.slice(0, -1) : word;
}

/**
 * Irregular past forms of verbs that make up bodily phrases ("threw up", "passed out" is regular):
 * grammar, not health words, so "threw up" reads as WordNet's "throw up".
 */
const IRREGULAR_PAST: Record<string, string> = {
  threw: 'throw',
  thrown: 'throw',
  fell: 'fall',
  fallen: 'fall',
  broke: 'break',
  broken: 'break',
  bled: 'bleed',
  swollen: 'swell',
  bit: 'bite',
  bitten: 'bite',
  stung: 'sting',
  froze: 'freeze',
  frozen: 'freeze',
  shook: 'shake',
  shaken: 'shake',
  spat: 'spit',
  caught: 'catch',
};

/** The word and its likely base forms: "knees" -> knee, "coughing" -> cough, "bruised" -> bruise. */
function forms(word: string): string[] {
  const out = [word];
  if (word.includes(' ')) {
    // "threw up" -> "throw up"
    const space = word.indexOf(' ');
    const base = IRREGULAR_PAST[word.slice(0, space)];
    if (base !== undefined) out.push(`${base}${word.slice(space)}`);
    return out;
  }
  const base = IRREGULAR_PAST[word];
  if (base !== undefined) out.push(base);
  if (word.endsWith('ies') && word.length > 4) out.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es') && word.length > 4) out.push(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss') && word.length > 3) out.push(word.slice(0, -1));
  if (word.endsWith('ing') && word.length > 5) out.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  if (word.endsWith('ed') && word.length > 4) out.push(word.slice(0, -2), word.slice(0, -1));
  // an adjective WordNet does not list, from a noun it does: "mucusy" -> mucus, "crusty" -> crust
  if (word.endsWith('y') && word.length > 4) out.push(word.slice(0, -1));
  return out;
}

/**
 * Optimal string alignment distance (edits, with adjacent swaps as one edit), giving up early
 * once every path is past `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const above = rows[i - 1] ?? [];
      let value = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    rows.push(row);
    if (i > 0 && rowMin > limit) return limit + 1;
  }
  return rows[a.length]?.[b.length] ?? limit + 1;
}
