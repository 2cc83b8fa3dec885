import { isRecord } from '../../platform/values';
import { mentionEvent } from './parse-events';
import { DM_EVENT_PREFIX, emptySkips, stripMediaLinks, toMillis, xHandle, xId, type XInboundEvent, type XSkipCounts } from './x-event';

/** One page of a v2 list endpoint, read into events; `ids` are every item's id, skipped or not. */
export interface XV2Page {
  events: XInboundEvent[];
  skipped: XSkipCounts;
  ids: string[];
  nextToken?: string;
}

/** The fields the poller asks for, so the parsers below have what they read. */
export const DM_EVENT_FIELDS = 'id,event_type,text,sender_id,dm_conversation_id,created_at,attachments';
export const MENTION_TWEET_FIELDS = 'id,text,author_id,created_at,entities,in_reply_to_user_id,referenced_tweets,note_tweet,attachments';
/** Authors' handles come back in `includes.users` with these. */
export const MENTION_EXPANSIONS = 'author_id';
export const MENTION_USER_FIELDS = 'username';

/**
 * `GET /2/dm_events` (newest first). Only `MessageCreate` events from someone other than the
 * account become events; joins, leaves and the account's own messages are skipped. Never throws.
 */
export function parseDmEventsPage(body: unknown, accountId: string): XV2Page {
  const page: XV2Page = { events: [], skipped: emptySkips(), ids: [] };
  if (!isRecord(body)) return page;
  const next = isRecord(body.meta) && typeof body.meta.next_token === 'string' && body.meta.next_token !== '' ? body.meta.next_token : undefined;
  if (next !== undefined) page.nextToken = next;
  for (const item of Array.isArray(body.data) ? (body.data as unknown[]) : []) {
    const id = isRecord(item) ? xId(item.id) : undefined;
    if (!isRecord(item) || id === undefined) {
      page.skipped.invalid += 1;
      continue;
    }
    page.ids.push(id);
    if (item.event_type !== 'MessageCreate') {
      page.skipped.other += 1;
      continue;
    }
    const senderId = xId(item.sender_id);
    const timestamp = toMillis(item.created_at);
    if (senderId === undefined || timestamp === undefined) {
      page.skipped.invalid += 1;
      continue;
    }
    if (senderId === accountId) {
      page.skipped.own += 1;
      continue;
    }
    const attachments = isRecord(item.attachments) && Array.isArray(item.attachments.media_keys) ? item.attachments.media_keys.length : 0;
    const raw = typeof item.text === 'string' ? item.text : '';
    const words = attachments > 0 ? stripMediaLinks(raw) : raw.trim();
    const base = { eventId: `${DM_EVENT_PREFIX}${id}`, kind: 'dm' as const, accountId, senderId, timestamp };
    if (words !== '') page.events.push({ ...base, text: raw.trim() });
    else if (attachments > 0) page.events.push({ ...base, unsupported: true, attachmentTypes: ['media'] });
    else page.skipped.invalid += 1;
  }
  return page;
}

/**
 * `GET /2/users/:id/mentions` (newest first). Reposts and the account's own posts are skipped; long
 * posts are read from `note_tweet.text`.
 */
export function parseMentionsPage(body: unknown, accountId: string): XV2Page {
  const page: XV2Page = { events: [], skipped: emptySkips(), ids: [] };
  if (!isRecord(body)) return page;
  const next = isRecord(body.meta) && typeof body.meta.next_token === 'string' && body.meta.next_token !== '' ? body.meta.next_token : undefined;
  if (next !== undefined) page.nextToken = next;
  const handles = new Map<string, string>();
  const users = isRecord(body.includes) && Array.isArray(body.includes.users) ? (body.includes.users as unknown[]) : [];
  for (const user of users) {
    const userId = isRecord(user) ? xId(user.id) : undefined;
    const handle = isRecord(user) ? xHandle(user.username) : undefined;
    if (userId !== undefined && handle !== undefined) handles.set(userId, handle);
  }
  for (const item of Array.isArray(body.data) ? (body.data as unknown[]) : []) {
    const id = isRecord(item) ? xId(item.id) : undefined;
    if (!isRecord(item) || id === undefined) {
      page.skipped.invalid += 1;
      continue;
    }
    page.ids.push(id);
    const authorId = xId(item.author_id);
    const timestamp = toMillis(item.created_at);
    if (authorId === undefined || timestamp === undefined) {
      page.skipped.invalid += 1;
      continue;
    }
    if (authorId === accountId) {
      page.skipped.own += 1;
      continue;
    }
    const refs = Array.isArray(item.referenced_tweets) ? (item.referenced_tweets as unknown[]) : [];
    if (refs.some((r) => isRecord(r) && r.type === 'retweeted')) {
      page.skipped.retweet += 1;
      continue;
    }
    const note = isRecord(item.note_tweet) ? item.note_tweet : undefined;
    const fullText = typeof note?.text === 'string' ? note.text : typeof item.text === 'string' ? item.text : '';
    const entities = isRecord(item.entities) ? item.entities : undefined;
    const mentioned = (Array.isArray(entities?.mentions) ? (entities.mentions as unknown[]) : [])
      .map((m) => (isRecord(m) ? xId(m.id) : undefined))
      .filter((m): m is string => m !== undefined);
    const hasMedia = isRecord(item.attachments) && Array.isArray(item.attachments.media_keys) && item.attachments.media_keys.length > 0;
    page.events.push(
      mentionEvent({
        id,
        accountId,
        authorId,
        timestamp,
        fullText,
        mentioned,
        repliesToUs: xId(item.in_reply_to_user_id) === accountId,
        hasMedia,
        ...(handles.has(authorId) ? { handle: handles.get(authorId) as string } : {}),
      }),
    );
  }
  return page;
}
