import type { Store } from '../store/store';

export interface PurgeCounts {
  messages: number;
  notes: number;
}

/**
 * Removes what patients and staff wrote in one conversation: message text (`keep: 'rows'` blanks it
 * and keeps each row's time, direction and route; `keep: 'nothing'` deletes the rows), internal
 * notes, the guided-flow state, request summaries, and the raw copies in the inbox and in finished
 * outbox rows. Call inside a transaction. Audit rows are untouched: they never hold message text.
 */
export function purgeConversation(store: Store, conversationId: number, keep: 'rows' | 'nothing'): PurgeCounts {
  const { db } = store;
  const conversation = store.conversations.get(conversationId);
  if (!conversation) return { messages: 0, notes: 0 };
  // Raw webhook payloads carry the patient's words; processed ones are kept only for deduplication.
  db.prepare(
    `UPDATE inbox SET payload_json = 'null' WHERE channel = ? AND processed_at IS NOT NULL
       AND event_id IN (SELECT platform_message_id FROM messages WHERE conversation_id = ? AND direction = 'in' AND platform_message_id IS NOT NULL)`,
  ).run(conversation.channel, conversationId);
  db.prepare(`UPDATE outbox SET payload_json = '{}' WHERE conversation_id = ? AND status NOT IN ('pending', 'sending')`).run(
    conversationId,
  );
  let messages: number;
  if (keep === 'rows') {
    messages = db
      .prepare(
        `UPDATE messages SET text = '', quick_replies_json = NULL WHERE conversation_id = ? AND (text <> '' OR quick_replies_json IS NOT NULL)`,
      )
      .run(conversationId).changes;
  } else {
    db.prepare(`UPDATE outbox SET message_id = NULL WHERE conversation_id = ? AND status NOT IN ('pending', 'sending')`).run(
      conversationId,
    );
    messages = db
      .prepare(`DELETE FROM messages WHERE conversation_id = ? AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = messages.id)`)
      .run(conversationId).changes;
  }
  // Notes are append-only for people; the schema lets only a purge in progress delete them.
  db.prepare('INSERT OR IGNORE INTO purge_in_progress (conversation_id) VALUES (?)').run(conversationId);
  const notes = db.prepare('DELETE FROM escalation_notes WHERE conversation_id = ?').run(conversationId).changes;
  db.prepare('DELETE FROM purge_in_progress WHERE conversation_id = ?').run(conversationId);
  db.prepare('UPDATE escalations SET summary = NULL WHERE conversation_id = ?').run(conversationId);
  db.prepare('UPDATE conversations SET flow_json = NULL WHERE id = ?').run(conversationId);
  return { messages, notes };
}
