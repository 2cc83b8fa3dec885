import type { DeliveryResult } from '../conversation/outbox/delivery';
import type { OutboxItem } from '../conversation/outbox/outbox-repo';
import { countSend, observeReplyLatency } from '../platform/metrics';
import type { Store } from '../store/store';

/**
 * Counts one delivery attempt, and when it delivered the first reply to a patient's message,
 * observes how long the patient waited: from their message being stored in the inbox to now.
 */
export function recordDelivery(store: Store, item: OutboxItem, result: DeliveryResult, willRetry: boolean, at: number): void {
  countSend(item.channel, result, willRetry);
  if (!result.ok || item.messageId === null) return;
  try {
    const row = store.db
      .prepare(
        `SELECT m.author, i.id AS inbound_id, i.platform_message_id AS event_id
         FROM messages m JOIN messages i ON i.id = (
           SELECT MAX(id) FROM messages p WHERE p.conversation_id = m.conversation_id AND p.direction = 'in' AND p.id < m.id)
         WHERE m.id = ?`,
      )
      .get(item.messageId) as { author: string; inbound_id: number; event_id: string | null } | undefined;
    if (!row || row.event_id === null) return;
    const answeredBefore = store.db
      .prepare(`SELECT 1 FROM messages WHERE conversation_id = ? AND direction = 'out' AND id > ? AND id <> ? AND status = 'sent' LIMIT 1`)
      .get(item.conversationId, row.inbound_id, item.messageId);
    if (answeredBefore) return;
    const stored = store.db.prepare('SELECT received_at FROM inbox WHERE channel = ? AND event_id = ?').get(item.channel, row.event_id) as
      { received_at: number } | undefined;
    if (stored) observeReplyLatency(item.channel, row.author, (at - stored.received_at) / 1000);
  } catch {
    // A metric must never fail a delivery.
  }
}
