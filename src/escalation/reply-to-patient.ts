import { randomUUID } from 'node:crypto';
import { messagingWindow } from '../channels/messenger/messaging-window';
import { MESSENGER_CHANNEL } from '../channels/messenger/messenger-adapter';
import type { OutboxAdapter, OutgoingMeta } from '../conversation/outbox/outbox-adapter';
import { AppError } from '../platform/errors';
import type { Store } from '../store/store';

export const MAX_REPLY_LENGTH = 2000;

export interface ReplyDeps {
  store: Store;
  adapters: Readonly<Record<string, OutboxAdapter>>;
  now?: () => number;
}

export interface ReplyResult {
  messageId: number;
  outboxId: number;
  messagingType: OutgoingMeta['messagingType'];
}

/**
 * Delivers a staff reply on the channel the patient used, through the stored ConversationReference
 * and the adapter's continueConversation. On Messenger the reply is a RESPONSE inside 24 h of the
 * patient's last message, a HUMAN_AGENT tagged message from 24 h to 7 days, and refused after that.
 */
export async function replyToPatient(
  deps: ReplyDeps,
  input: { escalationId: number; text: string; actor: string; idempotencyKey?: string },
): Promise<ReplyResult> {
  const now = (deps.now ?? Date.now)();
  const text = input.text.trim();
  if (text === '' || text.length > MAX_REPLY_LENGTH) {
    throw new AppError('invalid_reply', `text must be 1 to ${MAX_REPLY_LENGTH} characters.`, 400);
  }
  const escalation = deps.store.escalations.get(input.escalationId);
  if (!escalation) throw new AppError('not_found', 'No such escalation.', 404);
  const conversation = deps.store.conversations.get(escalation.conversationId);
  if (!conversation) throw new AppError('not_found', 'The escalation has no conversation.', 404);
  const adapter = deps.adapters[conversation.channel];
  if (!adapter) {
    throw new AppError('channel_disabled', `The ${conversation.channel} channel is not configured on this server, so the reply cannot be sent.`, 409);
  }

  const meta: OutgoingMeta = {
    author: 'staff',
    actor: input.actor,
    dedupeKey: `staff:${escalation.id}:${input.idempotencyKey ?? randomUUID()}`,
    messagingType: 'RESPONSE',
  };
  if (conversation.channel === MESSENGER_CHANNEL) {
    const window = messagingWindow(conversation.lastInboundAt, now);
    if (window.state === 'closed') {
      throw new AppError(
        'window_closed',
        `Messenger allows no reply more than 7 days after the patient's last message (window closed ${new Date(window.closedAt).toISOString()}). Contact the patient another way, e.g. by phone.`,
        409,
      );
    }
    meta.messagingType = window.messagingType;
    if (window.state === 'human_agent') meta.tag = window.tag;
  }

  const already = deps.store.outbox.findByKey(meta.dedupeKey as string);
  if (!already) {
    await adapter.continueConversation(conversation.reference, async (context) => {
      await context.sendActivity({ type: 'message', text, channelData: { frontdesk: meta } });
    });
  }
  const item = deps.store.outbox.findByKey(meta.dedupeKey as string);
  if (!item || item.messageId === null) throw new AppError('reply_not_queued', 'The reply could not be queued.', 500);
  return { messageId: item.messageId, outboxId: item.id, messagingType: meta.messagingType };
}
