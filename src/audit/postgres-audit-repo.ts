import type { PostgresPool } from '../store/postgres/postgres-pool';
import { actionPrefixPattern, auditValues, threadEntry, tokenEntry, toStoredAuditEntry, userEntry } from './audit-repo';
import type { AuditEntry, AuditFilter, AuditRepo, AuditRow, StoredAuditEntry, Who } from './audit-repo';

/** AuditRepo on PostgreSQL; the schema's triggers refuse UPDATE, DELETE and TRUNCATE. */
export class PostgresAuditRepo implements AuditRepo {
  constructor(private readonly pool: PostgresPool) {}

  async record(entry: AuditEntry, at = Date.now()): Promise<void> {
    await this.pool.query(
      'INSERT INTO audit_log (at, actor, action, target_type, target_id, ip, detail_json) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      auditValues(entry, at),
    );
  }

  /** Something a person did to a thread (view, export, claim, reply, note, resolve…). */
  thread(who: Who, action: string, escalationId: number, at: number, detail?: Record<string, unknown>): Promise<void> {
    return this.record(threadEntry(who, action, escalationId, detail), at);
  }

  /** Something that happened to a staff account (sign-in, sign-out, password, role). */
  user(who: Who, action: string, userId: number | null | undefined, at: number, detail?: Record<string, unknown>): Promise<void> {
    return this.record(userEntry(who, action, userId, detail), at);
  }

  /** Something that happened to an API token. */
  token(who: Who, action: string, tokenId: number, at: number, detail?: Record<string, unknown>): Promise<void> {
    return this.record(tokenEntry(who, action, tokenId, detail), at);
  }

  list(limit = 200): Promise<StoredAuditEntry[]> {
    return this.search({ limit });
  }

  /**
   * Newest first. Every filter is optional: `actor` and `action` match exactly (an `action` ending
   * in `.` matches the prefix, e.g. `thread.`, ignoring case as SQLite's LIKE does), `before` is an
   * id for paging.
   */
  async search(filter: AuditFilter = {}): Promise<StoredAuditEntry[]> {
    const where: string[] = [];
    const args: Array<string | number> = [];
    const param = (value: string | number) => {
      args.push(value);
      return `$${args.length}`;
    };
    if (filter.actor) where.push(`actor = ${param(filter.actor)}`);
    if (filter.action) {
      if (filter.action.endsWith('.')) {
        where.push(`action ILIKE ${param(actionPrefixPattern(filter.action))} ESCAPE '\\'`);
      } else {
        where.push(`action = ${param(filter.action)}`);
      }
    }
    if (filter.targetType) where.push(`target_type = ${param(filter.targetType)}`);
    if (filter.targetId) where.push(`target_id = ${param(filter.targetId)}`);
    if (filter.from !== undefined) where.push(`at >= ${param(filter.from)}`);
    if (filter.to !== undefined) where.push(`at < ${param(filter.to)}`);
    if (filter.before !== undefined) where.push(`id < ${param(filter.before)}`);
    const limit = param(filter.limit ?? 200);
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`;
    const { rows } = await this.pool.query<AuditRow>(sql, args);
    return rows.map(toStoredAuditEntry);
  }
}
