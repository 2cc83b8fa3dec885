import type { PostgresPool } from '../store/postgres/postgres-pool';
import { ids, toExpiredConversation, type ExpiredConversation, type ExpiredRow, type PrivacyRepo } from './privacy-repo';

/** PrivacyRepo on PostgreSQL. */
export class PostgresPrivacyRepo implements PrivacyRepo {
  constructor(private readonly pool: PostgresPool) {}

  async hasMessageWithIntent(conversationId: number, intent: string): Promise<boolean> {
    const { rows } = await this.pool.query('SELECT 1 FROM messages WHERE conversation_id = $1 AND intent = $2 LIMIT 1', [
      conversationId,
      intent,
    ]);
    return rows.length > 0;
  }

  /** Every conversation of one contact (one patient on one channel), oldest first. */
  async conversationIdsOfContact(contactId: number): Promise<number[]> {
    return ids((await this.pool.query<{ id: number }>('SELECT id FROM conversations WHERE contact_id = $1 ORDER BY id', [contactId])).rows);
  }

  /** Messages in a conversation that still hold text. */
  async countMessagesWithText(conversationId: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(`SELECT COUNT(*) AS n FROM messages WHERE conversation_id = $1 AND text <> ''`, [
      conversationId,
    ]);
    return rows[0]!.n;
  }

  async countNotes(conversationId: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM escalation_notes WHERE conversation_id = $1', [
      conversationId,
    ]);
    return rows[0]!.n;
  }

  /** When the latest of these conversations was erased, or null when none was. */
  async lastErasedAt(conversationIds: readonly number[]): Promise<number | null> {
    const { rows } = await this.pool.query<{ at: number | null }>(
      'SELECT MAX(erased_at) AS at FROM conversations WHERE id = ANY($1::bigint[])',
      [[...conversationIds]],
    );
    return rows[0]!.at;
  }

  /** Every queue item of a conversation, oldest first. */
  async escalationIdsOfConversation(conversationId: number): Promise<number[]> {
    return ids(
      (await this.pool.query<{ id: number }>('SELECT id FROM escalations WHERE conversation_id = $1 ORDER BY id', [conversationId])).rows,
    );
  }

  /** Marks a conversation erased and replaces its stored reference; the fallback streak restarts and its language is forgotten. */
  async markErased(conversationId: number, at: number, reference: Record<string, unknown>): Promise<void> {
    await this.pool.query(
      'UPDATE conversations SET erased_at = $1, reference_json = $2, fallback_streak = 0, language = NULL, language_chosen = 0 WHERE id = $3',
      [at, JSON.stringify(reference), conversationId],
    );
  }

  async markPurged(conversationId: number, at: number): Promise<void> {
    await this.pool.query('UPDATE conversations SET purged_at = $1 WHERE id = $2', [at, conversationId]);
  }

  /**
   * Blanks the raw copies of a conversation's messages: processed inbox payloads (kept only for
   * deduplication) and the payloads of outbox rows that are no longer waiting to be sent.
   */
  blankRawCopies(conversationId: number, channel: string): Promise<void> {
    return this.pool.withTransaction(async (tx) => {
      await tx.query(
        `UPDATE inbox SET payload_json = 'null' WHERE channel = $1 AND processed_at IS NOT NULL
         AND event_id IN (SELECT platform_message_id FROM messages WHERE conversation_id = $2 AND direction = 'in' AND platform_message_id IS NOT NULL)`,
        [channel, conversationId],
      );
      await tx.query(`UPDATE outbox SET payload_json = '{}' WHERE conversation_id = $1 AND status NOT IN ('pending', 'sending')`, [
        conversationId,
      ]);
    });
  }

  /** Blanks the text and quick replies of a conversation's messages, keeping the rows; returns how many changed. */
  async blankMessages(conversationId: number): Promise<number> {
    // A photo is as much the patient's data as their words: its bytes go with the text.
    await this.pool.query('DELETE FROM attachments WHERE conversation_id = $1', [conversationId]);
    const result = await this.pool.query(
      `UPDATE messages SET text = '', quick_replies_json = NULL WHERE conversation_id = $1 AND (text <> '' OR quick_replies_json IS NOT NULL)`,
      [conversationId],
    );
    return result.rowCount ?? 0;
  }

  /** Vacuum makes the dead rows' space reusable; PostgreSQL overwrites it as new rows arrive. */
  async scrubRemovedText(): Promise<void> {
    await this.pool.query('VACUUM messages, attachments, escalation_notes, escalations, inbox, outbox');
  }

  /**
   * Deletes a conversation's messages, except those a message still waiting in the outbox points
   * to (finished outbox rows let go of theirs first); returns how many were deleted.
   */
  deleteMessages(conversationId: number): Promise<number> {
    return this.pool.withTransaction(async (tx) => {
      await tx.query('DELETE FROM attachments WHERE conversation_id = $1', [conversationId]);
      await tx.query(`UPDATE outbox SET message_id = NULL WHERE conversation_id = $1 AND status NOT IN ('pending', 'sending')`, [
        conversationId,
      ]);
      const result = await tx.query(
        `DELETE FROM messages WHERE conversation_id = $1 AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = messages.id)`,
        [conversationId],
      );
      return result.rowCount ?? 0;
    });
  }

  /**
   * Deletes a conversation's internal notes; returns how many. Notes are append-only for people;
   * the schema lets only a purge in progress delete them, and the marker never outlives this
   * transaction.
   */
  deleteNotes(conversationId: number): Promise<number> {
    return this.pool.withTransaction(async (tx) => {
      await tx.query('INSERT INTO purge_in_progress (conversation_id) VALUES ($1) ON CONFLICT DO NOTHING', [conversationId]);
      const result = await tx.query('DELETE FROM escalation_notes WHERE conversation_id = $1', [conversationId]);
      await tx.query('DELETE FROM purge_in_progress WHERE conversation_id = $1', [conversationId]);
      return result.rowCount ?? 0;
    });
  }

  async clearSummaries(conversationId: number): Promise<void> {
    await this.pool.query('UPDATE escalations SET summary = NULL WHERE conversation_id = $1', [conversationId]);
  }

  /**
   * Conversations with nothing open (no open queue item, no message waiting to be delivered), no
   * activity (message, note, queue change) since `cutoff`, and text, notes, flow state or request
   * summaries still held; oldest first.
   */
  async expiredSince(cutoff: number): Promise<ExpiredConversation[]> {
    const { rows } = await this.pool.query<ExpiredRow>(
      `SELECT id, channel, last_activity, messages, notes FROM (
         SELECT c.id, c.channel,
           GREATEST(c.created_at, COALESCE(c.last_inbound_at, 0), COALESCE(c.last_outbound_at, 0),
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
       ) AS activity
       WHERE last_activity < $1 AND (messages > 0 OR notes > 0 OR flow_json IS NOT NULL OR summaries > 0)
       ORDER BY id`,
      [cutoff],
    );
    return rows.map(toExpiredConversation);
  }
}
