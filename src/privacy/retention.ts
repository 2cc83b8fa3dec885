import type { Store } from '../store/store';
import { purgeConversation } from './purge-conversation';

export const RETENTION_ACTOR = 'system:retention';
const DAY_MS = 24 * 3_600_000;

export interface ExpiredConversation {
  conversationId: number;
  channel: string;
  /** The conversation's last message, note or queue change. */
  lastActivityAt: number;
  messages: number;
  notes: number;
}

/**
 * Conversations whose text the retention policy removes: nothing open (no open queue item, no
 * message waiting to be delivered), no activity (message, note, queue change) for `days`, and text
 * or notes still held.
 */
export function findExpired(store: Store, now: number, days: number): ExpiredConversation[] {
  const cutoff = now - days * DAY_MS;
  const rows = store.db
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
    .all(cutoff) as Array<{ id: number; channel: string; last_activity: number; messages: number; notes: number }>;
  return rows.map((r) => ({
    conversationId: r.id,
    channel: r.channel,
    lastActivityAt: r.last_activity,
    messages: r.messages,
    notes: r.notes,
  }));
}

/**
 * Applies the retention policy: for each expired conversation, removes message text and notes and
 * writes an audit row saying so (counts only). Conversation, contact and queue rows stay, so a
 * patient who writes again is recognised and reports keep their numbers.
 */
export function purgeExpired(store: Store, now: number, days: number): ExpiredConversation[] {
  const expired = findExpired(store, now, days);
  for (const item of expired) {
    store.db.transaction(() => {
      const counts = purgeConversation(store, item.conversationId, 'rows');
      store.db.prepare('UPDATE conversations SET purged_at = ? WHERE id = ?').run(now, item.conversationId);
      store.audit.record(
        {
          actor: RETENTION_ACTOR,
          action: 'retention.purge',
          targetType: 'conversation',
          targetId: String(item.conversationId),
          detail: { retentionDays: days, lastActivityAt: new Date(item.lastActivityAt).toISOString(), ...counts },
        },
        now,
      );
    })();
  }
  return expired;
}
