import { createHash } from 'node:crypto';
import { OPEN_LINK_DAYS, openToken, unsubscribeToken } from './reply-links';
import type { ReplyMailAddress } from './reply-mail-repo';

/** The outbox channel of reply emails: one lane per conversation, retried like any message. */
export const REPLY_MAIL_CHANNEL = 'mail';

/** Where the patient's links lead: the token rides in the fragment, so it never reaches a server log or a Referer. */
export function replyMailLinks(publicUrl: string, row: Pick<ReplyMailAddress, 'linkId' | 'linkKey'>, at: number) {
  return {
    open: `${publicUrl}/chat#open=${openToken(row, at)}`,
    unsubscribe: `${publicUrl}/chat/mail/unsubscribe?t=${unsubscribeToken(row)}`,
  };
}

/**
 * The email itself. It says only that there is a reply and from whom: an inbox is seen by others
 * (on a lock screen, a shared computer), so no health detail, name or message text is in it.
 */
export function replyMailMessage(input: {
  practiceName: string;
  from: string;
  to: string;
  open: string;
  unsubscribe: string;
  /** The outbox item's key: a send repeated after a crash carries the same Message-ID, so mail programs show it once. */
  key: string;
}) {
  const { practiceName, open, unsubscribe } = input;
  const domain = /@([^\s@<>]+)>?\s*$/.exec(input.from)?.[1] ?? 'frontdesk.invalid';
  return {
    from: input.from,
    to: input.to,
    messageId: `<reply.${createHash('sha256').update(input.key).digest('hex').slice(0, 32)}@${domain}>`,
    subject: `New reply from ${practiceName}`,
    text: [
      `You have a new reply from ${practiceName}: open ${open}`,
      '',
      `The link works for ${OPEN_LINK_DAYS} days, in any browser. In an emergency, call 911.`,
      '',
      `To stop these emails: ${unsubscribe}`,
    ].join('\n'),
    // RFC 8058 one-click unsubscribe: mail programs show their own button and POST to the link.
    list: { unsubscribe: { url: unsubscribe, comment: 'Stop these emails' } },
    headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
