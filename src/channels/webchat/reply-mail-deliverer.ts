import nodemailer from 'nodemailer';
import type { ConversationStore } from '../../conversation/conversation-store';
import type { Deliverer } from '../../conversation/outbox/delivery';
import type { OutboxItem } from '../../conversation/outbox/outbox-repo';
import type { MailConfig } from '../../mail/mail-config';
import { replyMailLinks, replyMailMessage } from '../../mail/reply-mail';

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
        replyMailMessage({ practiceName: options.practiceName, from: config.from, to: row.address, key: item.dedupeKey, ...links }),
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
