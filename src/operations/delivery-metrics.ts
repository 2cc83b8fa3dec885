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
    const wait = await store.operations.firstReplyWait(item.messageId, item.channel);
    if (wait) observeReplyLatency(item.channel, wait.author, (at - wait.receivedAt) / 1000);
  } catch {
    // A metric must never fail a delivery.
  }
}
