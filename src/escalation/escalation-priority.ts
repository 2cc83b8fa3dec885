/** The routes that put a thread in front of staff, most urgent first. */
export const ESCALATION_ROUTES = ['emergency', 'clinical', 'request', 'human'] as const;
export type EscalationRoute = (typeof ESCALATION_ROUTES)[number];

/** Lower sorts first: emergencies before clinical questions before requests before the rest. */
export function escalationPriority(route: EscalationRoute): number {
  return ESCALATION_ROUTES.indexOf(route);
}
