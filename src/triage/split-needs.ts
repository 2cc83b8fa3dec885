import type { Route, TriageDecision } from './types';

/** What one need in a message asks of the practice: answered by the bot, or queued for which staff. */
export type NeedKind = 'question' | 'request' | 'clinical' | 'human';

export interface Need {
  kind: NeedKind;
  intent: string;
  /** The part of the message that asks it, as the patient wrote it (clipped). */
  summary: string;
  /** The decision that read this part. */
  decision: TriageDecision;
}

const KIND_OF_ROUTE: Partial<Record<Route, NeedKind>> = { answer: 'question', request: 'request', clinical: 'clinical', human: 'human' };

/** A need's words are kept to this many characters. */
const SUMMARY_CHARS = 240;
/** A part this short ("Thanks.", "Hi") is no need of its own. */
const MIN_PART_CHARS = 12;
/** The classifier must be this sure for a part to be a need of its own; otherwise it belongs with its neighbour. */
const SURE = 0.9;

/** The parts of a message: its paragraphs, or its sentences when it is one paragraph. */
function partsOf(text: string): string[] {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const parts = paragraphs.length >= 2 ? paragraphs : text.split(/(?<=[.?!])\s+|\s+(?=\balso\b)/i);
  return parts.map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p.length >= MIN_PART_CHARS);
}

/** Whether a part's decision is sure enough to stand as a need of its own. */
function standsAlone(decision: TriageDecision): boolean {
  if (KIND_OF_ROUTE[decision.route] === undefined) return false;
  if (decision.route === 'answer' && !decision.intent.startsWith('faq/')) return false;
  if (decision.decidedBy.startsWith('classifier:')) return decision.confidence >= SURE;
  return true;
}

function clip(text: string): string {
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS - 1)}…` : text;
}

/**
 * The needs of a message that asks several things ("a question about a $240 bill … and I have had
 * headaches and blurry vision"), each read on its own: a front-desk question, a request, a clinical
 * question, a request for a person. Undefined when the message has one need only, or when the parts
 * do not add up to the whole message's decision (a clinical message must keep a clinical need, so
 * splitting never takes the clinical team away). Red flags are read on the whole message before this.
 */
export function splitNeeds(text: string, whole: TriageDecision, route: (part: string) => TriageDecision): Need[] | undefined {
  if (whole.route === 'emergency' || whole.route === 'fallback') return undefined;
  const parts = partsOf(text);
  if (parts.length < 2) return undefined;
  const needs: Need[] = [];
  let pending = '';
  for (const part of parts) {
    const decision = route(part);
    if (decision.route === 'emergency') return undefined;
    // greetings and thanks are manners, not needs
    if (decision.route === 'answer' && !decision.intent.startsWith('faq/') && decision.confidence >= SURE) continue;
    const kind = KIND_OF_ROUTE[decision.route];
    const last = needs.at(-1);
    if (!kind || !standsAlone(decision)) {
      // belongs with its neighbour: the need before it, or the next one
      if (last) last.summary = clip(`${last.summary} ${part}`);
      else pending = `${pending} ${part}`.trim();
      continue;
    }
    if (last && last.kind === kind && last.intent === decision.intent) {
      last.summary = clip(`${last.summary} ${part}`);
      continue;
    }
    needs.push({ kind, intent: decision.intent, summary: clip(`${pending} ${part}`.trim()), decision });
    pending = '';
  }
  if (needs.length < 2) return undefined;
  const wholeKind = KIND_OF_ROUTE[whole.route];
  if (wholeKind && !needs.some((n) => n.kind === wholeKind || n.kind === 'clinical')) return undefined;
  return needs;
}
