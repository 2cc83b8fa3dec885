import { SPANISH_CONTEXT } from './red-flag-context-es';
import { redFlagRules } from './red-flag-rules';
import type { RedFlagContext, RedFlagRule } from './red-flag-types';
import type { Language, RedFlagFamily } from './types';

export interface RedFlagHit {
  family: RedFlagFamily;
  /** Suicidal thoughts or self-harm in the message: the reply adds 988 to 911. */
  crisisLine: boolean;
  /** Id of the rule that fired, e.g. "chest-pain". */
  rule: string;
}

export type { RedFlagContext } from './red-flag-types';

const NEGATORS: ReadonlySet<string> = new Set(['no', 'not', 'never', 'without', 'denies', 'denied', 'nor', 'none', 'neither']);
/** "not sure", "not only", "oh no my dad …": a negator that negates something else. */
const NOT_A_NEGATION_AFTER: ReadonlySet<string> = new Set([
  'sure',
  'certain',
  'know',
  'only',
  'just',
  'even',
  'kidding',
  'my',
  'his',
  'her',
  'our',
  // "i can not stop thinking about killing myself": the negation is of the struggle, not the thought
  'stop',
  'help',
  'resist',
  'shake',
  'escape',
  'get',
  'handle',
  'bear',
  'wait',
  'seem',
  'quit',
]);
const NEGATION_WINDOW = 4;

const PRESENT =
  /\b(?:now|right now|currently|at the moment|today|tonight|this (?:morning|afternoon|evening)|minutes ago|an hour ago|hours ago|still|again|started|starting|is having|am having|are having|having|keeps|happening|just)\b/;
const HISTORY =
  /\b(?:years? ago|months? ago|weeks? ago|last (?:year|month|summer|spring|fall|winter|week)|in (?:19|20)\d\d|in (?:january|february|march|april|june|july|august|september|october|november|december)|history of|hx of|survived|survivor|recovering from|recovered from|used to|when i was|as a (?:kid|child|baby|teen|teenager)|in the past|previous|prior|a while ago|long time ago|years back|(?:since|after) (?:my|his|her|their|the|a) (?:\w+ )?(?:heart attack|stroke|seizure|surgery|overdose|accident|injury|concussion|operation|diagnosis|bypass|stent))/;
const FAMILY_HISTORY =
  /\b(?:died (?:of|from)|passed away|passed from|runs in (?:my|the|our) family|family history|lost (?:my|him|her|them) \w+ to)\b/;
const HAD = /\b(?:had|has had|have had|got over|get over)\b/;
const ADMIN =
  /\b(?:refill\w*|prescription|renew\w*|pharmacy|appointment|appointments|book|booking|schedule|reschedule|follow up|followup|referral|refer|records|form|forms|paperwork|letter|note for|insurance|billing|bill|check ?up|physical|clearance|disability|fmla|neurologist|neuro|cardiologist|specialist)\b/;
const QUESTION_START = /^(?:what|how|why|when|which|where|who|is|are|does|do|did|can|could|should|will|would|may|might)\b/;
const GENERAL_TOPIC =
  /\b(?:signs? of|symptoms? of|warning signs|risks? of|chances? of|prevent\w*|what to do if|how to (?:tell|know|help|treat|recognize|spot|perform|do)|how do you know|cause|causes|caused|side effects?|associated with|linked to|difference between|treatment for|treat|is it normal|mean|means|first aid|cpr)\b/;
const PERSONAL = /\b(?:i am|i have|i feel|i think|i just|i can|im|me|my|mine|we|our|he|she|his|her|him|they|their|husband|wife|mom|dad)\b/;

interface Clause {
  text: string;
  /** Text of the clause before the match (for negation and "had"). */
  before: string;
  isQuestion: boolean;
}

/**
 * Detects an emergency in a text normalised for its language (normalizeText, normalizeSpanish);
 * undefined when no rule fires. The same rules in every language, with that language's phrasing.
 */
export function detectRedFlag(normalized: string, language: Language = 'en'): RedFlagHit | undefined {
  const context = CONTEXTS[language];
  let physical: RedFlagHit | undefined;
  let selfHarm: RedFlagHit | undefined;
  for (const rule of redFlagRules(language)) {
    if (rule.family === 'self-harm' ? selfHarm : physical) continue;
    if (!fires(rule, normalized, context)) continue;
    const hit = { family: rule.family, crisisLine: rule.family === 'self-harm', rule: rule.id };
    if (rule.family === 'self-harm') selfHarm = hit;
    else physical = hit;
    if (physical && selfHarm) break;
  }
  // A threat to others or a weapon in hand is a crisis too: the crisis line takes those calls.
  if (physical) {
    return { ...physical, crisisLine: selfHarm !== undefined || physical.family === 'violence' || context.intentional.test(normalized) };
  }
  return selfHarm;
}

function fires(rule: RedFlagRule, text: string, context: RedFlagContext): boolean {
  if (rule.needs && text.search(rule.needs) < 0) return false;
  if (rule.unless && text.search(rule.unless) >= 0) return false;
  for (const match of text.matchAll(rule.pattern)) {
    const clause = clauseAround(text, match.index, match.index + match[0].length, context);
    if (negated(clause.before, context)) continue;
    if (context.familyHistory.test(clause.text)) continue;
    if (rule.kind === 'acute') return true;
    if (rule.kind === 'event' && datedPast(clause.before, text.slice(match.index + match[0].length), context)) continue;
    const present = context.present.test(clause.text);
    if (!present && context.history.test(clause.text)) continue;
    if (rule.kind === 'event' && !present && (context.had.test(lastWords(clause.before, 3)) || context.admin.test(text))) {
      continue;
    }
    if (!present && informational(clause, context)) continue;
    return true;
  }
  return false;
}

/** The clause (between "." / "?" breaks, and "but") that holds text[start, end). */
function clauseAround(text: string, start: number, end: number, context: RedFlagContext): Clause {
  const head = text.slice(0, start);
  let breakAt = Math.max(head.lastIndexOf(' . '), head.lastIndexOf(' ? '));
  let breakLength = 3;
  for (const word of context.clauseWords) {
    const at = head.lastIndexOf(` ${word} `);
    if (at > breakAt) {
      breakAt = at;
      breakLength = word.length + 2;
    }
  }
  const clauseStart = breakAt < 0 ? 0 : breakAt + breakLength;
  const tail = text.slice(end);
  const nextBreak = tail.search(clauseBreakPattern(context));
  const clauseEnd = nextBreak < 0 ? text.length : end + nextBreak;
  return {
    text: text.slice(clauseStart, clauseEnd),
    before: text.slice(clauseStart, start),
    isQuestion: text.startsWith(' ?', clauseEnd) || text.slice(clauseEnd).trimStart().startsWith('?'),
  };
}

const DATED =
  /^(?: \w+){0,3}? (?:(?:\d+|a|an|one|two|three|four|five|six|several|few|couple of) (?:years?|months?|weeks?) ago|last (?:year|month|week|spring|summer|fall|winter)|in (?:19|20)\d\d|in (?:january|february|march|april|may|june|july|august|september|october|november|december)|as a (?:kid|child|baby|teen))\b/;
const HAD_BEFORE = /\b(?:had|has had|have had|survived|recovered from|history of)(?: \w+){0,2}\s*$/;

const clauseBreaks = new WeakMap<RedFlagContext, RegExp>();

/** " . ", " ? " or a clause word, as one pattern per context. */
function clauseBreakPattern(context: RedFlagContext): RegExp {
  let pattern = clauseBreaks.get(context);
  if (!pattern) {
    pattern = new RegExp([' [.?] ', ...context.clauseWords.map((w) => ` ${w} `)].join('|'));
    clauseBreaks.set(context, pattern);
  }
  return pattern;
}

/** "had a stroke 2 years ago": a dated past event, whatever else the clause says about now. */
function datedPast(before: string, after: string, context: RedFlagContext): boolean {
  return context.hadBefore.test(before) && context.dated.test(after);
}

function lastWords(text: string, n: number): string {
  return text.trim().split(' ').slice(-n).join(' ');
}

function negated(before: string, context: RedFlagContext): boolean {
  const words = before.trim().split(' ').slice(-NEGATION_WINDOW);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (!context.negators.has(word)) continue;
    const next = words[i + 1];
    if (next !== undefined && context.notNegationAfter.has(next)) continue;
    if (word === 'no' && context.exclamations.has(words[i - 1] ?? '')) continue;
    return true;
  }
  return false;
}

/** A general question with nobody in it: "can amlodipine cause chest pain". */
function informational(clause: Clause, context: RedFlagContext): boolean {
  if (context.personal.test(clause.text)) return false;
  return clause.isQuestion || context.questionStart.test(clause.text) || context.generalTopic.test(clause.text);
}

const ENGLISH_CONTEXT: RedFlagContext = {
  negators: NEGATORS,
  notNegationAfter: NOT_A_NEGATION_AFTER,
  exclamations: new Set(['oh']),
  clauseWords: ['but'],
  present: PRESENT,
  history: HISTORY,
  familyHistory: FAMILY_HISTORY,
  had: HAD,
  admin: ADMIN,
  questionStart: QUESTION_START,
  generalTopic: GENERAL_TOPIC,
  personal: PERSONAL,
  dated: DATED,
  hadBefore: HAD_BEFORE,
  intentional: /\b(?:on purpose|intentionally|deliberately|to die|to end it)\b/,
};

const CONTEXTS: Readonly<Record<Language, RedFlagContext>> = { en: ENGLISH_CONTEXT, es: SPANISH_CONTEXT };
