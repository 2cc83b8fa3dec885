import type { TriageDecision } from '../triage/types';
import type { KnowledgeBase } from './knowledge-base';

/**
 * What the patient gets for a routing decision: an answer the practice has not written in the
 * message's language goes to a person (with the bilingual note), never the English text alone.
 */
export function deliveredDecision(decision: TriageDecision, kb: KnowledgeBase): TriageDecision {
  if (decision.route !== 'answer' || kb.answer(decision.intent, decision.language ?? 'en') !== undefined) return decision;
  return { ...decision, route: 'human', decidedBy: `untranslated:${decision.intent}` };
}
