import { isRecord } from '../../platform/values';
import {
  DM_EVENT_PREFIX,
  TWEET_EVENT_PREFIX,
  emptySkips,
  stripLeadingHandles,
  stripMediaLinks,
  toMillis,
  xHandle,
  xId,
  type XInboundEvent,
  type XSkipCounts,
  type XSkipReason,
} from './x-event';

export type XParseResult =
  { ok: true; events: XInboundEvent[]; skipped: XSkipCounts } | { ok: false; code: 'invalid_payload'; message: string };

/** Event kinds X delivers that we read; everything else (follows, likes, typing, reads…) is skipped. */
const HANDLED = ['direct_message_events', 'tweet_create_events'] as const;

/**
 * Reads an Account Activity delivery into typed events. Never throws: a malformed event is skipped
 * and counted, the good ones in the same batch are kept. The account's own DMs and posts come back
 * too and are skipped (answering them would loop).
 */
export function parseAccountActivity(body: unknown): XParseResult {
  if (!isRecord(body)) return { ok: false, code: 'invalid_payload', message: 'Expected a JSON object with for_user_id.' };
  const accountId = xId(body.for_user_id);
  if (accountId === undefined) {
    return { ok: false, code: 'invalid_payload', message: 'Expected for_user_id: the X account this delivery is for.' };
  }
  const events: XInboundEvent[] = [];
  const skipped = emptySkips();
  // Every event of a delivery is kept: X does not deliver an acknowledged delivery again, so one
  // dropped here would be lost. The webhook body limit bounds a delivery (a larger one is refused
  // with 413, never acknowledged).
  const take = (outcome: XInboundEvent | XSkipReason): void => {
    if (typeof outcome === 'string') skipped[outcome] += 1;
    else events.push(outcome);
  };

  for (const item of listOf(body.direct_message_events)) take(readDirectMessage(item, accountId));
  for (const item of listOf(body.tweet_create_events)) take(readMention(item, accountId));
  for (const key of Object.keys(body)) {
    if (key.endsWith('_events') && !(HANDLED as readonly string[]).includes(key)) skipped.other += listOf(body[key]).length || 1;
  }
  return { ok: true, events, skipped };
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function readDirectMessage(item: unknown, accountId: string): XInboundEvent | XSkipReason {
  if (!isRecord(item)) return 'invalid';
  if (item.type !== 'message_create') return 'other';
  const id = xId(item.id);
  const create = isRecord(item.message_create) ? item.message_create : undefined;
  const senderId = xId(create?.sender_id);
  const recipientId = xId(isRecord(create?.target) ? create.target.recipient_id : undefined);
  const timestamp = toMillis(item.created_timestamp);
  const data = isRecord(create?.message_data) ? create.message_data : undefined;
  if (id === undefined || senderId === undefined || timestamp === undefined || data === undefined) return 'invalid';
  // The account's own outgoing DMs are delivered as well.
  if (senderId === accountId) return 'own';
  if (recipientId !== undefined && recipientId !== accountId) return 'other';

  const base = { eventId: `${DM_EVENT_PREFIX}${id}`, kind: 'dm' as const, accountId, senderId, timestamp };
  const attachment = isRecord(data.attachment) ? data.attachment : undefined;
  const rawText = typeof data.text === 'string' ? data.text : '';
  const text = attachment !== undefined ? stripMediaLinks(rawText) : rawText.trim();
  const quick = isRecord(data.quick_reply_response) ? data.quick_reply_response : undefined;
  const payload = typeof quick?.metadata === 'string' && quick.metadata !== '' ? quick.metadata.slice(0, 1000) : undefined;
  if (payload !== undefined) return { ...base, payload, ...(text !== '' ? { text: rawText.trim() } : {}) };
  const media = dmMedia(attachment);
  // With media, the t.co link X appends is not the patient's words.
  if (media !== undefined) return { ...base, attachments: [media], ...(text !== '' ? { text } : {}) };
  if (text !== '') return { ...base, text: rawText.trim() };
  if (attachment !== undefined) {
    const type = typeof attachment.type === 'string' ? attachment.type.slice(0, 32) : 'unknown';
    return { ...base, unsupported: true, attachmentTypes: [type] };
  }
  return 'invalid';
}

/** A DM's photo, GIF or video: `attachment: {type: "media", media: {media_url_https, type}}`. */
function dmMedia(attachment: Record<string, unknown> | undefined): { type: string; url: string } | undefined {
  const media = attachment !== undefined && attachment.type === 'media' && isRecord(attachment.media) ? attachment.media : undefined;
  const url = media?.media_url_https;
  if (typeof url !== 'string' || !url.startsWith('https://') || url.length > 4096) return undefined;
  return { type: typeof media?.type === 'string' ? media.type.slice(0, 32) : 'media', url };
}

/** A classic (v1.1-shaped) post from `tweet_create_events`. */
function readMention(item: unknown, accountId: string): XInboundEvent | XSkipReason {
  if (!isRecord(item)) return 'invalid';
  const id = xId(item.id_str);
  const user = isRecord(item.user) ? item.user : undefined;
  const authorId = xId(user?.id_str);
  const timestamp = toMillis(item.timestamp_ms) ?? toMillis(item.created_at);
  if (id === undefined || authorId === undefined || timestamp === undefined) return 'invalid';
  if (authorId === accountId) return 'own';
  if (isRecord(item.retweeted_status)) return 'retweet';

  const extended = isRecord(item.extended_tweet) ? item.extended_tweet : undefined;
  const note = isRecord(item.note_tweet) ? item.note_tweet : undefined;
  const fullText =
    (typeof note?.text === 'string' ? note.text : undefined) ??
    (typeof extended?.full_text === 'string' ? extended.full_text : undefined) ??
    (typeof item.text === 'string' ? item.text : '');
  const entities = isRecord(extended?.entities) ? extended.entities : isRecord(item.entities) ? item.entities : undefined;
  const mentioned = listOf(entities?.user_mentions)
    .map((m) => (isRecord(m) ? xId(m.id_str) : undefined))
    .filter((m): m is string => m !== undefined);
  const repliesToUs = xId(item.in_reply_to_user_id_str) === accountId;
  // Posts in the account's timeline that only quote or reply to others are not for us.
  if (!repliesToUs && !mentioned.includes(accountId)) return 'not_mention';

  const handle = xHandle(user?.screen_name);
  return mentionEvent({
    id,
    accountId,
    authorId,
    timestamp,
    fullText,
    mentioned,
    repliesToUs,
    hasMedia: hasMedia(extended ?? item),
    ...(handle ? { handle } : {}),
  });
}

function hasMedia(tweet: Record<string, unknown>): boolean {
  const entities = isRecord(tweet.extended_entities) ? tweet.extended_entities : isRecord(tweet.entities) ? tweet.entities : undefined;
  return listOf(entities?.media).length > 0;
}

/** Shared by the webhook and the v2 polling reader so both decide "addressed" the same way. */
export function mentionEvent(input: {
  id: string;
  accountId: string;
  authorId: string;
  timestamp: number;
  fullText: string;
  mentioned: readonly string[];
  repliesToUs: boolean;
  hasMedia: boolean;
  handle?: string;
}): XInboundEvent {
  const words = stripLeadingHandles(input.fullText);
  const text = input.hasMedia ? stripMediaLinks(words) : words.trim();
  // Spoken to: a reply to the account, or a post that tags the account and nobody else.
  const others = new Set(input.mentioned.filter((m) => m !== input.accountId && m !== input.authorId));
  const addressed = input.repliesToUs || others.size === 0;
  return {
    eventId: `${TWEET_EVENT_PREFIX}${input.id}`,
    kind: 'mention',
    accountId: input.accountId,
    senderId: input.authorId,
    timestamp: input.timestamp,
    tweetId: input.id,
    ...(input.handle !== undefined ? { senderHandle: input.handle } : {}),
    ...(text !== '' ? { text } : { unsupported: true as const, attachmentTypes: input.hasMedia ? ['media'] : [] }),
    ...(addressed ? {} : { notAddressed: true as const }),
  };
}
