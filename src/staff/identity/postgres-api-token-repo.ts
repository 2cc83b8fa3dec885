import type { PostgresPool } from '../../store/postgres/postgres-pool';
import { toToken, type ApiToken, type ApiTokenRepo, type ApiTokenRow, type NewApiToken } from './api-token-repo';

/** ApiTokenRepo on PostgreSQL. */
export class PostgresApiTokenRepo implements ApiTokenRepo {
  constructor(private readonly pool: PostgresPool) {}

  async create(input: NewApiToken): Promise<ApiToken> {
    const { rows } = await this.pool.query<ApiTokenRow>(
      'INSERT INTO staff_api_tokens (user_id, name, token_hash, prefix, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
      [input.userId, input.name, input.tokenHash, input.prefix, input.at, input.expiresAt],
    );
    return toToken(rows[0]!);
  }

  async get(id: number): Promise<ApiToken | undefined> {
    const row = (await this.pool.query<ApiTokenRow>('SELECT * FROM staff_api_tokens WHERE id = $1', [id])).rows[0];
    return row && toToken(row);
  }

  /** A usable token: not revoked and not expired at `at`. */
  async findActiveByHash(tokenHash: string, at: number): Promise<ApiToken | undefined> {
    const { rows } = await this.pool.query<ApiTokenRow>(
      'SELECT * FROM staff_api_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)',
      [tokenHash, at],
    );
    return rows[0] && toToken(rows[0]);
  }

  async listForUser(userId: number): Promise<ApiToken[]> {
    return (await this.pool.query<ApiTokenRow>('SELECT * FROM staff_api_tokens WHERE user_id = $1 ORDER BY id DESC', [userId])).rows.map(
      toToken,
    );
  }

  /** Usage is recorded at most once a minute per token, to keep writes cheap. */
  async touch(id: number, at: number): Promise<void> {
    await this.pool.query('UPDATE staff_api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)', [
      at,
      id,
      at - 60_000,
    ]);
  }

  async revoke(id: number, at: number): Promise<boolean> {
    return (
      (await this.pool.query('UPDATE staff_api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])).rowCount === 1
    );
  }

  async revokeAllForUser(userId: number, at: number): Promise<number> {
    const result = await this.pool.query('UPDATE staff_api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [
      at,
      userId,
    ]);
    return result.rowCount ?? 0;
  }
}
