import express, { type Router } from 'express';
import type { ChannelContext } from '../../conversation/channel';
import type { Deliverer } from '../../conversation/outbox/delivery';
import { linkIdOf, verifyOpen, verifyUnsubscribe } from '../../mail/reply-links';
import { REPLY_MAIL_CHANNEL } from '../../mail/reply-mail';
import { AppError } from '../../platform/errors';
import { verifyJsonDepth } from '../../platform/http/body-guards';
import { requireJson } from '../../platform/http/raw-json-body';
import type { RateWindow } from '../../platform/http/rate-windows';
import { escapeHtml } from './chat-page';

const SESSION_ID = /^[0-9a-f]{32}$/;
const MINUTE = 60_000;
/** A plain address: something@domain.tld, at most 254 characters (the longest SMTP carries). */
const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]{2,}$/;

function sessionOf(value: unknown): string {
  if (typeof value !== 'string' || !SESSION_ID.test(value))
    throw new AppError('invalid_session', 'sessionId must be the id returned by POST /chat/api/sessions.', 400);
  return value;
}

/**
 * The web chat's side of a staff reply: when the patient asked for an email and the message is a
 * person's reply, the email is queued in the outbox (its own lane, retried, once per reply: the
 * key is the reply itself, so a delivery repeated after a crash queues nothing new).
 */
export function deliverWithReplyMail(ctx: ChannelContext): Deliverer {
  const { store } = ctx;
  return async (item) => {
    if (item.messageId === null) return { ok: true };
    const message = await store.messages.get(item.messageId);
    if (message?.author !== 'staff' || !(await store.replyMail.get(item.conversationId))) return { ok: true };
    await store.outbox.enqueue({
      dedupeKey: `mail:reply:${item.messageId}`,
      channel: REPLY_MAIL_CHANNEL,
      conversationId: item.conversationId,
      messageId: null,
      payload: { conversationId: item.conversationId },
      at: ctx.now(),
    });
    return { ok: true };
  };
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/chat/chat.css">
</head>
<body><main class="chat plain"><h1>${title}</h1>${body}</main></body>
</html>
`;
}

/**
 * "Email me when you reply": the patient gives or removes an address for their conversation, the
 * link in an email reopens the conversation in any browser (its token, sent by the page, is swapped
 * for the session), and one click unsubscribes (RFC 8058: mail programs POST to the same link; a
 * GET only shows the button, so a scanner that opens links unsubscribes nobody).
 */
export function replyMailRoutes(deps: { channelId: string }, ctx: ChannelContext): Router {
  const router = express.Router();
  const { store, now } = ctx;
  // Counted in the store, like the page's other limits: every instance sees the same counts.
  const bySession = store.rateWindows.window('reply-mail-session', 10, MINUTE);
  const byAddress = store.rateWindows.window('reply-mail-address', 30, MINUTE);
  const name = escapeHtml(ctx.practice.name);
  const json = [requireJson, express.json({ limit: '4kb', verify: verifyJsonDepth })];

  const conversationOf = async (sessionId: string) => {
    const conversation = await store.conversations.findByPlatform(deps.channelId, sessionId);
    if (!conversation) throw new AppError('no_conversation', 'Send a message first; the email is for replies to it.', 409);
    return conversation;
  };
  const limit = async (key: string | undefined, window: RateWindow) => {
    const at = now();
    if ((await window.take(key ?? '', at)) !== undefined)
      throw new AppError('rate_limited', 'Too many tries in a short time. Please wait a minute.', 429);
  };

  router.put('/chat/api/reply-mail', ...json, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const sessionId = sessionOf(body.sessionId);
    await limit(sessionId, bySession);
    const address = typeof body.address === 'string' ? body.address.trim() : '';
    if (address.length > 254 || !ADDRESS.test(address))
      throw new AppError('invalid_address', 'address must be an email address like name@example.com.', 400);
    const conversation = await conversationOf(sessionId);
    await store.replyMail.set(conversation.id, address, now());
    res.json({ replyMail: true });
  });

  router.delete('/chat/api/reply-mail', async (req, res) => {
    const sessionId = sessionOf(req.query.sessionId);
    await limit(sessionId, bySession);
    const conversation = await store.conversations.findByPlatform(deps.channelId, sessionId);
    if (conversation) await store.replyMail.remove(conversation.id);
    res.json({ replyMail: false });
  });

  router.post('/chat/api/open', ...json, async (req, res) => {
    await limit(req.ip, byAddress);
    const token = (req.body as Record<string, unknown> | undefined)?.token;
    const linkId = linkIdOf(token);
    const row = linkId ? await store.replyMail.findByLinkId(linkId) : undefined;
    const conversation = row && verifyOpen(row, token as string, now()) ? await store.conversations.get(row.conversationId) : undefined;
    if (!conversation)
      throw new AppError('link_expired', 'This link has expired or no longer works. Write to us here to start a new conversation.', 410);
    res.json({ sessionId: conversation.platformUserId });
  });

  const unsubscribeRow = async (token: unknown) => {
    const linkId = linkIdOf(token);
    const row = linkId ? await store.replyMail.findByLinkId(linkId) : undefined;
    return row && verifyUnsubscribe(row, token as string) ? row : undefined;
  };
  router.get('/chat/mail/unsubscribe', async (req, res) => {
    await limit(req.ip, byAddress);
    const token = typeof req.query.t === 'string' ? req.query.t : '';
    const row = await unsubscribeRow(token);
    res.type('html').send(
      row
        ? page(
            'Stop reply emails',
            `<p>You get an email when ${name} replies to your chat.</p>
<form method="post" action="/chat/mail/unsubscribe?t=${encodeURIComponent(token)}"><button type="submit" class="primary">Stop these emails</button></form>`,
          )
        : page('No more reply emails', `<p>You will not get reply emails from ${name} at this address.</p>`),
    );
  });
  router.post('/chat/mail/unsubscribe', async (req, res) => {
    await limit(req.ip, byAddress);
    const row = await unsubscribeRow(req.query.t);
    if (row) await store.replyMail.remove(row.conversationId);
    res
      .type('html')
      .send(
        page('Unsubscribed', `<p>You will get no more reply emails from ${name}. Your conversation is still there on the chat page.</p>`),
      );
  });

  return router;
}
