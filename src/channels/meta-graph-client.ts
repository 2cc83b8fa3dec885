import { postJson, type PostResponse, type Poster } from '../platform/http/post-json';
import { isRecord, type Choice } from '../platform/values';
import { describeGraphError, isPermanentGraphCode, isRetryableGraphCode } from './meta-graph-errors';

export type SenderAction = 'typing_on' | 'typing_off' | 'mark_seen';

export type QuickReply = Choice;

interface SendMessageBase {
  recipientId: string;
  text: string;
  quickReplies?: readonly QuickReply[];
}

/**
 * `HUMAN_AGENT` is only for a person's reply 24 h–7 days after the patient's last message, never
 * for bot messages (Messenger message tags policy); the type makes the tag impossible elsewhere.
 */
export type SendMessageInput = SendMessageBase &
  ({ messagingType: 'RESPONSE' | 'UPDATE'; tag?: undefined } | { messagingType: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' });

export interface GraphFailure {
  ok: false;
  /** Worth trying again later (rate limits, 5xx, network, timeout). */
  retryable: boolean;
  /** Will never succeed as sent (outside the window, person unavailable, bad request, bad token). */
  permanent: boolean;
  /** Graph `error.code` / `error.error_subcode`, when Graph answered with one. */
  code?: number;
  subcode?: number;
  httpStatus?: number;
  /** Graph's `fbtrace_id`, for a support ticket with Meta. */
  traceId?: string;
  /** Operator-facing; built only from codes and our own words, never from message text. */
  reason: string;
  /** A rate limit (613, 4, HTTP 429): the whole Page should pause, not only this message. */
  rateLimited?: true;
  /** When Graph said access comes back (Retry-After, usage headers' estimated time), epoch ms. */
  retryAt?: number;
}

export type SendMessageResult = { ok: true; messageId: string; truncated?: true } | GraphFailure;
export type SendActionResult = { ok: true } | GraphFailure;

/** A file staff send: uploaded with the message (multipart `filedata`), never by a public URL. */
export type SendAttachmentInput = Omit<SendMessageInput, 'text' | 'quickReplies'> & {
  type: 'image' | 'file';
  bytes: Buffer;
  contentType: string;
  filename: string;
};

/** An image the platform fetches from `url` itself (Instagram takes attachments by URL). */
export type SendAttachmentLinkInput = Omit<SendMessageInput, 'text' | 'quickReplies'> & { type: 'image'; url: string };

export interface GraphClient {
  sendMessage(input: SendMessageInput): Promise<SendMessageResult>;
  /** Sends an image by URL: `message.attachment.payload.url`, fetched by Meta while it sends. */
  sendAttachmentLink(input: SendAttachmentLinkInput): Promise<SendMessageResult>;
  /** Sends an image or a file in one Send API call with the file attached (multipart upload). */
  sendAttachment(input: SendAttachmentInput): Promise<SendMessageResult>;
  sendAction(recipientId: string, action: SenderAction): Promise<SendActionResult>;
}

export interface GraphClientOptions {
  /** e.g. `https://graph.facebook.com` or a fake server on loopback. */
  baseUrl: string;
  /** e.g. `v21.0`. */
  version: string;
  pageAccessToken: string;
  /** How requests are made; Node's kept-alive HTTP client by default (`fetch` fits too). */
  fetchImpl?: Poster;
  timeoutMs?: number;
}

/** Send API text limit (2000 characters, Send API reference `message.text`). */
export const MAX_TEXT_LENGTH = 2000;
/** Quick replies: at most 13 buttons; titles beyond 20 characters are cut by Messenger anyway. */
export const MAX_QUICK_REPLIES = 13;
export const MAX_QUICK_REPLY_TITLE = 20;
/**
 * The Send API allows 300 calls per second per Page for text messages; the outbox stays below it
 * with room for typing indicators, which count as calls too.
 */
export const MAX_SENDS_PER_SECOND = 280;
const ELLIPSIS = '…';

/**
 * Client for the Messenger Send API: `POST {baseUrl}/{version}/me/messages`.
 *
 * The page token travels only in the `Authorization: Bearer` header (Graph accepts OAuth bearer
 * tokens), so it never appears in a URL, a proxy log or an error. Nothing here logs. HTTP failures
 * come back as a classified result; the function does not throw for them.
 *
 * Long text is truncated, not split: one outbox row is one Send API call and one message id, so a
 * retry after a partial split could never send a part twice. Callers with possibly long text (staff
 * replies) should refuse it up front; `truncated: true` reports when this safety net fired.
 */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const fetchImpl = options.fetchImpl ?? postJson;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/${options.version.replace(/^\/+|\/+$/g, '')}/me/messages`;

  async function post(body: Record<string, unknown>): Promise<{ ok: true; json: unknown } | GraphFailure> {
    let response: PostResponse;
    let text: string;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.pageAccessToken}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
        // Covers reading the body too, so a server that stalls mid-response still times out.
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      return transportFailure(err, timeoutMs);
    }
    const json = safeJson(text);
    if (response.ok) return { ok: true, json };
    return classifyHttpFailure(response.status, json, response.headers);
  }

  return {
    async sendMessage(input) {
      const invalid = validateRecipient(input.recipientId);
      if (invalid) return invalid;
      if (typeof input.text !== 'string' || input.text.trim() === '') {
        return invalidRequest('message text is empty; the Send API requires non-empty text');
      }
      if (input.messagingType === 'MESSAGE_TAG' && input.tag !== 'HUMAN_AGENT') {
        return invalidRequest('MESSAGE_TAG requires tag HUMAN_AGENT');
      }

      const text = truncate(input.text, MAX_TEXT_LENGTH);
      const message: Record<string, unknown> = { text };
      const quickReplies = buildQuickReplies(input.quickReplies);
      if (quickReplies.length > 0) message.quick_replies = quickReplies;

      const body: Record<string, unknown> = {
        recipient: { id: input.recipientId },
        messaging_type: input.messagingType,
        message,
      };
      // Only a MESSAGE_TAG send carries a tag; a stray tag on a bot reply is dropped, never sent.
      if (input.messagingType === 'MESSAGE_TAG') body.tag = input.tag;

      const result = await post(body);
      if (!result.ok) return result;
      const messageId = isRecord(result.json) && typeof result.json.message_id === 'string' ? result.json.message_id : '';
      // A 2xx means Meta accepted the message: report success even without an id, because retrying
      // would risk sending the patient the same message twice.
      return text.length < input.text.length ? { ok: true, messageId, truncated: true } : { ok: true, messageId };
    },

    async sendAttachment(input) {
      const invalid = validateRecipient(input.recipientId);
      if (invalid) return invalid;
      const form = new FormData();
      form.set('recipient', JSON.stringify({ id: input.recipientId }));
      form.set('messaging_type', input.messagingType);
      if (input.messagingType === 'MESSAGE_TAG') form.set('tag', input.tag);
      form.set('message', JSON.stringify({ attachment: { type: input.type, payload: { is_reusable: false } } }));
      form.set('filedata', new Blob([input.bytes], { type: input.contentType }), input.filename);
      let response: Response;
      let text: string;
      try {
        // Multipart: the platform's own fetch, not the JSON poster; the token stays in the header.
        response = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.pageAccessToken}`, accept: 'application/json' },
          body: form,
          signal: AbortSignal.timeout(timeoutMs * 3),
        });
        text = await response.text();
      } catch (err) {
        return transportFailure(err, timeoutMs * 3);
      }
      const json = safeJson(text);
      if (!response.ok) return classifyHttpFailure(response.status, json, response.headers);
      return { ok: true, messageId: isRecord(json) && typeof json.message_id === 'string' ? json.message_id : '' };
    },

    async sendAttachmentLink(input) {
      const invalid = validateRecipient(input.recipientId);
      if (invalid) return invalid;
      if (!/^https?:\/\//.test(input.url)) return invalidRequest('an attachment link must be an http(s) URL');
      const body: Record<string, unknown> = {
        recipient: { id: input.recipientId },
        messaging_type: input.messagingType,
        message: { attachment: { type: input.type, payload: { url: input.url, is_reusable: false } } },
      };
      if (input.messagingType === 'MESSAGE_TAG') body.tag = input.tag;
      const result = await post(body);
      if (!result.ok) return result;
      return { ok: true, messageId: isRecord(result.json) && typeof result.json.message_id === 'string' ? result.json.message_id : '' };
    },

    async sendAction(recipientId, action) {
      const invalid = validateRecipient(recipientId);
      if (invalid) return invalid;
      if (action !== 'typing_on' && action !== 'typing_off' && action !== 'mark_seen') {
        return invalidRequest('unknown sender action');
      }
      // Sender actions are their own request with only recipient and sender_action (Sender Actions guide).
      const result = await post({ recipient: { id: recipientId }, sender_action: action });
      return result.ok ? { ok: true } : result;
    },
  };
}

function buildQuickReplies(replies: readonly QuickReply[] | undefined): Array<Record<string, string>> {
  if (!Array.isArray(replies)) return [];
  return (
    replies
      // A text quick reply needs a non-empty title; an unusable button is dropped rather than failing the answer.
      .filter(
        (r) =>
          r !== null &&
          typeof r === 'object' &&
          typeof r.title === 'string' &&
          r.title.trim() !== '' &&
          typeof r.payload === 'string' &&
          r.payload !== '',
      )
      .slice(0, MAX_QUICK_REPLIES)
      // Cut titles ourselves so the text that comes back when tapped is predictable.
      .map((r) => ({ content_type: 'text', title: truncate(r.title, MAX_QUICK_REPLY_TITLE), payload: r.payload }))
  );
}

/**
 * Cuts to at most `max` UTF-16 code units (never more characters than Meta counts), on a code point
 * boundary, ending with an ellipsis when something was cut.
 */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - ELLIPSIS.length;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // do not split a surrogate pair
  return text.slice(0, cut).trimEnd() + ELLIPSIS;
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);

/**
 * When the limit lifts: `Retry-After` (seconds or an HTTP date), or the largest
 * `estimated_time_to_regain_access` (minutes) in Graph's usage headers.
 */
export function retryAtFromHeaders(headers: PostResponse['headers'], now: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return now + Math.min(seconds, 3600) * 1000;
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.min(date, now + 3_600_000);
  }
  let minutes = 0;
  for (const name of ['x-business-use-case-usage', 'x-app-usage', 'x-page-usage']) {
    const value = headers.get(name);
    if (value === null || value.length > 10_000) continue;
    for (const match of value.matchAll(/"estimated_time_to_regain_access"\s*:\s*(\d+)/g)) minutes = Math.max(minutes, Number(match[1]));
  }
  return minutes > 0 ? now + Math.min(minutes, 60) * 60_000 : undefined;
}

function classifyHttpFailure(httpStatus: number, json: unknown, headers?: PostResponse['headers']): GraphFailure {
  const error = isRecord(json) && isRecord(json.error) ? json.error : undefined;
  const code = error !== undefined && typeof error.code === 'number' ? error.code : undefined;
  const subcode = error !== undefined && typeof error.error_subcode === 'number' ? error.error_subcode : undefined;
  const traceId = error !== undefined && typeof error.fbtrace_id === 'string' ? error.fbtrace_id.slice(0, 64) : undefined;

  let retryable: boolean;
  if (code !== undefined && isPermanentGraphCode(code)) retryable = false;
  else if (code !== undefined && isRetryableGraphCode(code)) retryable = true;
  else retryable = httpStatus >= 500 || httpStatus === 429 || httpStatus === 408;

  // Graph's own `error.message` is deliberately left out: parameter errors can quote what was sent.
  const codePart = code === undefined ? 'Graph error' : `Graph error ${code}${subcode !== undefined ? `/${subcode}` : ''}`;
  const reason = `${codePart} (HTTP ${httpStatus}): ${describeGraphError(code, httpStatus)}`;
  const rateLimited = httpStatus === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code));
  const retryAt = headers ? retryAtFromHeaders(headers, Date.now()) : undefined;
  return {
    ok: false,
    retryable: retryable || rateLimited,
    permanent: !(retryable || rateLimited),
    httpStatus,
    reason,
    ...(rateLimited ? { rateLimited: true as const } : {}),
    ...(retryAt !== undefined ? { retryAt } : {}),
    ...(code !== undefined ? { code } : {}),
    ...(subcode !== undefined ? { subcode } : {}),
    ...(traceId !== undefined ? { traceId } : {}),
  };
}

function transportFailure(err: unknown, timeoutMs: number): GraphFailure {
  // Duck-typed: undici's DOMException and errors from another realm fail `instanceof Error`.
  const name = isRecord(err) && typeof err.name === 'string' ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { ok: false, retryable: true, permanent: false, reason: `Graph API did not answer within ${timeoutMs} ms` };
  }
  const cause = isRecord(err) && isRecord(err.cause) && typeof err.cause.code === 'string' ? err.cause.code.slice(0, 40) : undefined;
  return {
    ok: false,
    retryable: true,
    permanent: false,
    reason: `network error reaching the Graph API${cause !== undefined ? ` (${cause})` : ''}: check GRAPH_API_BASE and connectivity`,
  };
}

function validateRecipient(recipientId: unknown): GraphFailure | undefined {
  return typeof recipientId === 'string' && recipientId !== '' ? undefined : invalidRequest('recipient id is empty');
}

function invalidRequest(reason: string): GraphFailure {
  return { ok: false, retryable: false, permanent: true, reason: `not sent: ${reason}` };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
