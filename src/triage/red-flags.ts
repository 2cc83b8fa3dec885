import { RED_FLAG_RULES, type RedFlagRule } from './red-flag-rules';
import type { RedFlagFamily } from './types';

export interface RedFlagHit {
  family: RedFlagFamily;
  /** Suicidal thoughts or self-harm in the message: the reply adds 988 to 911. */
  crisisLine: boolean;
  /** Id of the rule that fired, e.g. "chest-pain". */
  rule: string;
}

const NEGATORS = new Set(['no', 'not', 'never', 'without', 'denies', 'denied', 'nor', 'none', 'neither']);
/** "not sure", "not only", "oh no my dad …": a negator that negates something else. */
const NOT_A_NEGATION_AFTER = new Set([
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

/** Detects an emergency in a normalised text; undefined when no rule fires. */
export function detectRedFlag(normalized: string): RedFlagHit | undefined {
  let physical: RedFlagHit | undefined;
  let selfHarm: RedFlagHit | undefined;
  for (const rule of RED_FLAG_RULES) {
    if (rule.family === 'self-harm' ? selfHarm : physical) continue;
    if (!fires(rule, normalized)) continue;
    const hit = { family: rule.family, crisisLine: rule.family === 'self-harm', rule: rule.id };
    if (rule.family === 'self-harm') selfHarm = hit;
    else physical = hit;
    if (physical && selfHarm) break;
  }
  // A threat to others or a weapon in hand is a crisis too: the crisis line takes those calls.
  if (physical) return { ...physical, crisisLine: selfHarm !== undefined || physical.family === 'violence' || intentional(normalized) };
  return selfHarm;
}

function intentional(text: string): boolean {
  return /\b(?:on purpose|intentionally|deliberately|to die|to end it)\b/.test(text);
}

function fires(rule: RedFlagRule, text: string): boolean {
  if (rule.needs && text.search(rule.needs) < 0) return false;
  if (rule.unless && text.search(rule.unless) >= 0) return false;
  for (const match of text.matchAll(rule.pattern)) {
    const clause = clauseAround(text, match.index, match.index + match[0].length);
    if (negated(clause.before)) continue;
    if (FAMILY_HISTORY.test(clause.text)) continue;
    if (rule.kind === 'acute') return true;
    if (rule.kind === 'event' && datedPast(clause.before, text.slice(match.index + match[0].length))) continue;
    const present = PRESENT.test(clause.text);
    if (!present && HISTORY.test(clause.text)) continue;
    if (rule.kind === 'event' && !present && (HAD.test(lastWords(clause.before, 3)) || ADMIN.test(text))) {
      continue;
    }
    if (!present && informational(clause)) continue;
    return true;
  }
  return false;
}

/** The clause (between "." / "?" breaks, and "but") that holds text[start, end). */
function clauseAround(text: string, start: number, end: number): Clause {
  const head = text.slice(0, start);
  const breakAt = Math.max(head.lastIndexOf(' . '), head.lastIndexOf(' ? '), head.lastIndexOf(' but '));
  const clauseStart = breakAt < 0 ? 0 : breakAt + (head.startsWith(' but ', breakAt) ? 5 : 3);
  const tail = text.slice(end);
  const nextBreak = tail.search(/ [.?] | but /);
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

/** "had a stroke 2 years ago": a dated past event, whatever else the clause says about now. */
function datedPast(before: string, after: string): boolean {
  return HAD_BEFORE.test(before) && DATED.test(after);
}

function lastWords(text: string, n: number): string {
  return text.trim().split(' ').slice(-n).join(' ');
}

function negated(before: string): boolean {
  const words = before.trim().split(' ').slice(-NEGATION_WINDOW);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (!NEGATORS.has(word)) continue;
    const next = words[i + 1];
    if (next !== undefined && NOT_A_NEGATION_AFTER.has(next)) continue;
    if (word === 'no' && words[i - 1] === 'oh') continue;
    return true;
  }
  return false;
}

/** A general question with nobody in it: "can amlodipine cause chest pain". */
function informational(clause: Clause): boolean {
  if (PERSONAL.test(clause.text)) return false;
  return clause.isQuestion || QUESTION_START.test(clause.text) || GENERAL_TOPIC.test(clause.text);
}
