import { ESCALATION_ROUTES, type EscalationRoute } from '../triage/types';

/**
 * Access to the queue: who is acting, what each role may see, and who really holds a thread.
 * Staff identity (accounts, sessions, tokens) turns a request into a Principal and provides the
 * StaffDirectory; the rules here know nothing of how.
 */

export const STAFF_ROLES = ['admin', 'clinician', 'agent'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A person's role, or the STAFF_API_TOKEN service account used by automation. */
export type Role = StaffRole | 'service';

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

/** Who is acting: a signed-in person, a person's API token, or the service token. */
export interface Principal {
  /** What the audit log and transcripts record: `user:<id>` or `service:staff-api-token`. */
  actor: string;
  kind: 'user' | 'service';
  userId: number | null;
  name: string;
  email: string | null;
  role: Role;
  via: 'session' | 'api_token' | 'service_token';
  /** Console sessions only: state-changing requests must echo this in X-CSRF-Token. */
  session?: { id: number; csrfToken: string; expiresAt: number; idleExpiresAt: number };
}

export const SERVICE_ACTOR = 'service:staff-api-token';

export function userActor(userId: number): string {
  return `user:${userId}`;
}

/** The user id inside an actor string, if it is a person. */
export function actorUserId(actor: string | null | undefined): number | undefined {
  const match = /^user:(\d+)$/.exec(actor ?? '');
  return match ? Number(match[1]) : undefined;
}

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

/** Roles that may read clinical content: clinicians, admins, and the automation service account. */
export function maySeeClinical(role: Role): boolean {
  return role !== 'agent';
}

/** A staff account as the access rules read it. */
export interface StaffMember {
  id: number;
  name: string;
  role: StaffRole;
  disabledAt: number | null;
}

/** Looks up staff accounts by id; the staff user repository is one. */
export interface StaffDirectory {
  get(userId: number): Promise<StaffMember | undefined>;
}

/**
 * Who really holds the item: a claim by someone since disabled, or whose role no longer covers the
 * thread (their role was changed), holds nothing, so nobody has to wait for an admin.
 */
export async function activeHolder(
  store: { staffUsers: StaffDirectory },
  escalation: { assignedTo: number | null; route: EscalationRoute },
): Promise<number | null> {
  if (escalation.assignedTo === null) return null;
  const user = await store.staffUsers.get(escalation.assignedTo);
  return user && user.disabledAt === null && canSeeRoute(user.role, escalation.route) ? user.id : null;
}
