import type { Activity, CardAction } from 'botbuilder';
import type { EscalationRoute } from '../escalation/escalation-priority';
import type { TriageDecision } from '../triage/types';
import type { FlowChoice } from './flows/flow-types';

/** Messenger shows at most 13 quick replies; the chat page follows the same rule. */
const MAX_QUICK_REPLIES = 13;

export function withChoices(text: string, choices: readonly FlowChoice[]): Partial<Activity> {
  const actions: CardAction[] = choices.slice(0, MAX_QUICK_REPLIES).map((c) => ({ type: 'imBack', title: c.title, value: c.payload }));
  return { type: 'message', text, ...(actions.length > 0 ? { suggestedActions: { to: [], actions } } : {}) };
}

/** Marks a message that must go out even if the store cannot take it (see OutboxAdapter). */
export function urgent(text: string): Partial<Activity> {
  return { type: 'message', text, channelData: { frontdesk: { urgent: true } } };
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
