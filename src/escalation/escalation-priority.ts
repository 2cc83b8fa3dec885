/** The routes that put a thread in front of staff, most urgent first. */
export const ESCALATION_ROUTES = ['emergency', 'clinical', 'request', 'human'] as const;
export type EscalationRoute = (typeof ESCALATION_ROUTES)[number];

/** Lower sorts first: emergencies before clinical questions before requests before the rest. */
export function escalationPriority(route: EscalationRoute): number {
  return ESCALATION_ROUTES.indexOf(route);
}

/**
 * When a thread already has an open item and the patient writes again, the item keeps the more
 * urgent of the two routes: a follow-up emergency must lift a waiting request to the top.
 */
export function moreUrgent(a: EscalationRoute, b: EscalationRoute): EscalationRoute {
  return escalationPriority(a) <= escalationPriority(b) ? a : b;
}
