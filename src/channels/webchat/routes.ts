import { createHmac, randomBytes } from 'node:crypto';
import express, { type Response, type Router } from 'express';
import type { ChannelContext } from '../../conversation/channel';
import { AppError } from '../../platform/errors';
import { verifyJsonDepth } from '../../platform/http/body-guards';
import { requireJson } from '../../platform/http/raw-json-body';
import { repliesByLanguage } from '../../bot/replies-es';
import { looksUrgent } from '../../triage/triage-router';
import { CHAT_CSS, CHAT_JS, chatHtml, chatLanguage } from './chat-page';
import type { WebchatInboundEvent } from './webchat-event';
import { isInlineImage, sniffContentType } from '../../attachments/content-type';
import { sendAttachmentFile } from '../../attachments/serve-file';

const SESSION_ID = /^[0-9a-f]{32}$/;
const MINUTE = 60_000;
const CLIENT_MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const WEBCHAT_MAX_TEXT = 2000;
const MAX_TEXT = WEBCHAT_MAX_TEXT;

export interface WebchatRouteDeps {
  /** The channel's id, under which its conversations are stored. */
  channelId: string;
  /**
   * Per-minute caps for this public page (defaults: 20 messages a session, and per address only as
   * high ceilings: 300 messages and 120 new sessions). Behind a reverse proxy set TRUST_PROXY so
   * addresses are the patients', not the proxy's.
   */
  limits?: { perSession: number; perAddress: number; sessionsPerAddress: number };
  /** Largest photo or PDF a patient may upload (ATTACHMENT_MAX_BYTES). */
  attachmentMaxBytes?: number;
  /** SMTP is set up: the page offers "Get an email when we reply". */
  replyMail?: boolean;
}

/** 429 with Retry-After: a patient typing never hits these; a script flooding the queue does. */
function limited(until: number | undefined, at: number, res: Response): void {
  if (until === undefined) return;
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil((until - at) / 1000))));
  throw new AppError(
    'rate_limited',
    'Too many messages in a short time. Please wait a moment and try again; in an emergency call 911.',
    429,
  );
}

/**
 * `/chat` and its small JSON API. The session id is a random 128-bit bearer secret kept in the
 * browser: knowing it is what lets a page read its own transcript.
 */
export function webchatRoutes(deps: WebchatRouteDeps, ctx: ChannelContext): Router {
  const router = express.Router();
  const { now } = ctx;
  const limits = deps.limits ?? { perSession: 20, perAddress: 300, sessionsPerAddress: 120 };
  // Counted in the store: every instance behind a load balancer sees the same counts.
  const windows = ctx.store.rateWindows;
  const bySession = windows.window('webchat-session', limits.perSession, MINUTE);
  const byAddress = windows.window('webchat-address', limits.perAddress, MINUTE);
  const sessionsByAddress = windows.window('webchat-new-session', limits.sessionsPerAddress, MINUTE);
  // Emergencies from one address share one queue item; the address itself is never stored.
  const sourceSecret = randomBytes(16);
  const sourceOf = (address: string) => `webchat:${createHmac('sha256', sourceSecret).update(address).digest('hex').slice(0, 24)}`;

  const info = {
    practiceName: ctx.practice.name,
    privacyUrl: ctx.practice.privacyUrl,
    emergency: ctx.practice.emergencyNumbers.emergency,
    crisis: ctx.practice.emergencyNumbers.crisis,
    maxTextLength: MAX_TEXT,
    replyMail: deps.replyMail === true,
  };
  const pages = { en: chatHtml(info, 'en'), es: chatHtml(info, 'es') };
  // The assistant's introduction, in every language: a phone shows it folded to its first sentence.
  const disclosures = new Set(Object.values(repliesByLanguage(ctx.practice)).map((r) => r.disclosure));
  // In the browser's language (or ?lang=es); the page follows the conversation's language after.
  router.get('/chat', (req, res) => {
    res.vary('Accept-Language');
    res.type('html').send(pages[chatLanguage(req.query.lang, (languages) => req.acceptsLanguages(...languages))]);
  });
  router.get('/chat/chat.js', (_req, res) => {
    res.type('application/javascript').send(CHAT_JS);
  });
  router.get('/chat/chat.css', (_req, res) => {
    res.type('text/css').send(CHAT_CSS);
  });

  router.post('/chat/api/sessions', async (req, res) => {
    const at = now();
    limited(await sessionsByAddress.take(req.ip ?? '', at), at, res);
    res.status(201).json({ sessionId: randomBytes(16).toString('hex') });
  });

  router.post('/chat/api/messages', requireJson, express.json({ limit: '16kb', verify: verifyJsonDepth }), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const event = validateMessage(body, now());
    const at = event.timestamp;
    const address = req.ip ?? '';
    // Per session first: one patient's flood never slows another. The per-address ceiling never
    // holds back the first message of a new session that reports an emergency (red-flag pre-scan):
    // that patient may share an address with an abuser and must reach the 911 reply. The pre-scan is
    // the one the inbox uses, in every language it reads.
    limited(await bySession.blockedUntil(event.sessionId, at), at, res);
    const emergencyOpening =
      (await ctx.store.conversations.findByPlatform(deps.channelId, event.sessionId)) === undefined && looksUrgent(event.text);
    if (!emergencyOpening) {
      limited(await byAddress.blockedUntil(address, at), at, res);
      await byAddress.record(address, at);
    }
    await bySession.record(event.sessionId, at);
    const payload = { ...event, source: sourceOf(address) };
    await ctx.ingest([{ eventId: `${event.sessionId}:${event.clientMessageId}`, payload, text: event.text }]);
    res.status(202).json({ accepted: true });
  });

  router.post(
    '/chat/api/attachments',
    express.raw({ type: () => true, limit: deps.attachmentMaxBytes ?? 10 * 1024 * 1024 }),
    async (req, res) => {
      const at = now();
      const { sessionId, clientMessageId } = validateUploadQuery(req.query);
      limited(await bySession.blockedUntil(sessionId, at), at, res);
      limited(await byAddress.blockedUntil(req.ip ?? '', at), at, res);
      await bySession.record(sessionId, at);
      await byAddress.record(req.ip ?? '', at);
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const uploadId = await storeUpload(ctx, deps.channelId, sessionId, bytes, at);
      const caption = typeof req.query.text === 'string' ? req.query.text.slice(0, MAX_TEXT) : '';
      const event: WebchatInboundEvent = {
        sessionId,
        clientMessageId,
        text: caption,
        timestamp: at,
        uploadId,
        source: sourceOf(req.ip ?? ''),
      };
      const added = await ctx.ingest([
        { eventId: `${sessionId}:${clientMessageId}`, payload: event, ...(caption ? { text: caption } : {}) },
      ]);
      // A resent upload (same message id) is the one already stored: this copy is not kept.
      if (added === 0) await ctx.store.attachments.discardUpload(uploadId, sessionId);
      res.status(202).json({ accepted: true });
    },
  );

  router.get('/chat/api/messages', async (req, res) => {
    const sessionId = typeof req.query.sessionId === 'string' ? req.query.sessionId : '';
    if (!SESSION_ID.test(sessionId))
      throw new AppError('invalid_session', 'sessionId must be the id returned by POST /chat/api/sessions.', 400);
    const after = Number(typeof req.query.after === 'string' ? req.query.after : '0');
    const conversation = await ctx.store.conversations.findByPlatform(deps.channelId, sessionId);
    const since = Number.isFinite(after) ? after : 0;
    const messages = conversation ? await ctx.store.messages.listByConversation(conversation.id, since) : [];
    // The bot's answer to a message triaged as an emergency is the 911/988 reply. Only when a poll
    // starts mid-answer is the patient message before it looked up.
    let answering: string | null = null;
    if (conversation && messages[0] !== undefined && messages[0].author !== 'patient' && since > 0) {
      const earlier = (await ctx.store.messages.listByConversation(conversation.id)).filter((m) => m.id <= since && m.author === 'patient');
      answering = earlier.at(-1)?.route ?? null;
    }
    const emergencyReplies = new Set<number>();
    for (const m of messages) {
      if (m.author === 'patient') answering = m.route;
      else if (m.author === 'bot' && answering === 'emergency') emergencyReplies.add(m.id);
    }
    // Photos and PDFs on these messages (the patient's uploads, files staff sent back), read by the
    // page through the session that owns the conversation.
    const files = new Map<number, { id: number; inline: boolean }[]>();
    if (conversation && messages.length > 0) {
      for (const a of await ctx.store.attachments.listForConversation(conversation.id)) {
        if (a.messageId === null || a.status !== 'stored') continue;
        const list = files.get(a.messageId) ?? [];
        list.push({ id: a.id, inline: isInlineImage(a.contentType) });
        files.set(a.messageId, list);
      }
    }
    res.json({
      language: conversation?.language ?? null,
      ...(deps.replyMail ? { replyMail: conversation ? (await ctx.store.replyMail.get(conversation.id)) !== undefined : false } : {}),
      messages: messages.map((m) => ({
        id: m.id,
        author: m.author,
        text: m.text,
        quickReplies: m.quickReplies,
        ...(files.has(m.id) ? { attachments: files.get(m.id) } : {}),
        // The 911/988 reply: the page shows it apart and announces it at once.
        ...(emergencyReplies.has(m.id) ? { emergency: true } : {}),
        ...(m.author === 'bot' && disclosures.has(m.text) ? { disclosure: true } : {}),
        at: new Date(m.createdAt).toISOString(),
      })),
    });
  });

  // A file on this session's own conversation, to this session only: any other id is not found.
  router.get('/chat/api/attachments/:id', async (req, res) => {
    const sessionId = typeof req.query.sessionId === 'string' ? req.query.sessionId : '';
    if (!SESSION_ID.test(sessionId))
      throw new AppError('invalid_session', 'sessionId must be the id returned by POST /chat/api/sessions.', 400);
    const id = Number(req.params.id);
    const conversation = await ctx.store.conversations.findByPlatform(deps.channelId, sessionId);
    const found = Number.isSafeInteger(id) && conversation ? await ctx.store.attachments.get(id) : undefined;
    const bytes =
      found && found.conversationId === conversation?.id && found.status === 'stored' ? await ctx.store.attachments.bytes(id) : undefined;
    if (!found || !bytes) throw new AppError('not_found', 'No such file in this conversation.', 404);
    sendAttachmentFile(res, id, found.contentType, bytes);
  });

  return router;
}

function validateUploadQuery(query: Record<string, unknown>): { sessionId: string; clientMessageId: string } {
  const { sessionId, clientMessageId } = query;
  if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) {
    throw new AppError('invalid_session', 'sessionId must be the id returned by POST /chat/api/sessions.', 400);
  }
  if (typeof clientMessageId !== 'string' || !CLIENT_MESSAGE_ID.test(clientMessageId)) {
    throw new AppError('invalid_message', 'clientMessageId must be 1-64 letters, digits, "-" or "_".', 400);
  }
  return { sessionId, clientMessageId };
}

/**
 * A patient's upload is held only when its bytes are a photo or a PDF, whatever its name or the
 * browser claimed; it waits for its message's turn under the session that sent it.
 */
async function storeUpload(ctx: ChannelContext, channelId: string, sessionId: string, bytes: Buffer, at: number): Promise<number> {
  if (bytes.length === 0) throw new AppError('invalid_attachment', 'The file is empty.', 400);
  const contentType = sniffContentType(bytes);
  if (contentType === 'application/octet-stream') {
    throw new AppError('unsupported_attachment', 'Only photos (JPEG, PNG, GIF, WebP, HEIC) and PDF files can be sent.', 415);
  }
  return await ctx.store.attachments.addUpload({ channel: channelId, owner: sessionId, contentType, bytes, at });
}

function validateMessage(body: Record<string, unknown>, at: number): WebchatInboundEvent {
  const { sessionId, clientMessageId, text, payload } = body;
  if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) {
    throw new AppError('invalid_session', 'sessionId must be the id returned by POST /chat/api/sessions.', 400);
  }
  if (typeof clientMessageId !== 'string' || !CLIENT_MESSAGE_ID.test(clientMessageId)) {
    throw new AppError('invalid_message', 'clientMessageId must be 1-64 letters, digits, "-" or "_".', 400);
  }
  if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT) {
    throw new AppError('invalid_message', `text must be a non-empty string of at most ${MAX_TEXT} characters.`, 400);
  }
  if (payload !== undefined && (typeof payload !== 'string' || payload.length > 200)) {
    throw new AppError('invalid_message', 'payload must be a string of at most 200 characters.', 400);
  }
  return { sessionId, clientMessageId, text, ...(payload ? { payload } : {}), timestamp: at };
}
