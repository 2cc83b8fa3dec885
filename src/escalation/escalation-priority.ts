import { ESCALATION_ROUTES, type EscalationRoute } from '../triage/types';

/** Lower sorts first: emergencies before clinical questions before requests before the rest. */
export function escalationPriority(route: EscalationRoute): number {
  return ESCALATION_ROUTES.indexOf(route);
}
