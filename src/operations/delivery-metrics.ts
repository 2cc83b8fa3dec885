import type { DeliveryResult } from '../conversation/outbox/delivery';
import type { OutboxItem } from '../conversation/outbox/outbox-repo';
import { countSend, observeReplyLatency } from '../platform/metrics';
import type { OperationsStore } from './operations-store';

/**
 * Counts one delivery attempt, and when it delivered the first reply to a patient's message,
 * observes how long the patient waited: from their message being stored in the inbox to now.
 */
export async function recordDelivery(
  store: OperationsStore,
  item: OutboxItem,
  result: DeliveryResult,
  willRetry: boolean,
  at: number,
): Promise<void> {
  countSend(item.channel, result, willRetry);
  if (!result.ok || item.messageId === null) return;
  try {
    const repo = store.operations;
    const inbound = await repo.answeredInbound(item.messageId);
    if (!inbound || inbound.eventId === null) return;
    if (await repo.hasSentReplyAfter(item.conversationId, inbound.inboundId, item.messageId)) return;
    const receivedAt = await repo.inboxReceivedAt(item.channel, inbound.eventId);
    if (receivedAt !== undefined) observeReplyLatency(item.channel, inbound.author, (at - receivedAt) / 1000);
  } catch {
    // A metric must never fail a delivery.
  }
}
