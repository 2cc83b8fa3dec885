import type { PostgresPool } from '../store/postgres/postgres-pool';
import { containsPattern, escalationsMatchingSql, toThreadRow } from './thread-search-repo';
import type { ThreadFilter, ThreadMatchRow, ThreadRow, ThreadSearchRepo } from './thread-search-repo';

/** A contact's alias ("Patient 4F2A", see patient-name.ts) computed in SQL: four upper-case hex digits. */
const PATIENT_ALIAS = `'Patient ' || lpad(upper(to_hex((k.id * 40503) % 65536)), 4, '0')`;

/** A-Z folded to a-z and nothing else, as SQLite's LIKE ignores case: "É" and "é" stay different. */
const asciiLower = (sql: string) => `translate(${sql}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;

/** ThreadSearchRepo on PostgreSQL. */
export class PostgresThreadSearchRepo implements ThreadSearchRepo {
  constructor(private readonly pool: PostgresPool) {}

  /** Queue items that pass the filter, newest first, at most 2000. */
  async escalationsMatching(filter: ThreadFilter): Promise<ThreadRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.status) where.push(`e.status = ${param(filter.status)}`);
    if (filter.channel) where.push(`c.channel = ${param(filter.channel)}`);
    if (filter.route) where.push(`e.route = ${param(filter.route)}`);
    if (filter.openedFrom !== undefined) where.push(`e.created_at >= ${param(filter.openedFrom)}`);
    if (filter.openedBefore !== undefined) where.push(`e.created_at < ${param(filter.openedBefore)}`);
    if (filter.conversationIds) where.push(`e.conversation_id = ANY(${param([...filter.conversationIds])}::bigint[])`);
    const { rows } = await this.pool.query<ThreadMatchRow>(escalationsMatchingSql(where), params);
    return rows.map(toThreadRow);
  }

  /**
   * Conversations whose patient's profile name or alias ("Patient 4F2A") contains the phrase, at
   * most 1000. The phrase is matched literally (LIKE's wildcards in it are escaped), ignoring the
   * case of A-Z only.
   */
  async conversationIdsByName(phrase: string): Promise<number[]> {
    const like = containsPattern(phrase);
    const { rows } = await this.pool.query<{ id: number }>(
      `SELECT c.id FROM conversations c JOIN contacts k ON k.id = c.contact_id
       WHERE ${asciiLower('k.display_name')} LIKE ${asciiLower('$1')} ESCAPE '\\'
          OR ${asciiLower(PATIENT_ALIAS)} LIKE ${asciiLower('$1')} ESCAPE '\\'
       LIMIT 1000`,
      [like],
    );
    return rows.map((r) => r.id);
  }
}
