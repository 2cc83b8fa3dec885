import type { EscalationRoute } from '../triage/types';
import type { QueuePolicy } from '../platform/config';
import { canSeeRoute, STAFF_ROLES, type StaffRole } from './access';

/**
 * Sharing the queue out: who is working now (availability), how much each person holds (capacity),
 * and whose turn it is (a round robin per pool of staff). Plain rules over plain data; the
 * repositories read the rows and write the outcome in one transaction.
 */

export const AVAILABILITY_STATES = ['available', 'away', 'off'] as const;
export type AvailabilityStatus = (typeof AVAILABILITY_STATES)[number];

export function isAvailabilityStatus(value: unknown): value is AvailabilityStatus {
  return typeof value === 'string' && (AVAILABILITY_STATES as readonly string[]).includes(value);
}

/** Staff who take the same items in turn: the clinical team and the front desk. */
export const STAFF_POOLS = ['clinical', 'front_desk'] as const;
export type StaffPool = (typeof STAFF_POOLS)[number];

/** Clinical and emergency items go to the clinical team; requests and general threads to the front desk. */
export function poolOf(route: EscalationRoute): StaffPool {
  return route === 'clinical' || route === 'emergency' ? 'clinical' : 'front_desk';
}

const POOL_ROLE: Readonly<Record<StaffPool, StaffRole>> = { clinical: 'clinician', front_desk: 'agent' };

/**
 * Who is given a pool's items automatically: its own role, and admins (who may open every route)
 * when they make themselves available. Never a role that may not open the items.
 */
export function poolRoles(pool: StaffPool): StaffRole[] {
  const routes: EscalationRoute[] = pool === 'clinical' ? ['clinical', 'emergency'] : ['request', 'human'];
  return STAFF_ROLES.filter((role) => (role === POOL_ROLE[pool] || role === 'admin') && routes.every((r) => canSeeRoute(role, r)));
}

/** A staff member as assignment reads them. */
export interface StaffLoad {
  userId: number;
  role: StaffRole;
  disabled: boolean;
  /** What they chose in the console header (off until they choose). */
  chosen: AvailabilityStatus;
  /** Their own capacity, when an admin set one. */
  capacity: number | null;
  openItems: number;
  /** Their last console request or API token use (null: never). */
  lastActiveAt: number | null;
}

/** Where someone stands now: available only while they chose it and are active. */
export function effectiveStatus(
  load: Pick<StaffLoad, 'chosen' | 'lastActiveAt' | 'disabled'>,
  policy: QueuePolicy,
  at: number,
): AvailabilityStatus {
  if (load.disabled) return 'off';
  if (load.chosen !== 'available') return load.chosen;
  return load.lastActiveAt !== null && load.lastActiveAt >= at - policy.awayAfterMs ? 'available' : 'away';
}

export function capacityOf(load: Pick<StaffLoad, 'capacity'>, policy: QueuePolicy): number {
  return load.capacity ?? policy.defaultCapacity;
}

export interface WaitingItem {
  id: number;
  route: EscalationRoute;
}

export interface Assignment {
  escalationId: number;
  userId: number;
}

export type Pointers = Partial<Record<StaffPool, number | null>>;

/**
 * Who gets each waiting item (most urgent first): the next available person of the item's pool
 * after the pool's pointer (by account id, wrapping around) who holds fewer open items than their
 * capacity. An emergency goes to the next available person even over capacity. An item nobody can
 * take waits. Returns the assignments and the pointers moved to the last person given an item.
 */
export function planAssignments(
  waiting: readonly WaitingItem[],
  staff: readonly StaffLoad[],
  pointers: Pointers,
  policy: QueuePolicy,
  at: number,
): { assignments: Assignment[]; pointers: Pointers } {
  const load = new Map<number, StaffLoad>(
    staff.filter((s) => effectiveStatus(s, policy, at) === 'available').map((s): [number, StaffLoad] => [s.userId, { ...s }]),
  );
  const moved: Pointers = { ...pointers };
  const assignments: Assignment[] = [];
  for (const item of waiting) {
    const pool = poolOf(item.route);
    const roles = poolRoles(pool);
    const eligible = [...load.values()]
      .filter((s) => roles.includes(s.role) && (item.route === 'emergency' || s.openItems < capacityOf(s, policy)))
      .sort((a, b) => a.userId - b.userId);
    const last = moved[pool] ?? null;
    const next = eligible.find((s) => last === null || s.userId > last) ?? eligible[0];
    if (!next) continue;
    next.openItems += 1;
    moved[pool] = next.userId;
    assignments.push({ escalationId: item.id, userId: next.userId });
  }
  return { assignments, pointers: moved };
}

/** No automatic assignment and no reopening: what a store opened outside the server (CLI, tools) does. */
export const MANUAL_QUEUE: QueuePolicy = Object.freeze({
  assignment: 'off',
  defaultCapacity: 5,
  awayAfterMs: 15 * 60_000,
  reopenWithinMs: 0,
});
