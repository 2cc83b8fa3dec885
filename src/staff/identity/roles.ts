import { ESCALATION_ROUTES, type EscalationRoute } from '../../escalation/escalation-priority';
import { STAFF_ROLES, type StaffRole } from './staff-user-repo';

export { STAFF_ROLES, type StaffRole };

/** A person's role, or the STAFF_API_TOKEN service account used by automation. */
export type Role = StaffRole | 'service';

/**
 * Which queue items a role may see and open. Front-desk agents handle requests and general threads;
 * clinical and emergency threads carry health details and need a clinician (or an admin).
 */
const VISIBLE_ROUTES: Readonly<Record<Role, readonly EscalationRoute[]>> = {
  agent: ['request', 'human'],
  clinician: ESCALATION_ROUTES,
  admin: ESCALATION_ROUTES,
  service: ESCALATION_ROUTES,
};

export function visibleRoutes(role: Role): readonly EscalationRoute[] {
  return VISIBLE_ROUTES[role];
}

export function canSeeRoute(role: Role, route: EscalationRoute): boolean {
  return VISIBLE_ROUTES[role].includes(route);
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}
