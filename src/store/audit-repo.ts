import type { Db } from './open-database';

export interface AuditEntry {
  actor: string;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  /** Our own ids and names only: never a patient's text. */
  detail?: Record<string, unknown>;
}

/** Append-only audit trail (triggers in the schema refuse UPDATE and DELETE). */
export class AuditRepo {
  constructor(private readonly db: Db) {}

  record(entry: AuditEntry, at = Date.now()): void {
    this.db
      .prepare('INSERT INTO audit_log (at, actor, action, target_type, target_id, ip, detail_json) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(at, entry.actor, entry.action, entry.targetType ?? null, entry.targetId ?? null, entry.ip ?? null, entry.detail ? JSON.stringify(entry.detail) : null);
  }

  list(limit = 200): Array<AuditEntry & { id: number; at: number }> {
    const rows = this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as Array<{
      id: number;
      at: number;
      actor: string;
      action: string;
      target_type: string | null;
      target_id: string | null;
      ip: string | null;
      detail_json: string | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      targetType: r.target_type ?? undefined,
      targetId: r.target_id ?? undefined,
      ip: r.ip ?? undefined,
      detail: r.detail_json ? (JSON.parse(r.detail_json) as Record<string, unknown>) : undefined,
    }));
  }
}
