import type { PostgresPool } from '../store/postgres/postgres-pool';
import { toCanned } from './canned-response-repo';
import type { CannedResponse, CannedResponseInput, CannedResponseRepo, CannedResponseRow } from './canned-response-repo';

/** CannedResponseRepo on PostgreSQL. */
export class PostgresCannedResponseRepo implements CannedResponseRepo {
  constructor(private readonly pool: PostgresPool) {}

  async list(): Promise<CannedResponse[]> {
    return (await this.pool.query<CannedResponseRow>('SELECT * FROM canned_responses ORDER BY position, id')).rows.map(toCanned);
  }

  async get(id: number): Promise<CannedResponse | undefined> {
    const row = (await this.pool.query<CannedResponseRow>('SELECT * FROM canned_responses WHERE id = $1', [id])).rows[0];
    return row && toCanned(row);
  }

  /** A new response goes to the end of the list; its position is read and written in one statement. */
  async create(input: CannedResponseInput): Promise<CannedResponse> {
    const { rows } = await this.pool.query<CannedResponseRow>(
      `INSERT INTO canned_responses (title, text, position, created_at, updated_at, updated_by, language)
       SELECT $1, $2, COALESCE(MAX(position), 0) + 1, $3, $3, $4, $5 FROM canned_responses
       RETURNING *`,
      [input.title, input.text, input.at, input.actor, input.language ?? 'en'],
    );
    return toCanned(rows[0]!);
  }

  async update(id: number, input: CannedResponseInput): Promise<boolean> {
    const result = await this.pool.query(
      'UPDATE canned_responses SET title = $1, text = $2, updated_at = $3, updated_by = $4, language = COALESCE($5, language) WHERE id = $6',
      [input.title, input.text, input.at, input.actor, input.language ?? null, id],
    );
    return result.rowCount === 1;
  }

  async remove(id: number): Promise<boolean> {
    return (await this.pool.query('DELETE FROM canned_responses WHERE id = $1', [id])).rowCount === 1;
  }
}
