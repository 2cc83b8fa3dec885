import { escalationPriority, moreUrgent, type EscalationRoute } from '../escalation/escalation-priority';
import type { Db } from './open-database';

export interface Escalation {
  id: number;
  conversationId: number;
  route: EscalationRoute;
  intent: string;
  priority: number;
  status: 'open' | 'resolved';
  createdAt: number;
  updatedAt: number;
  resolvedAt: number | null;
  resolvedBy: string | null;
}

interface Row {
  id: number;
  conversation_id: number;
  route: EscalationRoute;
  intent: string;
  priority: number;
  status: 'open' | 'resolved';
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
  resolved_by: string | null;
}

function toEscalation(row: Row): Escalation {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    route: row.route,
    intent: row.intent,
    priority: row.priority,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
  };
}

/** The staff queue: at most one open item per conversation, raised to the most urgent route seen. */
export class EscalationRepo {
  constructor(private readonly db: Db) {}

  /**
   * Opens an item for the conversation, or raises the open one. `sourceKey` (the inbound event) makes a
   * replayed turn a no-op. Returns the item and whether it was created.
   */
  openOrRaise(input: { conversationId: number; sourceKey: string; route: EscalationRoute; intent: string; at: number }): {
    escalation: Escalation;
    created: boolean;
  } {
    return this.db.transaction(() => {
      const existing = this.openForConversation(input.conversationId);
      if (existing) {
        const route = moreUrgent(existing.route, input.route);
        if (route !== existing.route) {
          this.db
            .prepare('UPDATE escalations SET route = ?, intent = ?, priority = ?, updated_at = ? WHERE id = ?')
            .run(route, input.intent, escalationPriority(route), input.at, existing.id);
        } else {
          this.db.prepare('UPDATE escalations SET updated_at = ? WHERE id = ?').run(input.at, existing.id);
        }
        return { escalation: this.get(existing.id) as Escalation, created: false };
      }
      const replayed = this.db.prepare('SELECT * FROM escalations WHERE source_key = ?').get(input.sourceKey) as Row | undefined;
      if (replayed) return { escalation: toEscalation(replayed), created: false };
      const result = this.db
        .prepare(
          `INSERT INTO escalations (conversation_id, source_key, route, intent, priority, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'open', ?, ?)`,
        )
        .run(input.conversationId, input.sourceKey, input.route, input.intent, escalationPriority(input.route), input.at, input.at);
      return { escalation: this.get(Number(result.lastInsertRowid)) as Escalation, created: true };
    })();
  }

  get(id: number): Escalation | undefined {
    const row = this.db.prepare('SELECT * FROM escalations WHERE id = ?').get(id) as Row | undefined;
    return row && toEscalation(row);
  }

  openForConversation(conversationId: number): Escalation | undefined {
    const row = this.db
      .prepare(`SELECT * FROM escalations WHERE conversation_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1`)
      .get(conversationId) as Row | undefined;
    return row && toEscalation(row);
  }

  /** Open items, most urgent first, then oldest first. */
  listOpen(limit = 500): Escalation[] {
    return (
      this.db
        .prepare(`SELECT * FROM escalations WHERE status = 'open' ORDER BY priority, created_at, id LIMIT ?`)
        .all(limit) as Row[]
    ).map(toEscalation);
  }

  resolve(id: number, actor: string, at: number): boolean {
    const result = this.db
      .prepare(`UPDATE escalations SET status = 'resolved', resolved_at = ?, resolved_by = ?, updated_at = ? WHERE id = ? AND status = 'open'`)
      .run(at, actor, at, id);
    return result.changes === 1;
  }
}
