/**
 * One inbound X message, whichever way it arrived (Account Activity webhook or v2 polling). The
 * same message read both ways has the same `eventId`, so the inbox stores it once.
 */
export interface XInboundEvent {
  /** `dm:<dm event id>` or `tweet:<post id>`. */
  eventId: string;
  /** A direct message, or a public post that mentions the account. */
  kind: 'dm' | 'mention';
  /** The practice's own account (`for_user_id`). */
  accountId: string;
  /** Who wrote: the patient's X user id. */
  senderId: string;
  /** Epoch milliseconds. */
  timestamp: number;
  /** What the patient wrote, with the leading reply handles of a post removed. */
  text?: string;
  /** A tapped quick-reply option's metadata. */
  payload?: string;
  /** Only media, nothing we can read. */
  unsupported?: true;
  attachmentTypes?: string[];
  /** DMs: media to download (`attachment.media.media_url_https`, fetched with a signed request). */
  attachments?: Array<{ type: string; url: string }>;
  /** Mentions: the post a public reply answers. */
  tweetId?: string;
  /** Mentions: the author's @handle, which starts the public reply (X refuses identical posts). */
  senderHandle?: string;
  /** Mentions: the account is only tagged among others, not spoken to. */
  notAddressed?: true;
}

export type XSkipReason = 'own' | 'invalid' | 'retweet' | 'not_mention' | 'other';

export type XSkipCounts = Record<XSkipReason, number>;

export function emptySkips(): XSkipCounts {
  return { own: 0, invalid: 0, retweet: 0, not_mention: 0, other: 0 };
}

export const DM_EVENT_PREFIX = 'dm:';
export const TWEET_EVENT_PREFIX = 'tweet:';

/** X ids are decimal strings (they overflow a double); anything else is refused, never rounded. */
export function xId(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d{1,25}$/.test(value) ? value : undefined;
}

/** Epoch-millisecond strings/numbers, ISO-8601 and X's classic `Wed Oct 10 20:19:24 +0000 2018`. */
export function toMillis(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string' || value === '' || value.length > 64) return undefined;
  if (/^\d{1,16}$/.test(value)) {
    const n = Number(value);
    return n > 0 ? n : undefined;
  }
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : undefined;
}

/** Larger of two X ids (snowflakes grow with time). */
export function maxId(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return BigInt(a) >= BigInt(b) ? a : b;
}

export function isNewer(id: string, than: string | undefined): boolean {
  return than === undefined || BigInt(id) > BigInt(than);
}

/** Removes the `@handle @handle` prefix X puts in front of replies; the words are what we triage. */
export function stripLeadingHandles(text: string): string {
  return text.replace(/^(\s*@\w{1,15})+\s*/u, '');
}

/** Media arrive as a t.co link in the text; without it a photo-only message has no words. */
export function stripMediaLinks(text: string): string {
  return text.replace(/\s*https:\/\/t\.co\/\w+\s*$/u, '').trim();
}

/** An X @handle without the @: 1 to 15 letters, digits or underscores. */
export function xHandle(value: unknown): string | undefined {
  return typeof value === 'string' && /^\w{1,15}$/.test(value) ? value : undefined;
}
