import type { StaffRole } from '../../escalation/access';
import type { PostgresPool } from '../../store/postgres/postgres-pool';
import { toUser, type StaffUser, type StaffUserRepo, type StaffUserRow } from './staff-user-repo';

/**
 * Names sort as SQLite's COLLATE NOCASE sorts them: A-Z folded to a-z, everything else compared by
 * code point, whatever the database's collation.
 */
const NAME_NOCASE = `translate(name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE "C"`;

/** StaffUserRepo on PostgreSQL; emails are citext, so lookups and uniqueness ignore case. */
export class PostgresStaffUserRepo implements StaffUserRepo {
  constructor(private readonly pool: PostgresPool) {}

  /** Returns undefined when the email is taken (case-insensitive). */
  async create(input: { email: string; name: string; role: StaffRole; passwordHash: string; at: number }): Promise<StaffUser | undefined> {
    const { rows } = await this.pool.query<StaffUserRow>(
      `INSERT INTO staff_users (email, name, role, password_hash, password_changed_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5, $5) ON CONFLICT DO NOTHING RETURNING *`,
      [input.email, input.name, input.role, input.passwordHash, input.at],
    );
    return rows[0] && toUser(rows[0]);
  }

  async get(id: number): Promise<StaffUser | undefined> {
    const row = (await this.pool.query<StaffUserRow>('SELECT * FROM staff_users WHERE id = $1', [id])).rows[0];
    return row && toUser(row);
  }

  async findByEmail(email: string): Promise<StaffUser | undefined> {
    const row = (await this.pool.query<StaffUserRow>('SELECT * FROM staff_users WHERE email = $1', [email.trim()])).rows[0];
    return row && toUser(row);
  }

  async passwordHash(id: number): Promise<string | undefined> {
    return (await this.pool.query<{ password_hash: string }>('SELECT password_hash FROM staff_users WHERE id = $1', [id])).rows[0]
      ?.password_hash;
  }

  async list(): Promise<StaffUser[]> {
    const { rows } = await this.pool.query<StaffUserRow>(`SELECT * FROM staff_users ORDER BY disabled_at IS NOT NULL, ${NAME_NOCASE}, id`);
    return rows.map(toUser);
  }

  /** Unset changes keep the current value; an unknown id changes nothing. */
  async update(id: number, changes: { name?: string; role?: StaffRole }, at: number): Promise<void> {
    await this.pool.query('UPDATE staff_users SET name = COALESCE($1, name), role = COALESCE($2, role), updated_at = $3 WHERE id = $4', [
      changes.name ?? null,
      changes.role ?? null,
      at,
      id,
    ]);
  }

  async setDisabled(id: number, disabled: boolean, at: number): Promise<void> {
    await this.pool.query('UPDATE staff_users SET disabled_at = $1, updated_at = $2 WHERE id = $3', [disabled ? at : null, at, id]);
  }

  /** A new password also lifts a lockout. */
  async setPassword(id: number, passwordHash: string, at: number): Promise<void> {
    await this.pool.query(
      'UPDATE staff_users SET password_hash = $1, password_changed_at = $2, failed_logins = 0, locked_until = NULL, updated_at = $2 WHERE id = $3',
      [passwordHash, at, id],
    );
  }

  /**
   * Counts a failed login; after `maxFailures` in a row the account is locked for `lockMs`. The row
   * is locked while it is counted, so failures arriving at once are each counted.
   */
  recordFailure(
    id: number,
    at: number,
    maxFailures: number,
    lockMs: number,
  ): Promise<{ failedLogins: number; lockedUntil: number | null }> {
    return this.pool.withTransaction(async (tx) => {
      const row = (await tx.query<{ failed_logins: number }>('SELECT failed_logins FROM staff_users WHERE id = $1 FOR UPDATE', [id]))
        .rows[0];
      if (!row) throw new Error(`recordFailure: no staff user with id ${id}`);
      const failedLogins = row.failed_logins + 1;
      const lockedUntil = failedLogins >= maxFailures ? at + lockMs : null;
      await tx.query('UPDATE staff_users SET failed_logins = $1, locked_until = COALESCE($2, locked_until) WHERE id = $3', [
        lockedUntil !== null ? 0 : failedLogins,
        lockedUntil,
        id,
      ]);
      return { failedLogins, lockedUntil };
    });
  }

  async recordLogin(id: number, at: number): Promise<void> {
    await this.pool.query('UPDATE staff_users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2', [at, id]);
  }

  async unlock(id: number, at: number): Promise<void> {
    await this.pool.query('UPDATE staff_users SET failed_logins = 0, locked_until = NULL, updated_at = $1 WHERE id = $2', [at, id]);
  }

  async countActiveAdmins(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM staff_users WHERE role = 'admin' AND disabled_at IS NULL`,
    );
    return rows[0]!.n;
  }

  async count(): Promise<number> {
    return (await this.pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM staff_users')).rows[0]!.n;
  }

  async findByOidcSubject(subject: string): Promise<StaffUser | undefined> {
    const row = (await this.pool.query<StaffUserRow>('SELECT * FROM staff_users WHERE oidc_subject = $1', [subject])).rows[0];
    return row && toUser(row);
  }

  async linkOidcSubject(id: number, subject: string, at: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE staff_users SET oidc_subject = $1, updated_at = $2 WHERE id = $3 AND oidc_subject IS NULL AND NOT EXISTS (SELECT 1 FROM staff_users o WHERE o.oidc_subject = $1)',
      [subject, at, id],
    );
    return rowCount === 1;
  }

  async setPasswordLogin(id: number, enabled: boolean, at: number): Promise<void> {
    await this.pool.query('UPDATE staff_users SET password_login = $1, updated_at = $2 WHERE id = $3', [enabled ? 1 : 0, at, id]);
  }
}
