import type { Activity } from 'botbuilder';
import { isRecord, type Choice } from '../platform/values';
import type { SendType, Surface } from './channel';

/**
 * Frontdesk's own metadata on a botbuilder Activity, in both directions. It travels in
 * `channelData.frontdesk`; these functions are the only place that reads or writes it.
 */

/** What a channel tells the bot about an inbound message beyond its text. */
export interface InboundMeta {
  /** Quick-reply or postback payload. */
  payload?: string;
  /** The message had no text we can read (photo, voice note…). */
  unsupported?: boolean;
  /** Where the patient wrote; private when absent. The conversation stores it from here. */
  surface?: Surface;
  /** A public post that is not addressed to the practice (the account tagged among others). */
  notAddressed?: boolean;
  /**
   * Where a channel anyone can open conversations on saw the message come from (a web chat
   * address, hashed): emergencies from one source in a short window share one queue item.
   */
  source?: string;
  /**
   * Files the patient attached: a platform URL to download (it expires soon), or an upload the chat
   * page already holds (its id, claimed by the conversation's own id).
   */
  attachments?: InboundAttachment[];
}

/** One file attached to an inbound message. */
export interface InboundAttachment {
  /** The platform's word for it: image, file, video, audio, media, upload. */
  type: string;
  url?: string;
  uploadId?: number;
}

/** What the bot or staff attach to an outgoing message. */
export interface OutgoingMeta {
  author?: 'bot' | 'staff';
  /** Staff user or service account that wrote the message (audit, transcript). */
  actor?: string;
  /** Idempotency key for the outbox; defaults to `<channel>:<inbound activity id>:<n>` within a turn. */
  dedupeKey?: string;
  /** How the platform should send it; set by the staff reply path from the channel's reply policy. */
  send?: SendType;
  /** Emergency replies: if the store cannot take the message, send it directly rather than not at all. */
  urgent?: boolean;
}

export function inboundActivity(
  activity: Partial<Activity> & { channelId: string; id: string },
  meta: InboundMeta,
  raw?: unknown,
): Partial<Activity> {
  return { ...activity, channelData: { frontdesk: meta, ...(raw !== undefined ? { raw } : {}) } };
}

export function readInboundMeta(activity: Partial<Activity>): InboundMeta {
  const value = frontdeskData(activity);
  const meta: InboundMeta = {};
  if (typeof value.payload === 'string') meta.payload = value.payload;
  if (value.unsupported === true) meta.unsupported = true;
  if (value.surface === 'public') meta.surface = 'public';
  if (value.notAddressed === true) meta.notAddressed = true;
  if (typeof value.source === 'string') meta.source = value.source;
  if (Array.isArray(value.attachments)) {
    const attachments = value.attachments.filter(isRecord).flatMap((a): InboundAttachment[] => {
      if (typeof a.type !== 'string') return [];
      if (typeof a.url === 'string') return [{ type: a.type, url: a.url }];
      if (typeof a.uploadId === 'number') return [{ type: a.type, uploadId: a.uploadId }];
      return [];
    });
    if (attachments.length > 0) meta.attachments = attachments;
  }
  return meta;
}

/** An outgoing text message with optional quick replies and metadata. */
export function outgoing(text: string, options: { choices?: readonly Choice[]; meta?: OutgoingMeta } = {}): Partial<Activity> {
  const actions = (options.choices ?? []).map((c) => ({ type: 'imBack', title: c.title, value: c.payload }));
  return {
    type: 'message',
    text,
    ...(actions.length > 0 ? { suggestedActions: { to: [], actions } } : {}),
    ...(options.meta ? { channelData: { frontdesk: options.meta } } : {}),
  };
}

export function readOutgoingMeta(activity: Partial<Activity>): OutgoingMeta {
  const value = frontdeskData(activity);
  const meta: OutgoingMeta = {};
  if (value.author === 'bot' || value.author === 'staff') meta.author = value.author;
  if (typeof value.actor === 'string') meta.actor = value.actor;
  if (typeof value.dedupeKey === 'string') meta.dedupeKey = value.dedupeKey;
  if (isRecord(value.send) && typeof value.send.type === 'string') {
    meta.send = { type: value.send.type, ...(typeof value.send.tag === 'string' ? { tag: value.send.tag } : {}) };
  }
  if (value.urgent === true) meta.urgent = true;
  return meta;
}

/** The quick replies of an outgoing activity, as choices. */
export function choicesOf(activity: Partial<Activity>): Choice[] {
  return (activity.suggestedActions?.actions ?? []).map((action) => ({
    title: String(action.title ?? action.value),
    payload: String(action.value ?? action.title),
  }));
}

function frontdeskData(activity: Partial<Activity>): Record<string, unknown> {
  const data: unknown = activity.channelData;
  return isRecord(data) && isRecord(data.frontdesk) ? data.frontdesk : {};
}
