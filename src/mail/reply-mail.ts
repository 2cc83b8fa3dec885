import nodemailer from 'nodemailer';
import type { ConversationStore } from '../conversation/conversation-store';
import type { Deliverer } from '../conversation/outbox/delivery';
import type { OutboxItem } from '../conversation/outbox/outbox-repo';
import type { MailConfig } from './mail-config';
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
export function replyMailMessage(input: { practiceName: string; from: string; to: string; open: string; unsubscribe: string }) {
  const { practiceName, open, unsubscribe } = input;
  return {
    from: input.from,
    to: input.to,
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

/** The conversation a reply email's outbox item is for. */
export function replyMailConversation(item: OutboxItem): number | undefined {
  const id = item.payload.conversationId;
  return typeof id === 'number' ? id : undefined;
}

/**
 * Sends reply emails through SMTP_URL. The address is read when the mail is sent, never copied into
 * the outbox: after an unsubscribe or an erasure a waiting mail finds no address and sends nothing.
 * A recipient the SMTP server refuses for good (5xx to RCPT TO: no such mailbox) is final; anything
 * else (connection errors, 4xx, a login the operator must fix) is retried.
 */
export function replyMailDeliverer(options: {
  config: MailConfig;
  store: Pick<ConversationStore, 'replyMail'>;
  practiceName: string;
  now: () => number;
}): Deliverer {
  const { config } = options;
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return async (item) => {
    const conversationId = replyMailConversation(item);
    if (conversationId === undefined) return { ok: false, retryable: false, reason: 'reply mail without a conversation' };
    const row = await options.store.replyMail.get(conversationId);
    if (!row) return { ok: true };
    const links = replyMailLinks(config.publicUrl, row, options.now());
    try {
      const info = await transport.sendMail(
        replyMailMessage({ practiceName: options.practiceName, from: config.from, to: row.address, ...links }),
      );
      return { ok: true, ...(typeof info.messageId === 'string' ? { platformMessageId: info.messageId } : {}) };
    } catch (err) {
      const { responseCode, code, command } = err as { responseCode?: unknown; code?: unknown; command?: unknown };
      if (typeof responseCode === 'number') {
        const refused = responseCode >= 500 && command === 'RCPT TO';
        return { ok: false, retryable: !refused, reason: `SMTP server answered ${responseCode}${refused ? ' to the recipient' : ''}` };
      }
      return { ok: false, retryable: true, reason: `SMTP server unreachable (${typeof code === 'string' ? code : (err as Error).name})` };
    }
  };
}
