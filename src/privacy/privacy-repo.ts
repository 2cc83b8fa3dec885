import type { Db } from '../store/open-database';
import type { SqliteConnection } from '../store/sqlite-connection';

/** A conversation the retention policy would purge, with what it still holds. */
export interface ExpiredConversation {
  conversationId: number;
  channel: string;
  /** The conversation's last message, note or queue change. */
  lastActivityAt: number;
  messages: number;
  notes: number;
}

/** A row of the expired-conversations query, as both stores return it. */
export interface ExpiredRow {
  id: number;
  channel: string;
  last_activity: number;
  messages: number;
  notes: number;
}

export const toExpiredConversation = (r: ExpiredRow): ExpiredConversation => ({
  conversationId: r.id,
  channel: r.channel,
  lastActivityAt: r.last_activity,
  messages: r.messages,
  notes: r.notes,
});

export const ids = (rows: Array<{ id: number }>) => rows.map((r) => r.id);

/** What patients' data requests and the retention policy read and remove. */
export interface PrivacyRepo {
  hasMessageWithIntent(conversationId: number, intent: string): Promise<boolean>;
  /** Every conversation of one contact (one patient on one channel), oldest first. */
  conversationIdsOfContact(contactId: number): Promise<number[]>;
  /** Messages in a conversation that still hold text. */
  countMessagesWithText(conversationId: number): Promise<number>;
  countNotes(conversationId: number): Promise<number>;
  /** When the latest of these conversations was erased, or null when none was. */
  lastErasedAt(conversationIds: readonly number[]): Promise<number | null>;
  /** Every queue item of a conversation, oldest first. */
  escalationIdsOfConversation(conversationId: number): Promise<number[]>;
  /** Marks a conversation erased and replaces its stored reference; the fallback streak restarts and its language is forgotten. */
  markErased(conversationId: number, at: number, reference: Record<string, unknown>): Promise<void>;
  markPurged(conversationId: number, at: number): Promise<void>;
  /**
   * Blanks the raw copies of a conversation's messages: processed inbox payloads (kept only for
   * deduplication) and the payloads of outbox rows that are no longer waiting to be sent.
   */
  blankRawCopies(conversationId: number, channel: string): Promise<void>;
  /** Blanks the text and quick replies of a conversation's messages, keeping the rows; returns how many changed. */
  blankMessages(conversationId: number): Promise<number>;
  /**
   * After a purge has committed: leaves the removed text readable nowhere in the database's files
   * (the search index's old segments merged away, freed pages zeroed, the write-ahead log emptied).
   * Outside any transaction.
   */
  scrubRemovedText(): Promise<void>;
  /**
   * Deletes a conversation's messages, except those a message still waiting in the outbox points
   * to (finished outbox rows let go of theirs first); returns how many were deleted.
   */
  deleteMessages(conversationId: number): Promise<number>;
  /** Deletes a conversation's internal notes; returns how many. */
  deleteNotes(conversationId: number): Promise<number>;
  clearSummaries(conversationId: number): Promise<void>;
  /**
   * Conversations with nothing open (no open queue item, no message waiting to be delivered), no
   * activity (message, note, queue change) since `cutoff`, and text, notes, flow state or request
   * summaries still held; oldest first.
   */
  expiredSince(cutoff: number): Promise<ExpiredConversation[]>;
}

/** PrivacyRepo on SQLite. */
export class SqlitePrivacyRepo implements PrivacyRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  hasMessageWithIntent(conversationId: number, intent: string): Promise<boolean> {
    return this.sql.run(() => {
      return (
        this.db.prepare('SELECT 1 FROM messages WHERE conversation_id = ? AND intent = ? LIMIT 1').get(conversationId, intent) !== undefined
      );
    });
  }

  /** Every conversation of one contact (one patient on one channel), oldest first. */
  conversationIdsOfContact(contactId: number): Promise<number[]> {
    return this.sql.run(() => {
      return ids(this.db.prepare('SELECT id FROM conversations WHERE contact_id = ? ORDER BY id').all(contactId) as Array<{ id: number }>);
    });
  }

  /** Messages in a conversation that still hold text. */
  countMessagesWithText(conversationId: number): Promise<number> {
    return this.sql.run(() => {
      return (
        this.db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND text <> ''`).get(conversationId) as { n: number }
      ).n;
    });
  }

  countNotes(conversationId: number): Promise<number> {
    return this.sql.run(() => {
      return (this.db.prepare('SELECT COUNT(*) AS n FROM escalation_notes WHERE conversation_id = ?').get(conversationId) as { n: number })
        .n;
    });
  }

  /** When the latest of these conversations was erased, or null when none was. */
  lastErasedAt(conversationIds: readonly number[]): Promise<number | null> {
    return this.sql.run(() => {
      const row = this.db
        .prepare(`SELECT MAX(erased_at) AS at FROM conversations WHERE id IN (${conversationIds.map(() => '?').join(',')})`)
        .get(...conversationIds) as { at: number | null };
      return row.at;
    });
  }

  /** Every queue item of a conversation, oldest first. */
  escalationIdsOfConversation(conversationId: number): Promise<number[]> {
    return this.sql.run(() => {
      return ids(
        this.db.prepare('SELECT id FROM escalations WHERE conversation_id = ? ORDER BY id').all(conversationId) as Array<{ id: number }>,
      );
    });
  }

  /** Marks a conversation erased and replaces its stored reference; the fallback streak restarts and its language is forgotten. */
  markErased(conversationId: number, at: number, reference: Record<string, unknown>): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare(
          'UPDATE conversations SET erased_at = ?, reference_json = ?, fallback_streak = 0, language = NULL, language_chosen = 0 WHERE id = ?',
        )
        .run(at, JSON.stringify(reference), conversationId);
    });
  }

  markPurged(conversationId: number, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE conversations SET purged_at = ? WHERE id = ?').run(at, conversationId);
    });
  }

  /**
   * Blanks the raw copies of a conversation's messages: processed inbox payloads (kept only for
   * deduplication) and the payloads of outbox rows that are no longer waiting to be sent.
   */
  blankRawCopies(conversationId: number, channel: string): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare(
          `UPDATE inbox SET payload_json = 'null' WHERE channel = ? AND processed_at IS NOT NULL
       AND event_id IN (SELECT platform_message_id FROM messages WHERE conversation_id = ? AND direction = 'in' AND platform_message_id IS NOT NULL)`,
        )
        .run(channel, conversationId);
      this.db
        .prepare(`UPDATE outbox SET payload_json = '{}' WHERE conversation_id = ? AND status NOT IN ('pending', 'sending')`)
        .run(conversationId);
    });
  }

  /** Blanks the text and quick replies of a conversation's messages, keeping the rows; returns how many changed. */
  blankMessages(conversationId: number): Promise<number> {
    return this.sql.run(() => {
      // A photo is as much the patient's data as their words: its bytes go with the text.
      this.db.prepare('DELETE FROM attachments WHERE conversation_id = ?').run(conversationId);
      return this.db
        .prepare(
          `UPDATE messages SET text = '', quick_replies_json = NULL WHERE conversation_id = ? AND (text <> '' OR quick_replies_json IS NOT NULL)`,
        )
        .run(conversationId).changes;
    });
  }

  scrubRemovedText(): Promise<void> {
    return this.sql.run(() => {
      // secure_delete (set when the database opens) zeroes the pages these free.
      this.db.prepare(`INSERT INTO messages_fts (messages_fts) VALUES ('optimize')`).run();
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    });
  }

  /**
   * Deletes a conversation's messages, except those a message still waiting in the outbox points
   * to (finished outbox rows let go of theirs first); returns how many were deleted.
   */
  deleteMessages(conversationId: number): Promise<number> {
    return this.sql.run(() => {
      this.db.prepare('DELETE FROM attachments WHERE conversation_id = ?').run(conversationId);
      this.db
        .prepare(`UPDATE outbox SET message_id = NULL WHERE conversation_id = ? AND status NOT IN ('pending', 'sending')`)
        .run(conversationId);
      return this.db
        .prepare(`DELETE FROM messages WHERE conversation_id = ? AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = messages.id)`)
        .run(conversationId).changes;
    });
  }

  /** Deletes a conversation's internal notes; returns how many. */
  deleteNotes(conversationId: number): Promise<number> {
    return this.sql.run(() => {
      // Notes are append-only for people; the schema lets only a purge in progress delete them.
      this.db.prepare('INSERT OR IGNORE INTO purge_in_progress (conversation_id) VALUES (?)').run(conversationId);
      const notes = this.db.prepare('DELETE FROM escalation_notes WHERE conversation_id = ?').run(conversationId).changes;
      this.db.prepare('DELETE FROM purge_in_progress WHERE conversation_id = ?').run(conversationId);
      return notes;
    });
  }

  clearSummaries(conversationId: number): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE escalations SET summary = NULL WHERE conversation_id = ?').run(conversationId);
    });
  }

  /**
   * Conversations with nothing open (no open queue item, no message waiting to be delivered), no
   * activity (message, note, queue change) since `cutoff`, and text, notes, flow state or request
   * summaries still held; oldest first.
   */
  expiredSince(cutoff: number): Promise<ExpiredConversation[]> {
    return this.sql.run(() => {
      const rows = this.db
        .prepare(
          `SELECT id, channel, last_activity, messages, notes FROM (
         SELECT c.id, c.channel,
           MAX(c.created_at, COALESCE(c.last_inbound_at, 0), COALESCE(c.last_outbound_at, 0),
               COALESCE((SELECT MAX(created_at) FROM messages m WHERE m.conversation_id = c.id), 0),
               COALESCE((SELECT MAX(created_at) FROM escalation_notes n WHERE n.conversation_id = c.id), 0),
               COALESCE((SELECT MAX(updated_at) FROM escalations e WHERE e.conversation_id = c.id), 0)) AS last_activity,
           (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND (m.text <> '' OR m.quick_replies_json IS NOT NULL)) AS messages,
           (SELECT COUNT(*) FROM escalation_notes n WHERE n.conversation_id = c.id) AS notes,
           c.flow_json,
           (SELECT COUNT(*) FROM escalations e WHERE e.conversation_id = c.id AND e.summary IS NOT NULL) AS summaries
         FROM conversations c
         WHERE NOT EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = c.id AND e.status = 'open')
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_id = c.id AND o.status IN ('pending', 'sending'))
       )
       WHERE last_activity < ? AND (messages > 0 OR notes > 0 OR flow_json IS NOT NULL OR summaries > 0)
       ORDER BY id`,
        )
        .all(cutoff) as ExpiredRow[];
      return rows.map(toExpiredConversation);
    });
  }
}
