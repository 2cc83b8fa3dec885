import type { Db } from '../store/open-database';
import type { SqliteConnection } from '../store/sqlite-connection';

export interface AuditEntry {
  actor: string;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  /** Our own ids and names only: never a patient's text. */
  detail?: Record<string, unknown>;
}

export interface StoredAuditEntry extends AuditEntry {
  id: number;
  at: number;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: number;
  to?: number;
  before?: number;
  limit?: number;
}

/** Who did it, and from which address when it came over HTTP. */
export interface Who {
  actor: string;
  ip?: string | undefined;
}

function ipOf(who: Who): { ip?: string } {
  return who.ip !== undefined ? { ip: who.ip } : {};
}

/** A row of `audit_log`, as both stores read it. */
export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  detail_json: string | null;
}

export function toStoredAuditEntry(r: AuditRow): StoredAuditEntry {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    targetType: r.target_type ?? undefined,
    targetId: r.target_id ?? undefined,
    ip: r.ip ?? undefined,
    detail: r.detail_json ? (JSON.parse(r.detail_json) as Record<string, unknown>) : undefined,
  };
}

/** The values of an `audit_log` INSERT, in the column order (at, actor, action, target_type, target_id, ip, detail_json). */
export function auditValues(entry: AuditEntry, at: number): Array<string | number | null> {
  return [
    at,
    entry.actor,
    entry.action,
    entry.targetType ?? null,
    entry.targetId ?? null,
    entry.ip ?? null,
    entry.detail ? JSON.stringify(entry.detail) : null,
  ];
}

/** The entry for something a person did to a thread. */
export function threadEntry(who: Who, action: string, escalationId: number, detail?: Record<string, unknown>): AuditEntry {
  return {
    actor: who.actor,
    action,
    targetType: 'escalation',
    targetId: String(escalationId),
    ...ipOf(who),
    ...(detail ? { detail } : {}),
  };
}

/** The entry for something that happened to a staff account (no target when `userId` is unknown). */
export function userEntry(who: Who, action: string, userId: number | null | undefined, detail?: Record<string, unknown>): AuditEntry {
  return {
    actor: who.actor,
    action,
    ...(userId != null ? { targetType: 'user', targetId: String(userId) } : {}),
    ...ipOf(who),
    ...(detail ? { detail } : {}),
  };
}

/** The entry for something that happened to an API token. */
export function tokenEntry(who: Who, action: string, tokenId: number, detail?: Record<string, unknown>): AuditEntry {
  return { actor: who.actor, action, targetType: 'api_token', targetId: String(tokenId), ...ipOf(who), ...(detail ? { detail } : {}) };
}

/** The LIKE pattern (with ESCAPE '\\') for actions starting with `prefix` literally: its wildcards and backslashes escaped. */
export function actionPrefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Append-only audit trail (triggers in the schema refuse UPDATE and DELETE). */
export interface AuditRepo {
  record(entry: AuditEntry, at?: number): Promise<void>;
  /** Something a person did to a thread (view, export, claim, reply, note, resolve…). */
  thread(who: Who, action: string, escalationId: number, at: number, detail?: Record<string, unknown>): Promise<void>;
  /** Something that happened to a staff account (sign-in, sign-out, password, role). */
  user(who: Who, action: string, userId: number | null | undefined, at: number, detail?: Record<string, unknown>): Promise<void>;
  /** Something that happened to an API token. */
  token(who: Who, action: string, tokenId: number, at: number, detail?: Record<string, unknown>): Promise<void>;
  list(limit?: number): Promise<StoredAuditEntry[]>;
  /**
   * Newest first. Every filter is optional: `actor` and `action` match exactly (an `action` ending
   * in `.` matches the prefix, e.g. `thread.`), `before` is an id for paging.
   */
  search(filter?: AuditFilter): Promise<StoredAuditEntry[]>;
}

/** AuditRepo on SQLite. */
export class SqliteAuditRepo implements AuditRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  record(entry: AuditEntry, at = Date.now()): Promise<void> {
    return this.sql.run(() => this.recordSync(entry, at));
  }

  private recordSync(entry: AuditEntry, at = Date.now()): void {
    this.db
      .prepare('INSERT INTO audit_log (at, actor, action, target_type, target_id, ip, detail_json) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(...auditValues(entry, at));
  }

  /** Something a person did to a thread (view, export, claim, reply, note, resolve…). */
  thread(who: Who, action: string, escalationId: number, at: number, detail?: Record<string, unknown>): Promise<void> {
    return this.sql.run(() => {
      this.recordSync(threadEntry(who, action, escalationId, detail), at);
    });
  }

  /** Something that happened to a staff account (sign-in, sign-out, password, role). */
  user(who: Who, action: string, userId: number | null | undefined, at: number, detail?: Record<string, unknown>): Promise<void> {
    return this.sql.run(() => {
      this.recordSync(userEntry(who, action, userId, detail), at);
    });
  }

  /** Something that happened to an API token. */
  token(who: Who, action: string, tokenId: number, at: number, detail?: Record<string, unknown>): Promise<void> {
    return this.sql.run(() => {
      this.recordSync(tokenEntry(who, action, tokenId, detail), at);
    });
  }

  list(limit = 200): Promise<StoredAuditEntry[]> {
    return this.sql.run(() => {
      return this.searchSync({ limit });
    });
  }

  /**
   * Newest first. Every filter is optional: `actor` and `action` match exactly (an `action` ending
   * in `.` matches the prefix, e.g. `thread.`), `before` is an id for paging.
   */
  search(filter: AuditFilter = {}): Promise<StoredAuditEntry[]> {
    return this.sql.run(() => this.searchSync(filter));
  }

  private searchSync(filter: AuditFilter = {}): StoredAuditEntry[] {
    const where: string[] = [];
    const args: Array<string | number> = [];
    if (filter.actor) {
      where.push('actor = ?');
      args.push(filter.actor);
    }
    if (filter.action) {
      if (filter.action.endsWith('.')) {
        where.push("action LIKE ? ESCAPE '\\'");
        args.push(actionPrefixPattern(filter.action));
      } else {
        where.push('action = ?');
        args.push(filter.action);
      }
    }
    if (filter.targetType) {
      where.push('target_type = ?');
      args.push(filter.targetType);
    }
    if (filter.targetId) {
      where.push('target_id = ?');
      args.push(filter.targetId);
    }
    if (filter.from !== undefined) {
      where.push('at >= ?');
      args.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('at < ?');
      args.push(filter.to);
    }
    if (filter.before !== undefined) {
      where.push('id < ?');
      args.push(filter.before);
    }
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, filter.limit ?? 200) as AuditRow[];
    return rows.map(toStoredAuditEntry);
  }
}
