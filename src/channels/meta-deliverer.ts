import type { Deliverer } from '../conversation/outbox/delivery';
import { readOutboxPayload } from '../conversation/outbox/delivery';
import type { GraphClient, SendMessageInput } from './meta-graph-client';

/**
 * Sends a Messenger outbox item through the Graph Send API. Only a MESSAGE_TAG send chosen by the
 * staff reply policy carries the HUMAN_AGENT tag; everything else is a RESPONSE.
 */
export function messengerDeliverer(graph: GraphClient): Deliverer {
  return async (item) => {
    const payload = readOutboxPayload(item.payload);
    if (!payload) return { ok: false, retryable: false, reason: 'not sent: the outbox item is not a message' };
    const base = { recipientId: payload.recipientId, text: payload.text, quickReplies: payload.quickReplies };
    const input: SendMessageInput =
      payload.send?.type === 'MESSAGE_TAG' && payload.send.tag === 'HUMAN_AGENT'
        ? { ...base, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }
        : { ...base, messagingType: payload.send?.type === 'UPDATE' ? 'UPDATE' : 'RESPONSE' };
    const result = await graph.sendMessage(input);
    if (result.ok) return { ok: true, platformMessageId: result.messageId };
    return {
      ok: false,
      retryable: result.retryable && !result.permanent,
      reason: result.reason,
      ...(result.rateLimited ? { rateLimited: true } : {}),
      ...(result.retryAt !== undefined ? { retryAt: result.retryAt } : {}),
    };
  };
}
