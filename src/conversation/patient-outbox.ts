import type { Choice } from '../platform/values';
import type { DatabaseHandle } from '../store/database-handle';
import type { Conversation } from './conversation-repo';
import type { ConversationStore } from './conversation-store';
import { kindOfRoute, repeatedKind, mostSensitive, type ContentKind } from '../triage/content-kind';
import type { OutboxPayload, SendType } from './outbox/delivery';

/** One message for a patient, as every writer hands it to the outbox. */
export interface PatientMessage {
  conversation: Conversation;
  text: string;
  quickReplies?: readonly Choice[];
  author: 'bot' | 'staff';
  /** Staff user or service account that wrote it (audit, transcript). */
  actor?: string | undefined;
  /** How the platform sends it; the channel's default when absent. */
  send?: SendType | undefined;
  /** Emergency replies go out before ordinary work. */
  urgent?: boolean;
  /** The outbox idempotency key: the same key never queues a second message. */
  dedupeKey: string;
  /** Who may read it in staff views (the route of the thread it answers); unset: administrative. */
  route?: string | undefined;
  /** A photo or PDF staff send, held as an attachment row: linked to the transcript row here. */
  attachment?: { id: number; owner: string } | undefined;
  at: number;
}

export interface QueuedMessage {
  messageId: number | null;
  outboxId: number;
  /** True when the key was queued before (a replayed turn, a retried staff request): nothing new was written. */
  duplicate: boolean;
}

/**
 * Who may read an outgoing message: a reply is as sensitive as the thread it answers, and any text
 * that repeats a patient's words is as sensitive as the words it repeats.
 */
async function outgoingKind(store: ConversationStore, message: PatientMessage): Promise<ContentKind> {
  const own = message.route === undefined ? 'administrative' : kindOfRoute(message.route);
  return mostSensitive(own, await kindRepeatingPatient(store, message.conversation.id, message.text));
}

/** The most sensitive kind of the conversation's patient messages that `text` repeats. */
export async function kindRepeatingPatient(store: ConversationStore, conversationId: number, text: string): Promise<ContentKind> {
  const inbound = (await store.messages.listByConversation(conversationId)).filter((m) => m.direction === 'in');
  return repeatedKind(text, inbound);
}

/**
 * The one write behind every message to a patient, whoever wrote it (a bot turn, a staff reply, a
 * notice): its transcript row and its outbox row commit together, once per idempotency key.
 */
export async function queuePatientMessage(store: ConversationStore & DatabaseHandle, message: PatientMessage): Promise<QueuedMessage> {
  const existing = await store.outbox.findByKey(message.dedupeKey);
  if (existing) return { messageId: existing.messageId, outboxId: existing.id, duplicate: true };
  const payload: OutboxPayload = {
    recipientId: message.conversation.platformUserId,
    text: message.text,
    quickReplies: [...(message.quickReplies ?? [])],
    ...(message.send ? { send: message.send } : {}),
    ...(message.attachment ? { attachmentId: message.attachment.id } : {}),
  };
  return await store.atomic(async (): Promise<QueuedMessage> => {
    const messageId = await store.messages.insertOutbound({
      conversationId: message.conversation.id,
      author: message.author,
      ...(message.actor !== undefined ? { staffActor: message.actor } : {}),
      text: payload.text,
      quickReplies: payload.quickReplies,
      kind: await outgoingKind(store, message),
      status: 'queued',
      at: message.at,
    });
    if (message.route !== undefined) await store.messages.setRoute(messageId, message.route);
    if (message.attachment) {
      const { id, owner } = message.attachment;
      if (!(await store.attachments.linkUpload(id, owner, message.conversation.id, messageId, 0)))
        throw new Error('attachment already sent');
    }
    const outboxId = await store.outbox.enqueue({
      dedupeKey: message.dedupeKey,
      channel: message.conversation.channel,
      conversationId: message.conversation.id,
      messageId,
      payload: { ...payload },
      at: message.at,
      ...(message.urgent ? { urgent: true } : {}),
    });
    if (outboxId === undefined) throw new Error('outbox key raced');
    return { messageId, outboxId, duplicate: false };
  });
}
