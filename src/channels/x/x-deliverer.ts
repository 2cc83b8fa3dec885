import type { Deliverer, DeliveryResult } from '../../conversation/outbox/delivery';
import { PUBLIC_POST_SEND_TYPE, readOutboxPayload } from '../../conversation/outbox/delivery';
import type { ConversationStore } from '../../conversation/conversation-store';
import type { AttachmentRepo } from '../../attachments/attachment-repo';
import { withHeldFile } from '../../attachments/held-file';
import { isRecord, type Choice } from '../../platform/values';
import { MAX_DM_LENGTH, MAX_POST_LENGTH, type XClient, type XSent } from './x-client';
import { TWEET_EVENT_PREFIX } from './x-event';

/** Send types of the X channel's reply policy. */
export const X_SEND = {
  /** A direct message: every reply in a DM conversation. */
  dm: 'dm',
  /** A public reply post under the mention; only the bot's fixed public texts use it. */
  publicPost: PUBLIC_POST_SEND_TYPE,
  /** A person answering a public mention: sent privately, as a DM to the author. */
  dmToAuthor: 'dm_to_author',
} as const;

/**
 * Sends an X outbox item. The conversation decides where it may go: in a DM conversation always a
 * DM; on a public mention only a message marked as a public post (the bot's fixed invitation or
 * emergency line) is posted, in reply to the mention, and a staff reply goes to the author by DM.
 * Anything else aimed at a public conversation is refused, never posted.
 */
export function xDeliverer(client: XClient, store: ConversationStore, attachments?: Pick<AttachmentRepo, 'get' | 'bytes'>): Deliverer {
  return async (item) => {
    const payload = readOutboxPayload(item.payload);
    if (!payload) return refuse('not sent: the outbox item is not a message');
    const conversation = item.conversationId > 0 ? await store.conversations.get(item.conversationId) : undefined;
    const isPublic = conversation?.surface === 'public';
    const type = payload.send?.type;

    if (type === X_SEND.publicPost) {
      if (!isPublic) return refuse('not sent: a public post was aimed at a private conversation');
      const activityId =
        conversation && typeof conversation.reference.activityId === 'string' ? conversation.reference.activityId : undefined;
      const tweetId = stripPrefix(payload.send?.tag ?? activityId);
      if (tweetId === undefined) return refuse('not sent: no mention to reply to');
      return toDelivery(await client.replyPublicly(tweetId, addressed(payload.text, conversation?.reference)));
    }
    if (isPublic && type !== X_SEND.dmToAuthor) {
      return refuse('not sent: on a public X mention only the fixed invitation to DM is posted; the conversation continues in DMs');
    }
    if (payload.attachmentId !== undefined)
      // a staff photo, sent as the DM's attachment (the transcript's label is not sent)
      return toDelivery(await withHeldFile(attachments, payload.attachmentId, (file) => client.sendDmMedia(payload.recipientId, '', file)));
    return toDelivery(await client.sendDm(payload.recipientId, withChoicesAsText(payload.text, payload.quickReplies)));
  };
}

/**
 * Starts a public reply with the author's @handle when known: X refuses identical posts from one
 * account, and the fixed texts would otherwise be identical for every mention.
 */
function addressed(text: string, reference: Record<string, unknown> | undefined): string {
  const user = reference && isRecord(reference.user) ? reference.user : undefined;
  const handle = typeof user?.name === 'string' && /^\w{1,15}$/.test(user.name) ? user.name : undefined;
  const withHandle = handle ? `@${handle} ${text}` : text;
  return withHandle.length <= MAX_POST_LENGTH ? withHandle : text;
}

/** X DMs sent through API v2 have no buttons: the choices are listed so the patient can type one. */
export function withChoicesAsText(text: string, choices: readonly Choice[]): string {
  if (choices.length === 0) return text;
  const list = `\n\nYou can reply with: ${choices.map((c) => c.title).join(' · ')}`;
  return text.length + list.length <= MAX_DM_LENGTH ? text + list : text;
}

function toDelivery(result: XSent): DeliveryResult {
  if (result.ok) return { ok: true, platformMessageId: result.id };
  return {
    ok: false,
    retryable: result.retryable && !result.permanent,
    reason: result.reason,
    ...(result.retryAfter !== undefined ? { retryAt: result.retryAfter } : {}),
    // A 429 limits the account's sends as a whole: the outbox pauses the channel until the reset.
    ...(result.httpStatus === 429 ? { rateLimited: true } : {}),
  };
}

function refuse(reason: string): DeliveryResult {
  return { ok: false, retryable: false, reason };
}

function stripPrefix(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const bare = id.startsWith(TWEET_EVENT_PREFIX) ? id.slice(TWEET_EVENT_PREFIX.length) : id;
  return /^\d{1,25}$/.test(bare) ? bare : undefined;
}
