import type { Db } from '../../store/open-database';
import type { SqliteConnection } from '../../store/sqlite-connection';

export interface ApiToken {
  id: number;
  userId: number;
  name: string;
  /** The first characters of the token, shown so people can tell their tokens apart. */
  prefix: string;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A staff_api_tokens row as both stores return it. */
export interface ApiTokenRow {
  id: number;
  user_id: number;
  name: string;
  prefix: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

export const toToken = (r: ApiTokenRow): ApiToken => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** A personal API token as stored (only its hash). */
export interface NewApiToken {
  userId: number;
  name: string;
  tokenHash: string;
  prefix: string;
  at: number;
  expiresAt: number | null;
}

/** Personal API tokens for integrations; only a SHA-256 of each token is stored. */
export interface ApiTokenRepo {
  create(input: NewApiToken): Promise<ApiToken>;
  get(id: number): Promise<ApiToken | undefined>;
  /** A usable token: not revoked and not expired at `at`. */
  findActiveByHash(tokenHash: string, at: number): Promise<ApiToken | undefined>;
  listForUser(userId: number): Promise<ApiToken[]>;
  /** Usage is recorded at most once a minute per token, to keep writes cheap. */
  touch(id: number, at: number): Promise<void>;
  revoke(id: number, at: number): Promise<boolean>;
  revokeAllForUser(userId: number, at: number): Promise<number>;
}

/** ApiTokenRepo on SQLite. */
export class SqliteApiTokenRepo implements ApiTokenRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  create(input: NewApiToken): Promise<ApiToken> {
    return this.sql.run(() => {
      const result = this.db
        .prepare('INSERT INTO staff_api_tokens (user_id, name, token_hash, prefix, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(input.userId, input.name, input.tokenHash, input.prefix, input.at, input.expiresAt);
      return this.getSync(Number(result.lastInsertRowid)) as ApiToken;
    });
  }

  get(id: number): Promise<ApiToken | undefined> {
    return this.sql.run(() => this.getSync(id));
  }

  private getSync(id: number): ApiToken | undefined {
    const row = this.db.prepare('SELECT * FROM staff_api_tokens WHERE id = ?').get(id) as ApiTokenRow | undefined;
    return row && toToken(row);
  }

  /** A usable token: not revoked and not expired at `at`. */
  findActiveByHash(tokenHash: string, at: number): Promise<ApiToken | undefined> {
    return this.sql.run(() => {
      const row = this.db
        .prepare('SELECT * FROM staff_api_tokens WHERE token_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)')
        .get(tokenHash, at) as ApiTokenRow | undefined;
      return row && toToken(row);
    });
  }

  listForUser(userId: number): Promise<ApiToken[]> {
    return this.sql.run(() => {
      return (this.db.prepare('SELECT * FROM staff_api_tokens WHERE user_id = ? ORDER BY id DESC').all(userId) as ApiTokenRow[]).map(
        toToken,
      );
    });
  }

  /** Usage is recorded at most once a minute per token, to keep writes cheap. */
  touch(id: number, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare('UPDATE staff_api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)')
        .run(at, id, at - 60_000);
    });
  }

  revoke(id: number, at: number): Promise<boolean> {
    return this.sql.run(() => {
      return this.db.prepare('UPDATE staff_api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
    });
  }

  revokeAllForUser(userId: number, at: number): Promise<number> {
    return this.sql.run(() => {
      return this.db.prepare('UPDATE staff_api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(at, userId).changes;
    });
  }
}
