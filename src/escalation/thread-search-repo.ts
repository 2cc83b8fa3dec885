import type { Db } from '../store/open-database';
import type { SqliteConnection } from '../store/sqlite-connection';
import type { EscalationRoute } from '../triage/types';

/** What the staff search narrows queue items by; every field set must hold. */
export interface ThreadFilter {
  status?: 'open' | 'resolved';
  channel?: string;
  route?: EscalationRoute;
  /** Opened at or after this time (ms). */
  openedFrom?: number;
  /** Opened before this time (ms). */
  openedBefore?: number;
  /** In one of these conversations. */
  conversationIds?: readonly number[];
}

export interface ThreadRow {
  escalationId: number;
  conversationId: number;
}

/** A row of the filter query (escalationsMatchingSql), as both stores read it. */
export interface ThreadMatchRow {
  id: number;
  conversation_id: number;
}

export const toThreadRow = (r: ThreadMatchRow): ThreadRow => ({ escalationId: r.id, conversationId: r.conversation_id });

/** The filter query around its conditions (each already in the store's placeholder style), newest first, at most 2000. */
export function escalationsMatchingSql(where: readonly string[]): string {
  return `SELECT e.id, e.conversation_id FROM escalations e JOIN conversations c ON c.id = e.conversation_id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY e.created_at DESC, e.id DESC LIMIT 2000`;
}

/** A LIKE pattern (with ESCAPE '\\') for text containing `phrase` literally: its wildcards and backslashes escaped. */
export function containsPattern(phrase: string): string {
  return `%${phrase.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The staff search's reads: queue items by filters, conversations by the patient's name. */
export interface ThreadSearchRepo {
  /** Queue items that pass the filter, newest first, at most 2000. */
  escalationsMatching(filter: ThreadFilter): Promise<ThreadRow[]>;
  /**
   * Conversations whose patient's profile name or alias ("Patient 4F2A") contains the phrase, at
   * most 1000. The phrase is matched literally: LIKE's wildcards in it are escaped.
   */
  conversationIdsByName(phrase: string): Promise<number[]>;
}

/** ThreadSearchRepo on SQLite. */
export class SqliteThreadSearchRepo implements ThreadSearchRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  /** Queue items that pass the filter, newest first, at most 2000. */
  escalationsMatching(filter: ThreadFilter): Promise<ThreadRow[]> {
    return this.sql.run(() => {
      const where: string[] = [];
      const params: Array<string | number> = [];
      if (filter.status) {
        where.push('e.status = ?');
        params.push(filter.status);
      }
      if (filter.channel) {
        where.push('c.channel = ?');
        params.push(filter.channel);
      }
      if (filter.route) {
        where.push('e.route = ?');
        params.push(filter.route);
      }
      if (filter.openedFrom !== undefined) {
        where.push('e.created_at >= ?');
        params.push(filter.openedFrom);
      }
      if (filter.openedBefore !== undefined) {
        where.push('e.created_at < ?');
        params.push(filter.openedBefore);
      }
      if (filter.conversationIds) {
        where.push(`e.conversation_id IN (${filter.conversationIds.map(() => '?').join(',')})`);
        params.push(...filter.conversationIds);
      }
      const rows = this.db.prepare(escalationsMatchingSql(where)).all(...params) as ThreadMatchRow[];
      return rows.map(toThreadRow);
    });
  }

  /**
   * Conversations whose patient's profile name or alias ("Patient 4F2A") contains the phrase, at
   * most 1000. The phrase is matched literally: LIKE's wildcards in it are escaped.
   */
  conversationIdsByName(phrase: string): Promise<number[]> {
    return this.sql.run(() => {
      const like = containsPattern(phrase);
      return (
        this.db
          .prepare(
            `SELECT c.id FROM conversations c JOIN contacts k ON k.id = c.contact_id
         WHERE k.display_name LIKE ? ESCAPE '\\' OR printf('Patient %04X', (k.id * 40503) % 65536) LIKE ? ESCAPE '\\'
         LIMIT 1000`,
          )
          .all(like, like) as Array<{ id: number }>
      ).map((r) => r.id);
    });
  }
}
