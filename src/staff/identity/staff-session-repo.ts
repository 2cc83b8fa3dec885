import type { Db } from '../../store/open-database';
import type { SqliteConnection } from '../../store/sqlite-connection';

export interface StaffSession {
  id: number;
  userId: number;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  ip: string | null;
}

/** A staff_sessions row as both stores return it. */
export interface StaffSessionRow {
  id: number;
  user_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string | null;
}

export const toSession = (r: StaffSessionRow): StaffSession => ({
  id: r.id,
  userId: r.user_id,
  csrfToken: r.csrf_token,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at,
  ip: r.ip,
});

/** A console session as stored (only its token's hash). */
export interface NewStaffSession {
  tokenHash: string;
  userId: number;
  csrfToken: string;
  at: number;
  expiresAt: number;
  ip: string | undefined;
}

/** Console sessions, looked up by the SHA-256 of the cookie value (the value itself is never stored). */
export interface StaffSessionRepo {
  create(input: NewStaffSession): Promise<StaffSession>;
  get(id: number): Promise<StaffSession | undefined>;
  /** A session that is not revoked (expiry is the caller's decision: it knows the idle timeout). */
  findByHash(tokenHash: string): Promise<StaffSession | undefined>;
  touch(id: number, at: number): Promise<void>;
  revoke(id: number, at: number): Promise<void>;
  /** Signs a user out of every other browser (after a password change). */
  revokeOthers(userId: number, keepId: number, at: number): Promise<number>;
  /** Signs a user out everywhere (disabled account, new password, role change). */
  revokeAllForUser(userId: number, at: number): Promise<number>;
}

/** StaffSessionRepo on SQLite. */
export class SqliteStaffSessionRepo implements StaffSessionRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  create(input: NewStaffSession): Promise<StaffSession> {
    return this.sql.run(() => {
      const result = this.db
        .prepare(
          `INSERT INTO staff_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(input.tokenHash, input.userId, input.csrfToken, input.at, input.at, input.expiresAt, input.ip ?? null);
      return this.getSync(Number(result.lastInsertRowid)) as StaffSession;
    });
  }

  get(id: number): Promise<StaffSession | undefined> {
    return this.sql.run(() => this.getSync(id));
  }

  private getSync(id: number): StaffSession | undefined {
    const row = this.db.prepare('SELECT * FROM staff_sessions WHERE id = ? AND revoked_at IS NULL').get(id) as StaffSessionRow | undefined;
    return row && toSession(row);
  }

  /** A session that is not revoked (expiry is the caller's decision: it knows the idle timeout). */
  findByHash(tokenHash: string): Promise<StaffSession | undefined> {
    return this.sql.run(() => {
      const row = this.db.prepare('SELECT * FROM staff_sessions WHERE token_hash = ? AND revoked_at IS NULL').get(tokenHash) as
        StaffSessionRow | undefined;
      return row && toSession(row);
    });
  }

  touch(id: number, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE staff_sessions SET last_seen_at = ? WHERE id = ?').run(at, id);
    });
  }

  revoke(id: number, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE staff_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id);
    });
  }

  /** Signs a user out of every other browser (after a password change). */
  revokeOthers(userId: number, keepId: number, at: number): Promise<number> {
    return this.sql.run(() => {
      return this.db
        .prepare('UPDATE staff_sessions SET revoked_at = ? WHERE user_id = ? AND id <> ? AND revoked_at IS NULL')
        .run(at, userId, keepId).changes;
    });
  }

  /** Signs a user out everywhere (disabled account, new password, role change). */
  revokeAllForUser(userId: number, at: number): Promise<number> {
    return this.sql.run(() => {
      return this.db.prepare('UPDATE staff_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(at, userId).changes;
    });
  }
}
