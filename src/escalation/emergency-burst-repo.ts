import type { Db } from '../store/open-database';
import type { SqliteConnection } from '../store/sqlite-connection';

/**
 * Emergencies from one source (a web chat address) in a short window, collapsed into one queue item
 * with a count: every message still got its 911/988 reply, but staff get one item and one alert
 * instead of one per script-made session.
 */
export interface EmergencyBurst {
  escalationId: number;
  /** Emergency messages counted into the item, the first one included. */
  messages: number;
  /** The conversations they came from, oldest first (the item's own first). */
  conversationIds: number[];
  firstAt: number;
  lastAt: number;
}

/** A row of `emergency_bursts`, with its members as both stores read them. */
export interface EmergencyBurstRow {
  escalation_id: number;
  first_at: number;
  last_at: number;
  messages: number;
}

export function toBurst(row: EmergencyBurstRow, conversationIds: number[]): EmergencyBurst {
  return { escalationId: row.escalation_id, messages: row.messages, conversationIds, firstAt: row.first_at, lastAt: row.last_at };
}

/** The open burst item of a source that started at or after `since` (both stores' text, positional placeholders). */
export const OPEN_BURST_SQL = (p: (n: number) => string) =>
  `SELECT b.escalation_id FROM emergency_bursts b JOIN escalations e ON e.id = b.escalation_id
   WHERE b.source_key = ${p(1)} AND b.first_at >= ${p(2)} AND e.status = 'open' ORDER BY b.first_at DESC LIMIT 1`;

export interface EmergencyBurstRepo {
  /** Marks a new emergency item as the one its source's later emergencies in the window join. */
  start(escalationId: number, sourceKey: string, conversationId: number, at: number): Promise<void>;
  /**
   * Counts an emergency into the source's open item that started at or after `since`, from another
   * conversation; returns that item's id, or undefined when there is none (the caller opens one).
   */
  join(sourceKey: string, since: number, conversationId: number, at: number): Promise<number | undefined>;
  get(escalationId: number): Promise<EmergencyBurst | undefined>;
}

/** EmergencyBurstRepo on SQLite. */
export class SqliteEmergencyBurstRepo implements EmergencyBurstRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  start(escalationId: number, sourceKey: string, conversationId: number, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare('INSERT INTO emergency_bursts (escalation_id, source_key, first_at, last_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(escalationId, sourceKey, at, at);
      this.db
        .prepare('INSERT INTO emergency_burst_members (escalation_id, conversation_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
        .run(escalationId, conversationId, at);
    });
  }

  join(sourceKey: string, since: number, conversationId: number, at: number): Promise<number | undefined> {
    return this.sql.run(() => {
      return this.db.transaction(() => {
        const open = this.db.prepare(OPEN_BURST_SQL(() => '?')).get(sourceKey, since) as { escalation_id: number } | undefined;
        if (!open) return undefined;
        const own = this.db.prepare('SELECT conversation_id FROM escalations WHERE id = ?').get(open.escalation_id) as {
          conversation_id: number;
        };
        if (own.conversation_id === conversationId) return undefined;
        this.db
          .prepare('UPDATE emergency_bursts SET messages = messages + 1, last_at = ? WHERE escalation_id = ?')
          .run(at, open.escalation_id);
        this.db
          .prepare('INSERT INTO emergency_burst_members (escalation_id, conversation_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
          .run(open.escalation_id, conversationId, at);
        this.db.prepare('UPDATE escalations SET updated_at = ? WHERE id = ?').run(at, open.escalation_id);
        return open.escalation_id;
      })();
    });
  }

  get(escalationId: number): Promise<EmergencyBurst | undefined> {
    return this.sql.run(() => {
      const row = this.db.prepare('SELECT * FROM emergency_bursts WHERE escalation_id = ?').get(escalationId) as
        EmergencyBurstRow | undefined;
      if (!row) return undefined;
      const members = this.db
        .prepare('SELECT conversation_id FROM emergency_burst_members WHERE escalation_id = ? ORDER BY at, conversation_id')
        .all(escalationId) as Array<{ conversation_id: number }>;
      return toBurst(
        row,
        members.map((m) => m.conversation_id),
      );
    });
  }
}
