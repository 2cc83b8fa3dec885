import type { PostgresPool } from '../../store/postgres/postgres-pool';
import { toSession, type StaffSession, type StaffSessionRepo, type StaffSessionRow, type NewStaffSession } from './staff-session-repo';

/** StaffSessionRepo on PostgreSQL. */
export class PostgresStaffSessionRepo implements StaffSessionRepo {
  constructor(private readonly pool: PostgresPool) {}

  async create(input: NewStaffSession): Promise<StaffSession> {
    const { rows } = await this.pool.query<StaffSessionRow>(
      `INSERT INTO staff_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip)
       VALUES ($1, $2, $3, $4, $4, $5, $6) RETURNING *`,
      [input.tokenHash, input.userId, input.csrfToken, input.at, input.expiresAt, input.ip ?? null],
    );
    return toSession(rows[0]!);
  }

  /** A session that is not revoked. */
  async get(id: number): Promise<StaffSession | undefined> {
    const row = (await this.pool.query<StaffSessionRow>('SELECT * FROM staff_sessions WHERE id = $1 AND revoked_at IS NULL', [id])).rows[0];
    return row && toSession(row);
  }

  /** A session that is not revoked (expiry is the caller's decision: it knows the idle timeout). */
  async findByHash(tokenHash: string): Promise<StaffSession | undefined> {
    const row = (
      await this.pool.query<StaffSessionRow>('SELECT * FROM staff_sessions WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash])
    ).rows[0];
    return row && toSession(row);
  }

  async touch(id: number, at: number): Promise<void> {
    await this.pool.query('UPDATE staff_sessions SET last_seen_at = $1 WHERE id = $2', [at, id]);
  }

  async revoke(id: number, at: number): Promise<void> {
    await this.pool.query('UPDATE staff_sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
  }

  /** Signs a user out of every other browser (after a password change). */
  async revokeOthers(userId: number, keepId: number, at: number): Promise<number> {
    const result = await this.pool.query(
      'UPDATE staff_sessions SET revoked_at = $1 WHERE user_id = $2 AND id <> $3 AND revoked_at IS NULL',
      [at, userId, keepId],
    );
    return result.rowCount ?? 0;
  }

  /** Signs a user out everywhere (disabled account, new password, role change). */
  async revokeAllForUser(userId: number, at: number): Promise<number> {
    const result = await this.pool.query('UPDATE staff_sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [
      at,
      userId,
    ]);
    return result.rowCount ?? 0;
  }
}
