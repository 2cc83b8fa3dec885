import type { QueuePolicy } from '../platform/config';
import type { Db } from '../store/open-database';
import type { SqliteConnection } from '../store/sqlite-connection';
import type { EscalationRoute } from '../triage/types';
import type { StaffRole } from './access';
import {
  planAssignments,
  STAFF_POOLS,
  type Assignment,
  type AvailabilityStatus,
  type Pointers,
  type StaffLoad,
  type StaffPool,
} from './assignment';

/** A row of the staff load query, as both stores read it. */
export interface StaffLoadRow {
  user_id: number;
  role: StaffRole;
  disabled_at: number | null;
  status: AvailabilityStatus | null;
  capacity: number | null;
  open_items: number;
  session_seen: number | null;
  token_used: number | null;
}

/**
 * Every staff account with its availability, capacity, open items and last activity (a live console
 * session's last request, a personal API token's last use). One parameter: now (live sessions only).
 */
export const STAFF_LOAD_SQL = (now: string) => `SELECT u.id AS user_id, u.role, u.disabled_at, a.status, a.capacity,
    (SELECT COUNT(*) FROM escalations e WHERE e.assigned_to = u.id AND e.status = 'open') AS open_items,
    (SELECT MAX(s.last_seen_at) FROM staff_sessions s WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > ${now}) AS session_seen,
    (SELECT MAX(t.last_used_at) FROM staff_api_tokens t WHERE t.user_id = u.id AND t.revoked_at IS NULL) AS token_used
  FROM staff_users u LEFT JOIN staff_availability a ON a.user_id = u.id
  ORDER BY u.id`;

/** Open items nobody holds, in queue order (most urgent first, then oldest). */
export const WAITING_SQL = `SELECT id, route FROM escalations WHERE status = 'open' AND assigned_to IS NULL ORDER BY priority, created_at, id`;

export function toStaffLoad(r: StaffLoadRow): StaffLoad {
  const seen = [r.session_seen, r.token_used].filter((v): v is number => v !== null);
  return {
    userId: r.user_id,
    role: r.role,
    disabled: r.disabled_at !== null,
    chosen: r.status ?? 'off',
    capacity: r.capacity,
    openItems: r.open_items,
    lastActiveAt: seen.length > 0 ? Math.max(...seen) : null,
  };
}

export function pointersOf(rows: ReadonlyArray<{ pool: string; last_user_id: number | null }>): Pointers {
  const pointers: Pointers = {};
  for (const row of rows) if ((STAFF_POOLS as readonly string[]).includes(row.pool)) pointers[row.pool as StaffPool] = row.last_user_id;
  return pointers;
}

/**
 * Availability, capacity and the round robin. `assignWaiting` decides and writes in one
 * transaction that holds the pools' pointers, so two instances never give one item twice or skip a
 * turn; an item someone claimed meanwhile is left to them.
 */
export interface AssignmentRepo {
  setAvailability(userId: number, status: AvailabilityStatus, at: number): Promise<void>;
  /** An admin's capacity for one person; null: the server's default. */
  setCapacity(userId: number, capacity: number | null, at: number): Promise<void>;
  staffLoad(at: number): Promise<StaffLoad[]>;
  /** Gives waiting items to available staff (see planAssignments); returns what it assigned. */
  assignWaiting(policy: QueuePolicy, at: number): Promise<Assignment[]>;
}

/** AssignmentRepo on SQLite. */
export class SqliteAssignmentRepo implements AssignmentRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  setAvailability(userId: number, status: AvailabilityStatus, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare(
          `INSERT INTO staff_availability (user_id, status, changed_at) VALUES (?, ?, ?)
           ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, changed_at = excluded.changed_at`,
        )
        .run(userId, status, at);
    });
  }

  setCapacity(userId: number, capacity: number | null, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare(
          `INSERT INTO staff_availability (user_id, capacity, changed_at) VALUES (?, ?, ?)
           ON CONFLICT (user_id) DO UPDATE SET capacity = excluded.capacity`,
        )
        .run(userId, capacity, at);
    });
  }

  staffLoad(at: number): Promise<StaffLoad[]> {
    return this.sql.run(() => this.staffLoadNow(at));
  }

  /** For a caller inside a transaction on this connection. */
  staffLoadNow(at: number): StaffLoad[] {
    return (this.db.prepare(STAFF_LOAD_SQL('?')).all(at) as StaffLoadRow[]).map(toStaffLoad);
  }

  assignWaiting(policy: QueuePolicy, at: number): Promise<Assignment[]> {
    return this.sql.run(() => this.db.transaction(() => this.assignWaitingNow(policy, at))());
  }

  /** For a caller inside a transaction on this connection (opening an item assigns it in the same one). */
  assignWaitingNow(policy: QueuePolicy, at: number): Assignment[] {
    if (policy.assignment === 'off') return [];
    const waiting = this.db.prepare(WAITING_SQL).all() as Array<{ id: number; route: EscalationRoute }>;
    if (waiting.length === 0) return [];
    const pointers = pointersOf(
      this.db.prepare('SELECT pool, last_user_id FROM assignment_pointers').all() as Array<{ pool: string; last_user_id: number | null }>,
    );
    const plan = planAssignments(waiting, this.staffLoadNow(at), pointers, policy, at);
    const assign = this.db.prepare(
      `UPDATE escalations SET assigned_to = ?, assigned_at = ?, updated_at = ? WHERE id = ? AND status = 'open' AND assigned_to IS NULL`,
    );
    const done = plan.assignments.filter((a) => assign.run(a.userId, at, at, a.escalationId).changes === 1);
    const move = this.db.prepare('UPDATE assignment_pointers SET last_user_id = ? WHERE pool = ?');
    for (const pool of STAFF_POOLS) if (plan.pointers[pool] !== pointers[pool]) move.run(plan.pointers[pool] ?? null, pool);
    return done;
  }
}
