import { isRecord } from '../../platform/values';
import { mentionEvent } from './parse-events';
import {
  DM_EVENT_PREFIX,
  emptySkips,
  stripMediaLinks,
  toMillis,
  xHandle,
  xId,
  type XInboundEvent,
  type XSkipCounts,
  type XSkipReason,
} from './x-event';

/** One page of a v2 list endpoint, read into events; `ids` are every item's id, skipped or not. */
export interface XV2Page {
  events: XInboundEvent[];
  skipped: XSkipCounts;
  ids: string[];
  nextToken?: string;
}

/** The fields the poller asks for, so the parsers below have what they read. */
export const DM_EVENT_FIELDS = 'id,event_type,text,sender_id,dm_conversation_id,created_at,attachments';
/** A DM's photo comes back in `includes.media` (its signed-download URL) with these. */
export const DM_EXPANSIONS = 'attachments.media_keys';
export const DM_MEDIA_FIELDS = 'media_key,type,url';
export const MENTION_TWEET_FIELDS = 'id,text,author_id,created_at,entities,in_reply_to_user_id,referenced_tweets,note_tweet,attachments';
/** Authors' handles come back in `includes.users` with these. */
export const MENTION_EXPANSIONS = 'author_id';
export const MENTION_USER_FIELDS = 'username';

/**
 * `GET /2/dm_events` (newest first). Only `MessageCreate` events from someone other than the
 * account become events; joins, leaves and the account's own messages are skipped. Never throws.
 */
export function parseDmEventsPage(body: unknown, accountId: string): XV2Page {
  const media = includedMedia(body);
  return readPage(body, (item, id) => {
    if (item.event_type !== 'MessageCreate') return 'other';
    const author = authorOf(item, 'sender_id', accountId);
    if (typeof author === 'string') return author;
    const keys = isRecord(item.attachments) && Array.isArray(item.attachments.media_keys) ? (item.attachments.media_keys as unknown[]) : [];
    const attachments = keys.length;
    const raw = typeof item.text === 'string' ? item.text : '';
    const words = attachments > 0 ? stripMediaLinks(raw) : raw.trim();
    const base = {
      eventId: `${DM_EVENT_PREFIX}${id}`,
      kind: 'dm' as const,
      accountId,
      senderId: author.authorId,
      timestamp: author.timestamp,
    };
    // A photo X gave the URL of is downloaded like a webhook's; the t.co link X appends is not the patient's words.
    const photos = keys.flatMap((key) => {
      const found = typeof key === 'string' ? media.get(key) : undefined;
      return found ? [found] : [];
    });
    if (photos.length > 0) return { ...base, attachments: photos.slice(0, 1), ...(words !== '' ? { text: words } : {}) };
    if (words !== '') return { ...base, text: raw.trim() };
    if (attachments > 0) return { ...base, unsupported: true, attachmentTypes: ['media'] };
    return 'invalid';
  });
}

/** `includes.media` by media key: the type and, for photos, the URL of the file on X's DM media host. */
function includedMedia(body: unknown): Map<string, { type: string; url: string }> {
  const found = new Map<string, { type: string; url: string }>();
  const list = isRecord(body) && isRecord(body.includes) && Array.isArray(body.includes.media) ? (body.includes.media as unknown[]) : [];
  for (const item of list) {
    if (!isRecord(item) || typeof item.media_key !== 'string' || typeof item.url !== 'string') continue;
    if (!item.url.startsWith('https://') || item.url.length > 4096) continue;
    found.set(item.media_key, { type: typeof item.type === 'string' ? item.type.slice(0, 32) : 'media', url: item.url });
  }
  return found;
}

/**
 * `GET /2/users/:id/mentions` (newest first). Reposts and the account's own posts are skipped; long
 * posts are read from `note_tweet.text`. Never throws.
 */
export function parseMentionsPage(body: unknown, accountId: string): XV2Page {
  const handles = new Map<string, string>();
  const users = isRecord(body) && isRecord(body.includes) && Array.isArray(body.includes.users) ? (body.includes.users as unknown[]) : [];
  for (const user of users) {
    const userId = isRecord(user) ? xId(user.id) : undefined;
    const handle = isRecord(user) ? xHandle(user.username) : undefined;
    if (userId !== undefined && handle !== undefined) handles.set(userId, handle);
  }
  return readPage(body, (item, id) => {
    const author = authorOf(item, 'author_id', accountId);
    if (typeof author === 'string') return author;
    const { authorId, timestamp } = author;
    const refs = Array.isArray(item.referenced_tweets) ? (item.referenced_tweets as unknown[]) : [];
    if (refs.some((r) => isRecord(r) && r.type === 'retweeted')) return 'retweet';
    const note = isRecord(item.note_tweet) ? item.note_tweet : undefined;
    const fullText = typeof note?.text === 'string' ? note.text : typeof item.text === 'string' ? item.text : '';
    const entities = isRecord(item.entities) ? item.entities : undefined;
    const mentioned = (Array.isArray(entities?.mentions) ? (entities.mentions as unknown[]) : [])
      .map((m) => (isRecord(m) ? xId(m.id) : undefined))
      .filter((m): m is string => m !== undefined);
    const hasMedia = isRecord(item.attachments) && Array.isArray(item.attachments.media_keys) && item.attachments.media_keys.length > 0;
    return mentionEvent({
      id,
      accountId,
      authorId,
      timestamp,
      fullText,
      mentioned,
      repliesToUs: xId(item.in_reply_to_user_id) === accountId,
      hasMedia,
      ...(handles.has(authorId) ? { handle: handles.get(authorId) as string } : {}),
    });
  });
}

/**
 * The walk both list endpoints share: the next page's token, every item's id (skipped or not), and
 * the skips counted. `read` turns one item with a valid id into an event, or names why it is skipped.
 */
function readPage(body: unknown, read: (item: Record<string, unknown>, id: string) => XInboundEvent | XSkipReason): XV2Page {
  const page: XV2Page = { events: [], skipped: emptySkips(), ids: [] };
  if (!isRecord(body)) return page;
  const next =
    isRecord(body.meta) && typeof body.meta.next_token === 'string' && body.meta.next_token !== '' ? body.meta.next_token : undefined;
  if (next !== undefined) page.nextToken = next;
  for (const item of Array.isArray(body.data) ? (body.data as unknown[]) : []) {
    const id = isRecord(item) ? xId(item.id) : undefined;
    if (!isRecord(item) || id === undefined) {
      page.skipped.invalid += 1;
      continue;
    }
    page.ids.push(id);
    const event = read(item, id);
    if (typeof event === 'string') page.skipped[event] += 1;
    else page.events.push(event);
  }
  return page;
}

/** Who wrote an item and when; `invalid` without either, `own` for the account's own. */
function authorOf(
  item: Record<string, unknown>,
  field: 'sender_id' | 'author_id',
  accountId: string,
): { authorId: string; timestamp: number } | 'invalid' | 'own' {
  const authorId = xId(item[field]);
  const timestamp = toMillis(item.created_at);
  if (authorId === undefined || timestamp === undefined) return 'invalid';
  return authorId === accountId ? 'own' : { authorId, timestamp };
}
