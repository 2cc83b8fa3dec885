import type { Db } from '../store/open-database';
import type { SqliteConnection } from '../store/sqlite-connection';
import type { Language } from '../triage/types';

export interface CannedResponse {
  id: number;
  title: string;
  text: string;
  position: number;
  /** The language it is written in: staff pick the patient's. */
  language: Language;
  updatedAt: number;
  updatedBy: string | null;
}

/** A row of `canned_responses`, as both stores read it. */
export interface CannedResponseRow {
  id: number;
  title: string;
  text: string;
  position: number;
  language: string;
  updated_at: number;
  updated_by: string | null;
}

export const toCanned = (r: CannedResponseRow): CannedResponse => ({
  id: r.id,
  title: r.title,
  text: r.text,
  position: r.position,
  language: r.language === 'es' ? 'es' : 'en',
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

/** What an admin writes: a response, in a language (English when not given). */
export interface CannedResponseInput {
  title: string;
  text: string;
  language?: Language;
  actor: string;
  at: number;
}

/** Ready-made replies staff can insert and edit before sending; the list is a setting admins edit. */
export interface CannedResponseRepo {
  list(): Promise<CannedResponse[]>;
  get(id: number): Promise<CannedResponse | undefined>;
  create(input: CannedResponseInput): Promise<CannedResponse>;
  /** Keeps the language when the input gives none. */
  update(id: number, input: CannedResponseInput): Promise<boolean>;
  remove(id: number): Promise<boolean>;
}

/** CannedResponseRepo on SQLite. */
export class SqliteCannedResponseRepo implements CannedResponseRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  list(): Promise<CannedResponse[]> {
    return this.sql.run(() => {
      return (this.db.prepare('SELECT * FROM canned_responses ORDER BY position, id').all() as CannedResponseRow[]).map(toCanned);
    });
  }

  get(id: number): Promise<CannedResponse | undefined> {
    return this.sql.run(() => this.getSync(id));
  }

  private getSync(id: number): CannedResponse | undefined {
    const row = this.db.prepare('SELECT * FROM canned_responses WHERE id = ?').get(id) as CannedResponseRow | undefined;
    return row && toCanned(row);
  }

  create(input: CannedResponseInput): Promise<CannedResponse> {
    return this.sql.run(() => {
      const position = (this.db.prepare('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM canned_responses').get() as { p: number }).p;
      const result = this.db
        .prepare(
          'INSERT INTO canned_responses (title, text, position, created_at, updated_at, updated_by, language) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(input.title, input.text, position, input.at, input.at, input.actor, input.language ?? 'en');
      return this.getSync(Number(result.lastInsertRowid)) as CannedResponse;
    });
  }

  update(id: number, input: CannedResponseInput): Promise<boolean> {
    return this.sql.run(() => {
      return (
        this.db
          .prepare(
            'UPDATE canned_responses SET title = ?, text = ?, updated_at = ?, updated_by = ?, language = COALESCE(?, language) WHERE id = ?',
          )
          .run(input.title, input.text, input.at, input.actor, input.language ?? null, id).changes === 1
      );
    });
  }

  remove(id: number): Promise<boolean> {
    return this.sql.run(() => {
      return this.db.prepare('DELETE FROM canned_responses WHERE id = ?').run(id).changes === 1;
    });
  }
}
