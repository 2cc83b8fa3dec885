import type { RedFlagFamily } from './types';

/**
 * Red-flag rules over normalised text (see normalize-text.ts: "can't" is "can not", clauses
 * are separated by " . " or " ? ").
 *
 * kind:
 * - `acute`: present-tense danger ("is not breathing", "having a seizure"). Only a negation
 *   right before it or a relative's history ("died of") silences it.
 * - `symptom`: a danger sign ("chest pain"). Also silenced by history in its clause ("last
 *   year") and by a general question with no one in it ("can amlodipine cause chest pain").
 * - `event`: a named condition ("stroke", "seizure", "overdose"). Also silenced by "had a …",
 *   and by an administrative request about it ("need a refill of my seizure meds").
 *
 * `needs`: another sign that must appear somewhere in the message (head injury *with* vomiting).
 * `unless`: context that makes the match ordinary (heavy bleeding *during a period*).
 *
 * Each rule is defined once, here, with its English phrasing; its phrasing in another language
 * (red-flag-rules-es.ts) keeps the id, family and kind and says pattern / needs / unless in that
 * language's words, so one engine (red-flags.ts) reads every language.
 */
export type RuleKind = 'acute' | 'symptom' | 'event';

/** What a rule looks for, in one language's words. */
export interface Phrasing {
  pattern: RegExp;
  needs?: RegExp;
  unless?: RegExp;
}

export interface RedFlagRule extends Phrasing {
  id: string;
  family: RedFlagFamily;
  kind: RuleKind;
}

/**
 * The words around a red flag that silence it or mark it as now, in one language: the rules'
 * kinds (acute / symptom / event) read the same context in every language.
 */
export interface RedFlagContext {
  negators: ReadonlySet<string>;
  /** "not sure", "not only", "oh no my dad …": a negator followed by one of these negates something else. */
  notNegationAfter: ReadonlySet<string>;
  /** "oh no": the negator after one of these is an exclamation. */
  exclamations: ReadonlySet<string>;
  /** Words that end a clause besides "." and "?" ("but"). */
  clauseWords: readonly string[];
  present: RegExp;
  history: RegExp;
  /** A relative's history: "died of". */
  familyHistory: RegExp;
  /** "had a …" right before an event. */
  had: RegExp;
  /** An administrative request about the condition. */
  admin: RegExp;
  questionStart: RegExp;
  generalTopic: RegExp;
  personal: RegExp;
  /** After the match: "… 2 years ago". */
  dated: RegExp;
  /** Before the match: "had a …", "survived …". */
  hadBefore: RegExp;
  /** Harm done on purpose: the crisis line takes the call too. */
  intentional: RegExp;
}
