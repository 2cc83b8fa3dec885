import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ReplyMailAddress } from './reply-mail-repo';

/** How long the link in a reply email brings the patient back to the conversation. */
export const OPEN_LINK_DAYS = 7;
const DAY = 86_400_000;
const LINK_ID = /^[0-9a-f]{32}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{32}$/;

function sign(row: Pick<ReplyMailAddress, 'linkKey'>, purpose: string): string {
  return createHmac('sha256', row.linkKey).update(purpose).digest('base64url').slice(0, 32);
}

function same(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The token of the link that reopens the conversation: the row's random id, when it expires, and a
 * signature with the row's own key. It names no patient, conversation or health matter, and it
 * stops working when it expires, when the patient unsubscribes or changes the address, or when
 * their data is erased (the row and its key are gone).
 */
export function openToken(row: Pick<ReplyMailAddress, 'linkId' | 'linkKey'>, at: number): string {
  const expires = Math.floor((at + OPEN_LINK_DAYS * DAY) / 1000);
  return `${row.linkId}.${expires}.${sign(row, `open.${row.linkId}.${expires}`)}`;
}

/** The token of the unsubscribe link: it does not expire (an old email must still stop the next). */
export function unsubscribeToken(row: Pick<ReplyMailAddress, 'linkId' | 'linkKey'>): string {
  return `${row.linkId}.${sign(row, `unsubscribe.${row.linkId}`)}`;
}

/** The row id a token names, read before its row (and key) is looked up; undefined when malformed. */
export function linkIdOf(token: unknown): string | undefined {
  if (typeof token !== 'string' || token.length > 120) return undefined;
  const linkId = token.split('.')[0] ?? '';
  return LINK_ID.test(linkId) ? linkId : undefined;
}

/** Whether `token` is this row's open link and has not expired. */
export function verifyOpen(row: Pick<ReplyMailAddress, 'linkId' | 'linkKey'>, token: string, now: number): boolean {
  const [linkId, expires, signature, ...rest] = token.split('.');
  if (rest.length > 0 || linkId !== row.linkId || !/^\d{1,12}$/.test(expires ?? '') || !SIGNATURE.test(signature ?? '')) return false;
  if (Number(expires) * 1000 < now) return false;
  return same(signature as string, sign(row, `open.${linkId}.${expires}`));
}

/** Whether `token` is this row's unsubscribe link. */
export function verifyUnsubscribe(row: Pick<ReplyMailAddress, 'linkId' | 'linkKey'>, token: string): boolean {
  const [linkId, signature, ...rest] = token.split('.');
  if (rest.length > 0 || linkId !== row.linkId || !SIGNATURE.test(signature ?? '')) return false;
  return same(signature as string, sign(row, `unsubscribe.${linkId}`));
}
