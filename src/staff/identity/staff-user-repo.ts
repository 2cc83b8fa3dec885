import type { StaffRole } from '../../escalation/access';
import type { Db } from '../../store/open-database';
import type { SqliteConnection } from '../../store/sqlite-connection';

export interface StaffUser {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  failedLogins: number;
  lockedUntil: number | null;
  disabledAt: number | null;
  passwordChangedAt: number;
  lastLoginAt: number | null;
  createdAt: number;
  updatedAt: number;
  /** The identity provider's subject ("sub") this account is linked to by its first single sign-on. */
  oidcSubject: string | null;
  /** False: this person may not sign in with a password (single sign-on only). */
  passwordLogin: boolean;
}

/** A staff_users row as both stores return it. */
export interface StaffUserRow {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  password_hash: string;
  failed_logins: number;
  locked_until: number | null;
  disabled_at: number | null;
  password_changed_at: number;
  last_login_at: number | null;
  created_at: number;
  updated_at: number;
  oidc_subject: string | null;
  password_login: number;
}

export function toUser(row: StaffUserRow): StaffUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    failedLogins: row.failed_logins,
    lockedUntil: row.locked_until,
    disabledAt: row.disabled_at,
    passwordChangedAt: row.password_changed_at,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    oidcSubject: row.oidc_subject,
    passwordLogin: row.password_login !== 0,
  };
}

/** Staff accounts. Users are disabled, never deleted: the audit log keeps pointing at them. */
export interface StaffUserRepo {
  /** Returns undefined when the email is taken (case-insensitive). */
  create(input: { email: string; name: string; role: StaffRole; passwordHash: string; at: number }): Promise<StaffUser | undefined>;
  get(id: number): Promise<StaffUser | undefined>;
  findByEmail(email: string): Promise<StaffUser | undefined>;
  passwordHash(id: number): Promise<string | undefined>;
  list(): Promise<StaffUser[]>;
  update(id: number, changes: { name?: string; role?: StaffRole }, at: number): Promise<void>;
  setDisabled(id: number, disabled: boolean, at: number): Promise<void>;
  /** A new password also lifts a lockout. */
  setPassword(id: number, passwordHash: string, at: number): Promise<void>;
  /** Counts a failed login; after `maxFailures` in a row the account is locked for `lockMs`. */
  recordFailure(id: number, at: number, maxFailures: number, lockMs: number): Promise<{ failedLogins: number; lockedUntil: number | null }>;
  recordLogin(id: number, at: number): Promise<void>;
  unlock(id: number, at: number): Promise<void>;
  countActiveAdmins(): Promise<number>;
  count(): Promise<number>;
  findByOidcSubject(subject: string): Promise<StaffUser | undefined>;
  /** Links the account to the provider's subject, unless it is linked already or the subject is another's; true when linked now. */
  linkOidcSubject(id: number, subject: string, at: number): Promise<boolean>;
  setPasswordLogin(id: number, enabled: boolean, at: number): Promise<void>;
}

/** StaffUserRepo on SQLite. */
export class SqliteStaffUserRepo implements StaffUserRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  /** Returns undefined when the email is taken (case-insensitive). */
  create(input: { email: string; name: string; role: StaffRole; passwordHash: string; at: number }): Promise<StaffUser | undefined> {
    return this.sql.run(() => {
      const result = this.db
        .prepare(
          `INSERT INTO staff_users (email, name, role, password_hash, password_changed_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(input.email, input.name, input.role, input.passwordHash, input.at, input.at, input.at);
      return result.changes === 1 ? this.getSync(Number(result.lastInsertRowid)) : undefined;
    });
  }

  get(id: number): Promise<StaffUser | undefined> {
    return this.sql.run(() => this.getSync(id));
  }

  private getSync(id: number): StaffUser | undefined {
    const row = this.db.prepare('SELECT * FROM staff_users WHERE id = ?').get(id) as StaffUserRow | undefined;
    return row && toUser(row);
  }

  findByEmail(email: string): Promise<StaffUser | undefined> {
    return this.sql.run(() => {
      const row = this.db.prepare('SELECT * FROM staff_users WHERE email = ?').get(email.trim()) as StaffUserRow | undefined;
      return row && toUser(row);
    });
  }

  passwordHash(id: number): Promise<string | undefined> {
    return this.sql.run(() => {
      return (this.db.prepare('SELECT password_hash FROM staff_users WHERE id = ?').get(id) as { password_hash: string } | undefined)
        ?.password_hash;
    });
  }

  list(): Promise<StaffUser[]> {
    return this.sql.run(() => {
      return (
        this.db.prepare('SELECT * FROM staff_users ORDER BY disabled_at IS NOT NULL, name COLLATE NOCASE, id').all() as StaffUserRow[]
      ).map(toUser);
    });
  }

  update(id: number, changes: { name?: string; role?: StaffRole }, at: number): Promise<void> {
    return this.sql.run(() => {
      const current = this.getSync(id);
      if (!current) return;
      this.db
        .prepare('UPDATE staff_users SET name = ?, role = ?, updated_at = ? WHERE id = ?')
        .run(changes.name ?? current.name, changes.role ?? current.role, at, id);
    });
  }

  setDisabled(id: number, disabled: boolean, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE staff_users SET disabled_at = ?, updated_at = ? WHERE id = ?').run(disabled ? at : null, at, id);
    });
  }

  /** A new password also lifts a lockout. */
  setPassword(id: number, passwordHash: string, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare(
          'UPDATE staff_users SET password_hash = ?, password_changed_at = ?, failed_logins = 0, locked_until = NULL, updated_at = ? WHERE id = ?',
        )
        .run(passwordHash, at, at, id);
    });
  }

  /** Counts a failed login; after `maxFailures` in a row the account is locked for `lockMs`. */
  recordFailure(
    id: number,
    at: number,
    maxFailures: number,
    lockMs: number,
  ): Promise<{ failedLogins: number; lockedUntil: number | null }> {
    return this.sql.run(() => {
      return this.db.transaction(() => {
        const row = this.db.prepare('SELECT failed_logins FROM staff_users WHERE id = ?').get(id) as { failed_logins: number };
        const failedLogins = row.failed_logins + 1;
        const lockedUntil = failedLogins >= maxFailures ? at + lockMs : null;
        this.db
          .prepare('UPDATE staff_users SET failed_logins = ?, locked_until = COALESCE(?, locked_until) WHERE id = ?')
          .run(lockedUntil !== null ? 0 : failedLogins, lockedUntil, id);
        return { failedLogins, lockedUntil };
      })();
    });
  }

  recordLogin(id: number, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE staff_users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?').run(at, id);
    });
  }

  unlock(id: number, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE staff_users SET failed_logins = 0, locked_until = NULL, updated_at = ? WHERE id = ?').run(at, id);
    });
  }

  countActiveAdmins(): Promise<number> {
    return this.sql.run(() => {
      return (this.db.prepare(`SELECT COUNT(*) AS n FROM staff_users WHERE role = 'admin' AND disabled_at IS NULL`).get() as { n: number })
        .n;
    });
  }

  count(): Promise<number> {
    return this.sql.run(() => {
      return (this.db.prepare('SELECT COUNT(*) AS n FROM staff_users').get() as { n: number }).n;
    });
  }

  findByOidcSubject(subject: string): Promise<StaffUser | undefined> {
    return this.sql.run(() => {
      const row = this.db.prepare('SELECT * FROM staff_users WHERE oidc_subject = ?').get(subject) as StaffUserRow | undefined;
      return row && toUser(row);
    });
  }

  linkOidcSubject(id: number, subject: string, at: number): Promise<boolean> {
    return this.sql.run(
      () =>
        this.db
          .prepare(
            'UPDATE staff_users SET oidc_subject = ?, updated_at = ? WHERE id = ? AND oidc_subject IS NULL AND NOT EXISTS (SELECT 1 FROM staff_users o WHERE o.oidc_subject = ?)',
          )
          .run(subject, at, id, subject).changes === 1,
    );
  }

  setPasswordLogin(id: number, enabled: boolean, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE staff_users SET password_login = ?, updated_at = ? WHERE id = ?').run(enabled ? 1 : 0, at, id);
    });
  }
}
