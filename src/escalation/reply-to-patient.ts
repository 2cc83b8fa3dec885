import { randomUUID } from 'node:crypto';
import type { OutboxAdapter } from '../conversation/outbox/outbox-adapter';
import { outgoing, type OutgoingMeta } from '../conversation/turn-meta';
import { AppError } from '../platform/errors';
import type { Store } from '../store/store';

export interface ReplyDeps {
  store: Store;
  adapters: Readonly<Record<string, OutboxAdapter>>;
  now?: () => number;
}

export interface ReplyResult {
  messageId: number;
  outboxId: number;
  /** How the platform sends it (Messenger: RESPONSE, or MESSAGE_TAG from 24 h to 7 days). */
  messagingType: string;
}

/**
 * Delivers a staff reply on the channel the patient used, through the stored ConversationReference
 * and the adapter's continueConversation. On Messenger the reply is a RESPONSE inside 24 h of the
 * patient's last message, a HUMAN_AGENT tagged message from 24 h to 7 days, and refused after that.
 */
export async function replyToPatient(
  deps: ReplyDeps,
  input: { escalationId: number; text: string; actor: string; idempotencyKey?: string; signature?: string },
): Promise<ReplyResult> {
  const now = (deps.now ?? Date.now)();
  const text = input.text.trim();
  const escalation = deps.store.escalations.get(input.escalationId);
  if (!escalation) throw new AppError('not_found', 'No such escalation.', 404);
  const conversation = deps.store.conversations.get(escalation.conversationId);
  if (!conversation) throw new AppError('not_found', 'The escalation has no conversation.', 404);
  const adapter = deps.adapters[conversation.channel];
  if (!adapter) {
    throw new AppError(
      'channel_disabled',
      `The ${conversation.channel} channel is not configured on this server, so the reply cannot be sent.`,
      409,
    );
  }

  // The patient sees who answers: "Dana: …" when the practice signs replies with first names.
  const prefix = input.signature ? `${input.signature}: ` : '';
  const maxLength = adapter.channel.limits.maxTextLength - prefix.length;
  if (text === '' || text.length > maxLength) {
    throw new AppError('invalid_reply', `text must be 1 to ${maxLength} characters.`, 400);
  }
  // The channel's reply policy decides whether a person may write now, and how it is sent.
  const window = adapter.channel.replyWindow({
    author: 'staff',
    lastInboundAt: conversation.lastInboundAt,
    now,
    surface: conversation.surface,
  });
  if (window.state === 'closed') throw new AppError('window_closed', window.reason, 409);
  const meta: OutgoingMeta = {
    author: 'staff',
    actor: input.actor,
    dedupeKey: `staff:${escalation.id}:${input.idempotencyKey ?? randomUUID()}`,
    send: window.send,
  };

  const already = deps.store.outbox.findByKey(meta.dedupeKey as string);
  if (!already) {
    await adapter.continueConversation(conversation.reference, async (context) => {
      await context.sendActivity(outgoing(prefix + text, { meta }));
    });
  }
  const item = deps.store.outbox.findByKey(meta.dedupeKey as string);
  if (!item || item.messageId === null) throw new AppError('reply_not_queued', 'The reply could not be queued.', 500);
  // The reply is shown to the same roles as the thread it answers (minimum necessary, per message).
  deps.store.messages.setRoute(item.messageId, escalation.route);
  return { messageId: item.messageId, outboxId: item.id, messagingType: window.send.type };
}
