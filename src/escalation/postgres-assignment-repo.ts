import type { QueuePolicy } from '../platform/config';
import type { PostgresPool } from '../store/postgres/postgres-pool';
import type { EscalationRoute } from '../triage/types';
import { planAssignments, STAFF_POOLS, type Assignment, type AvailabilityStatus, type StaffLoad } from './assignment';
import { pointersOf, STAFF_LOAD_SQL, toStaffLoad, WAITING_SQL, type AssignmentRepo, type StaffLoadRow } from './assignment-repo';

/**
 * The pools' pointers, locked in a fixed order: every assignment decision holds them from reading
 * the waiting items and the staff's load to writing the outcome, so decisions on two instances run
 * one after the other and each sees the other's assignments.
 */
const LOCK_POINTERS = 'SELECT pool, last_user_id FROM assignment_pointers ORDER BY pool FOR UPDATE';

/** AssignmentRepo on PostgreSQL. */
export class PostgresAssignmentRepo implements AssignmentRepo {
  constructor(private readonly pool: PostgresPool) {}

  async setAvailability(userId: number, status: AvailabilityStatus, at: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO staff_availability (user_id, status, changed_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, changed_at = excluded.changed_at`,
      [userId, status, at],
    );
  }

  async setCapacity(userId: number, capacity: number | null, at: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO staff_availability (user_id, capacity, changed_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET capacity = excluded.capacity`,
      [userId, capacity, at],
    );
  }

  async staffLoad(at: number): Promise<StaffLoad[]> {
    return (await this.pool.query<StaffLoadRow>(STAFF_LOAD_SQL('$1'), [at])).rows.map(toStaffLoad);
  }

  assignWaiting(policy: QueuePolicy, at: number): Promise<Assignment[]> {
    return this.pool.withTransaction(() => this.assignWaitingNow(policy, at));
  }

  /** For a caller inside a transaction (opening an item assigns it in the same one). */
  async assignWaitingNow(policy: QueuePolicy, at: number): Promise<Assignment[]> {
    if (policy.assignment === 'off') return [];
    const pointers = pointersOf((await this.pool.query<{ pool: string; last_user_id: number | null }>(LOCK_POINTERS)).rows);
    const waiting = (await this.pool.query<{ id: number; route: EscalationRoute }>(WAITING_SQL)).rows;
    if (waiting.length === 0) return [];
    const plan = planAssignments(waiting, await this.staffLoad(at), pointers, policy, at);
    const done: Assignment[] = [];
    for (const a of plan.assignments) {
      const result = await this.pool.query(
        `UPDATE escalations SET assigned_to = $1, assigned_at = $2, updated_at = $2 WHERE id = $3 AND status = 'open' AND assigned_to IS NULL`,
        [a.userId, at, a.escalationId],
      );
      if (result.rowCount === 1) done.push(a);
    }
    for (const pool of STAFF_POOLS) {
      if (plan.pointers[pool] !== pointers[pool]) {
        await this.pool.query('UPDATE assignment_pointers SET last_user_id = $1 WHERE pool = $2', [plan.pointers[pool] ?? null, pool]);
      }
    }
    return done;
  }
}
