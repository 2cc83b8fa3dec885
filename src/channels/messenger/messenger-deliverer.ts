import type { Deliverer } from '../../conversation/outbox/delivery';
import type { OutboxPayload } from '../../conversation/outbox/outbox-adapter';
import type { GraphClient, SendMessageInput } from './graph-client';

/** Sends a Messenger outbox item through the Graph Send API. */
export function messengerDeliverer(graph: GraphClient): Deliverer {
  return async (item) => {
    const payload = item.payload as OutboxPayload;
    const base = { recipientId: payload.recipientId, text: payload.text, quickReplies: payload.quickReplies };
    const input: SendMessageInput =
      payload.messagingType === 'MESSAGE_TAG'
        ? { ...base, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }
        : { ...base, messagingType: payload.messagingType };
    const result = await graph.sendMessage(input);
    if (result.ok) return { ok: true, platformMessageId: result.messageId };
    return { ok: false, retryable: result.retryable && !result.permanent, reason: result.reason };
  };
}
