import { createHash } from 'node:crypto';
import { valueDepth } from '../platform/http/body-guards';
import { isRecord } from '../platform/values';

export type MessengerEventKind = 'text' | 'quick_reply' | 'postback' | 'unsupported' | 'attachment';

/** One thing a patient did in Messenger that the bot should answer. */
export interface MessengerInboundEvent {
  /** `message.mid`, `postback.mid`, or for a postback without mid a stable `pb_<sha256>` id. Dedup key. */
  eventId: string;
  pageId: string;
  /** Page-scoped id (PSID) of the patient. */
  senderId: string;
  /** Milliseconds since the epoch, as Meta sends it. */
  timestamp: number;
  /**
   * `unsupported`: a message with attachments and no text (photo, voice note, sticker, location).
   * It is still reported, so the bot can say it only reads text instead of staying silent.
   */
  kind: MessengerEventKind;
  /** Message text; for a quick reply the tapped title; for a postback the button title. */
  text?: string;
  /** Developer-defined payload of a quick reply or postback. */
  payload?: string;
  /** For `unsupported`: the attachment types received, e.g. ["image"]. */
  attachmentTypes?: string[];
  /**
   * Files to download (`attachments[].payload.url` of an image, file, video or audio; the URL
   * expires soon). Stickers, shares, story mentions and locations are not files of the patient's.
   * Kind `attachment` when the message has no text.
   */
  attachments?: Array<{ type: string; url: string }>;
  /**
   * Instagram: the message answers one of the account's stories, or mentions the account in the
   * patient's story. Context only: the story itself (public, and perhaps about their health) is
   * never quoted back.
   */
  context?: 'story_reply' | 'story_mention';
  /** The untouched `messaging[]` item, for `channelData`; keys are never rewritten. */
  raw: unknown;
}

export type SkipReason = 'echo' | 'delivery' | 'read' | 'reaction' | 'deleted' | 'other' | 'invalid' | 'over_limit';

export type ParseResult =
  | { ok: true; events: MessengerInboundEvent[]; skipped: Record<SkipReason, number> }
  | { ok: false; code: 'not_page_object' | 'invalid_payload'; message: string };

/**
 * Upper bound on `messaging` items looked at in one delivery. The route caps bodies at 1 MB, so this
 * only bounds pathological input; real deliveries batch far fewer.
 */
export const MAX_ITEMS_PER_DELIVERY = 10_000;

/** Real `messaging` items nest under 10 levels; far deeper ones are stored without their raw copy. */
const MAX_ITEM_DEPTH = 32;

/**
 * Turns a Messenger webhook body into the events the bot answers.
 *
 * Shape (Messenger webhook reference): `{object:"page", entry:[{id, time, messaging:[…]}]}`. Both
 * `entry` and `messaging` are arrays and every item is read. A malformed item is skipped and counted,
 * never fatal: one bad item must not lose the good ones beside it. Never throws.
 */
export function parseMessengerPayload(body: unknown, object: MetaMessagingObject = 'page'): ParseResult {
  try {
    return parse(body, object);
  } catch {
    // Only reachable with exotic objects (throwing getters, proxies); JSON.parse output cannot throw here.
    return { ok: false, code: 'invalid_payload', message: 'The Messenger payload could not be read.' };
  }
}

/**
 * The Meta products whose messaging webhooks share this shape: Facebook Pages (Messenger) and
 * Instagram professional accounts linked to a Page (`entry[].messaging[]`, Instagram-scoped ids).
 */
export type MetaMessagingObject = 'page' | 'instagram';

const PRODUCT: Record<MetaMessagingObject, string> = { page: 'Facebook Page (Messenger)', instagram: 'Instagram messaging' };

function parse(body: unknown, object: MetaMessagingObject): ParseResult {
  if (!isRecord(body)) {
    return { ok: false, code: 'invalid_payload', message: 'Expected a JSON object with "object" and "entry".' };
  }
  if (body.object !== object) {
    // WhatsApp and other Meta products use other `object` values and other shapes.
    return {
      ok: false,
      code: 'not_page_object',
      message: `Expected "object": "${object}"; this endpoint only handles ${PRODUCT[object]} webhooks.`,
    };
  }
  if (!Array.isArray(body.entry)) {
    return { ok: false, code: 'invalid_payload', message: 'Expected "entry" to be an array.' };
  }

  const events: MessengerInboundEvent[] = [];
  const skipped: Record<SkipReason, number> = {
    echo: 0,
    delivery: 0,
    read: 0,
    reaction: 0,
    deleted: 0,
    other: 0,
    invalid: 0,
    over_limit: 0,
  };
  let seen = 0;

  for (const entry of body.entry as unknown[]) {
    if (!isRecord(entry) || !Array.isArray(entry.messaging)) {
      // Entries without `messaging` (e.g. `standby` for another app's thread) are not ours to answer.
      skipped.other += 1;
      continue;
    }
    const entryPageId = nonEmptyString(entry.id);
    const entryTime = toMillis(entry.time);
    for (const item of entry.messaging as unknown[]) {
      seen += 1;
      if (seen > MAX_ITEMS_PER_DELIVERY) {
        skipped.over_limit += 1;
        continue;
      }
      const outcome = readItem(item, entryPageId, entryTime);
      if (typeof outcome === 'string') skipped[outcome] += 1;
      else events.push(outcome);
    }
  }
  return { ok: true, events, skipped };
}

function readItem(item: unknown, entryPageId: string | undefined, entryTime: number | undefined): MessengerInboundEvent | SkipReason {
  if (!isRecord(item)) return 'invalid';

  // Receipts and reactions concern messages the Page sent; nothing to answer.
  if (item.delivery !== undefined) return 'delivery';
  if (item.read !== undefined) return 'read';
  if (item.reaction !== undefined) return 'reaction';

  const message = isRecord(item.message) ? item.message : undefined;
  const postback = isRecord(item.postback) ? item.postback : undefined;
  if (message === undefined && postback === undefined) {
    // optin, referral, message_edit, handover and other fields Frontdesk does not answer.
    return item.message !== undefined || item.postback !== undefined ? 'invalid' : 'other';
  }
  // `is_echo: true` is a message the Page itself sent (message_echoes): answering it would loop.
  if (message !== undefined && message.is_echo === true) return 'echo';

  const senderId = nonEmptyString(isRecord(item.sender) ? item.sender.id : undefined);
  const pageId = nonEmptyString(isRecord(item.recipient) ? item.recipient.id : undefined) ?? entryPageId;
  // Fall back to the entry's time only when the item has none; a present but unreadable one is invalid.
  const timestamp = item.timestamp === undefined ? entryTime : toMillis(item.timestamp);
  if (senderId === undefined || pageId === undefined || timestamp === undefined) return 'invalid';
  // The Page writing to itself is an echo even if `is_echo` is missing.
  if (senderId === pageId) return 'echo';

  // An item nested deeper than any real event could not be stored (serialising it overflows the
  // stack): the patient's message is still read and answered, without its raw copy.
  const raw = valueDepth(item, MAX_ITEM_DEPTH) > MAX_ITEM_DEPTH ? { omitted: 'nested too deeply to store' } : item;
  const base = { pageId, senderId, timestamp, raw };
  if (message !== undefined) return readMessage(message, base);
  return readPostback(postback as Record<string, unknown>, base);
}

type Base = Pick<MessengerInboundEvent, 'pageId' | 'senderId' | 'timestamp' | 'raw' | 'context'>;

function readMessage(message: Record<string, unknown>, base: Base): MessengerInboundEvent | SkipReason {
  if (message.is_deleted === true) return 'deleted';
  const mid = nonEmptyString(message.mid);
  if (mid === undefined) return 'invalid';

  const text = typeof message.text === 'string' && message.text.trim() !== '' ? message.text : undefined;
  const quickReply = isRecord(message.quick_reply) ? message.quick_reply : undefined;
  const quickPayload = quickReply !== undefined ? nonEmptyString(quickReply.payload) : undefined;
  const attachmentTypes = Array.isArray(message.attachments)
    ? (message.attachments as unknown[])
        .slice(0, 20)
        .map((a) => (isRecord(a) && typeof a.type === 'string' ? a.type.slice(0, 32) : 'unknown'))
    : [];
  const context = storyContext(message, attachmentTypes);
  const files = downloadable(message.attachments);
  const head = { ...base, eventId: mid, ...(context ? { context } : {}), ...(files.length > 0 ? { attachments: files } : {}) };

  // A tapped quick reply arrives as a text message whose text is the button title plus quick_reply.payload.
  if (quickPayload !== undefined) {
    return { ...head, kind: 'quick_reply', payload: quickPayload, ...(text !== undefined ? { text } : {}) };
  }
  if (text !== undefined) return { ...head, kind: 'text', text };
  if (files.length > 0) return { ...head, kind: 'attachment' };
  if (attachmentTypes.length > 0) return { ...head, kind: 'unsupported', attachmentTypes };
  // Instagram marks a message type it does not pass on to apps (e.g. some shares) as unsupported.
  if (message.is_unsupported === true) return { ...head, kind: 'unsupported', attachmentTypes: ['unsupported'] };
  return 'invalid';
}

const FILE_TYPES = new Set(['image', 'file', 'video', 'audio']);
/** More attachments than any real message carries are not fetched. */
const MAX_ATTACHMENTS = 10;

/** The attachments that are the patient's own files: a type we keep and an http(s) URL. */
function downloadable(value: unknown): Array<{ type: string; url: string }> {
  if (!Array.isArray(value)) return [];
  const files: Array<{ type: string; url: string }> = [];
  for (const a of (value as unknown[]).slice(0, MAX_ATTACHMENTS)) {
    if (!isRecord(a) || typeof a.type !== 'string' || !FILE_TYPES.has(a.type) || !isRecord(a.payload)) continue;
    // A sticker (the thumbs-up) arrives as an image with a sticker_id: not a file of the patient's.
    if (a.payload.sticker_id !== undefined) continue;
    const url = a.payload.url;
    if (typeof url === 'string' && /^https?:\/\//.test(url) && url.length <= 4096) files.push({ type: a.type, url });
  }
  return files;
}

/** Instagram: a reply to the account's story (`reply_to.story`), or a mention in the patient's story. */
function storyContext(message: Record<string, unknown>, attachmentTypes: readonly string[]): MessengerInboundEvent['context'] {
  if (isRecord(message.reply_to) && isRecord(message.reply_to.story)) return 'story_reply';
  return attachmentTypes.includes('story_mention') ? 'story_mention' : undefined;
}

function readPostback(postback: Record<string, unknown>, base: Base): MessengerInboundEvent | SkipReason {
  const payload = typeof postback.payload === 'string' && postback.payload !== '' ? postback.payload : undefined;
  const title = typeof postback.title === 'string' && postback.title !== '' ? postback.title : undefined;
  if (payload === undefined && title === undefined) return 'invalid';
  // postback.mid is documented but older clients and Get Started taps may omit it; a retried delivery
  // repeats sender, timestamp and payload, so their hash is a stable dedup key.
  const eventId = nonEmptyString(postback.mid) ?? syntheticPostbackId(base.senderId, base.timestamp, payload ?? '', title ?? '');
  return {
    ...base,
    eventId,
    kind: 'postback',
    ...(title !== undefined ? { text: title } : {}),
    ...(payload !== undefined ? { payload } : {}),
  };
}

function syntheticPostbackId(senderId: string, timestamp: number, payload: string, title: string): string {
  // JSON array encoding keeps field boundaries unambiguous ("a","bc" vs "ab","c").
  const digest = createHash('sha256')
    .update(JSON.stringify([senderId, timestamp, payload, title]))
    .digest('hex');
  return `pb_${digest.slice(0, 40)}`;
}

/** Ids are strings on the wire (PSIDs overflow a double); numbers are refused rather than rounded. */
function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value.length <= 256 ? value : undefined;
}

/** Messaging timestamps are epoch milliseconds; some webhook references show them as strings. */
function toMillis(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
