import { isRecord, type Choice } from '../../platform/values';
import type { OutboxItem } from './outbox-repo';

/** What a channel's sender says about one attempt to deliver an outbox item. */
export type DeliveryResult =
  | { ok: true; platformMessageId?: string }
  | {
      ok: false;
      retryable: boolean;
      /** Operator-facing; built from codes and our own words, never from message text. */
      reason: string;
      /** When the platform said to try again (rate limit reset, Retry-After), epoch ms. */
      retryAt?: number;
      /** The platform limits the whole channel (Graph 613/4, HTTP 429): pause every send on it. */
      rateLimited?: boolean;
    };

/** Sends one outbox item on its channel. Must not throw for platform errors. */
export type Deliverer = (item: OutboxItem) => Promise<DeliveryResult>;

/** How a reply is sent on the platform, e.g. a standard response, or a tagged message from a person. */
export interface SendType {
  type: string;
  tag?: string;
}

/**
 * The send type of a post under the patient's public post (tagged with that post's id). Only the
 * bot's fixed public texts carry it; a channel posts nothing else publicly.
 */
export const PUBLIC_POST_SEND_TYPE = 'public';

/** The payload an outbox row carries to a channel's sender. */
export interface OutboxPayload {
  recipientId: string;
  text: string;
  quickReplies: Choice[];
  /** How the platform should send it; the channel's default when absent. */
  send?: SendType;
  /** A photo or PDF staff send (an attachment row); `text` is then only the transcript's label. */
  attachmentId?: number;
}

/**
 * Reads a message payload back from the outbox. Rows written before send types were generic carry
 * Messenger's `messagingType`/`tag` instead of `send`; they are read as the same thing.
 */
export function readOutboxPayload(payload: Record<string, unknown>): OutboxPayload | undefined {
  if (typeof payload.recipientId !== 'string' || typeof payload.text !== 'string') return undefined;
  const quickReplies = Array.isArray(payload.quickReplies)
    ? payload.quickReplies.filter((q): q is Choice => isRecord(q) && typeof q.title === 'string' && typeof q.payload === 'string')
    : [];
  let send: SendType | undefined;
  if (isRecord(payload.send) && typeof payload.send.type === 'string') {
    send = { type: payload.send.type, ...(typeof payload.send.tag === 'string' ? { tag: payload.send.tag } : {}) };
  } else if (typeof payload.messagingType === 'string') {
    send = { type: payload.messagingType, ...(typeof payload.tag === 'string' ? { tag: payload.tag } : {}) };
  }
  const attachmentId = typeof payload.attachmentId === 'number' ? { attachmentId: payload.attachmentId } : {};
  return { recipientId: payload.recipientId, text: payload.text, quickReplies, ...(send ? { send } : {}), ...attachmentId };
}
