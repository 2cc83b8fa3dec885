import type { DeliveryResult } from '../conversation/outbox/delivery';
import type { OutboxItem } from '../conversation/outbox/outbox-repo';
import { countSend, observeReplyLatency } from '../platform/metrics';
import type { Db } from '../store/open-database';
import { OperationsRepo } from './operations-repo';

/**
 * Counts one delivery attempt, and when it delivered the first reply to a patient's message,
 * observes how long the patient waited: from their message being stored in the inbox to now.
 */
export function recordDelivery(store: { db: Db }, item: OutboxItem, result: DeliveryResult, willRetry: boolean, at: number): void {
  countSend(item.channel, result, willRetry);
  if (!result.ok || item.messageId === null) return;
  try {
    const repo = new OperationsRepo(store.db);
    const inbound = repo.answeredInbound(item.messageId);
    if (!inbound || inbound.eventId === null) return;
    if (repo.hasSentReplyAfter(item.conversationId, inbound.inboundId, item.messageId)) return;
    const receivedAt = repo.inboxReceivedAt(item.channel, inbound.eventId);
    if (receivedAt !== undefined) observeReplyLatency(item.channel, inbound.author, (at - receivedAt) / 1000);
  } catch {
    // A metric must never fail a delivery.
  }
}
