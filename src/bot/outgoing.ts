import type { Activity } from 'botbuilder';
import { outgoing } from '../conversation/turn-meta';
import type { Choice } from '../platform/values';
import type { EscalationRoute, TriageDecision } from '../triage/types';

/** A reply with quick replies; the channel keeps as many as its surface shows. */
export function withChoices(text: string, choices: readonly Choice[]): Partial<Activity> {
  return outgoing(text, { choices });
}

/** Marks a message that must go out even if the store cannot take it: the pipeline then sends it directly. */
export function urgent(text: string): Partial<Activity> {
  return outgoing(text, { meta: { urgent: true } });
}

export function toEscalationRoute(decision: TriageDecision): EscalationRoute | undefined {
  switch (decision.route) {
    case 'emergency':
    case 'clinical':
    case 'request':
    case 'human':
      return decision.route;
    default:
      return undefined;
  }
}
