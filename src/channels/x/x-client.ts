import http from 'node:http';
import { TwitterApi, type ITwitterApiClientPlugin, type TwitterResponse } from 'twitter-api-v2';
import { isRecord } from '../../platform/values';
import { classifyXError, readRate, type XFailure, type XRate } from './x-errors';
import { DM_EVENT_FIELDS, DM_EXPANSIONS, DM_MEDIA_FIELDS, MENTION_EXPANSIONS, MENTION_TWEET_FIELDS, MENTION_USER_FIELDS } from './parse-v2';

export type { XFailure, XRate } from './x-errors';

export interface XCredentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessSecret: string;
}

export interface XClientOptions extends XCredentials {
  /** `https://api.x.com`, or a fake server on loopback in tests. */
  apiBase: string;
  timeoutMs?: number;
  now?: () => number;
  /** Told what X reported about the DM send quota after every DM send, whether it succeeded or not. */
  onDmRate?: (rate: XRate | undefined) => void;
}

export type XSent = { ok: true; id: string; truncated?: true } | XFailure;
export type XRead = { ok: true; body: unknown; rate: XRate } | XFailure;

export interface XClient {
  /** `POST /2/dm_conversations/with/:participant_id/messages`. */
  sendDm(participantId: string, text: string): Promise<XSent>;
  /**
   * A photo by DM: uploaded first (`POST /2/media/upload/initialize`, `…/:id/append`, `…/:id/finalize`,
   * category `dm_image` or `dm_gif`), then sent as the DM's one attachment, with text when there is some.
   */
  sendDmMedia(participantId: string, text: string, media: { bytes: Buffer; contentType: string }): Promise<XSent>;
  /** `POST /2/tweets` with `reply.in_reply_to_tweet_id`. */
  replyPublicly(inReplyToTweetId: string, text: string): Promise<XSent>;
  /** `GET /2/dm_events`, newest first. */
  readDmEvents(input: { paginationToken?: string; maxResults?: number }): Promise<XRead>;
  /** `GET /2/users/:id/mentions`, newest first. */
  readMentions(input: { userId: string; sinceId?: string; paginationToken?: string; maxResults?: number }): Promise<XRead>;
  /** Webhook management for the setup CLI (app-only bearer, obtained from the consumer keys). */
  webhooks(): Promise<XWebhookAdmin | XFailure>;
}

export interface XWebhookAdmin {
  list(): Promise<XRead>;
  register(url: string): Promise<XRead>;
  validate(webhookId: string): Promise<XRead>;
  remove(webhookId: string): Promise<XRead>;
  /** Subscribes the account of the user tokens (user context). */
  subscribe(webhookId: string): Promise<XRead>;
  /** X Activity API: `POST /2/activity/subscriptions` for one event type of the account, to a webhook. */
  activitySubscribe(webhookId: string, eventType: string, userId: string): Promise<XRead>;
  /** X Activity API: `GET /2/activity/subscriptions`. */
  activityList(): Promise<XRead>;
  /** X Activity API: `DELETE /2/activity/subscriptions/:id`. */
  activityRemove(subscriptionId: string): Promise<XRead>;
}

/** A DM carries up to 10,000 characters; a post up to 280. */
export const MAX_DM_LENGTH = 10_000;
/** The photos a DM may carry, and X's size limit for a DM image. */
export const X_DM_IMAGE_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
export const MAX_DM_IMAGE_BYTES = 5 * 1024 * 1024;
/** Bytes per media APPEND request. */
const MEDIA_CHUNK_BYTES = 1024 * 1024;
export const MAX_POST_LENGTH = 280;
const DEFAULT_API_BASE = 'https://api.x.com';
const ELLIPSIS = '…';

/**
 * twitter-api-v2 hard-codes `https://api.x.com`; this plugin moves every request onto `apiBase`
 * (same path and query), which is how tests talk to a fake X server on loopback.
 */
export function apiBasePlugin(apiBase: string): ITwitterApiClientPlugin {
  const target = new URL(apiBase);
  const prefix = target.pathname.replace(/\/+$/, '');
  return {
    onBeforeRequestConfig({ params }) {
      const url = new URL(params.url.startsWith('http') ? params.url : `https://${params.url}`);
      url.protocol = target.protocol;
      url.host = target.host;
      url.pathname = `${prefix}${url.pathname}`;
      params.url = url.toString();
    },
  };
}

/**
 * The X client in user context (OAuth 1.0a keys). Keys travel only in the signed Authorization
 * header, never in a URL. Nothing here logs; failures come back classified, never thrown.
 */
export function createXClient(options: XClientOptions): XClient {
  const now = options.now ?? Date.now;
  const timeout = options.timeoutMs ?? 10_000;
  const base = options.apiBase.replace(/\/+$/, '');
  const local = base !== DEFAULT_API_BASE;
  const settings = {
    ...(local ? { plugins: [apiBasePlugin(base)] } : {}),
    // https.request accepts a plain http URL only with an http agent.
    ...(base.startsWith('http:') ? { httpAgent: new http.Agent({ keepAlive: true }) } : {}),
  };
  const user = new TwitterApi(
    {
      appKey: options.consumerKey,
      appSecret: options.consumerSecret,
      accessToken: options.accessToken,
      accessSecret: options.accessSecret,
    },
    settings,
  );

  async function call(run: () => Promise<TwitterResponse<unknown>>): Promise<XRead> {
    try {
      const response = await run();
      return { ok: true, body: response.data, rate: readRate(response.headers as Record<string, unknown>) };
    } catch (err) {
      return classifyXError(err, now());
    }
  }

  async function send(
    path: string,
    body: Record<string, unknown>,
    params: Record<string, string>,
    idOf: (data: unknown) => string,
    onRate?: (rate: XRate | undefined) => void,
  ): Promise<XSent> {
    const result = await call(() => user.v2.post(path, body, { fullResponse: true, params, timeout }));
    onRate?.(result.rate);
    if (!result.ok) return result;
    // A 2xx means X accepted it: success even without an id, since retrying could send it twice.
    return { ok: true, id: idOf(result.body) };
  }

  /**
   * X's chunked media upload, each step with the client's timeout. Its failures never carry the
   * 429 status: the media endpoints have their own limits, apart from the account's DM quota.
   */
  async function uploadMedia(media: { bytes: Buffer; contentType: string }): Promise<XSent> {
    const step = async (run: () => Promise<TwitterResponse<unknown>>): Promise<XRead> => {
      const result = await call(run);
      if (result.ok) return result;
      const { httpStatus, ...rest } = result;
      return {
        ...rest,
        ...(httpStatus === 429 || httpStatus === undefined ? {} : { httpStatus }),
        reason: `not sent: the photo upload failed (${result.reason.replace(/^not sent: /, '')})`,
      };
    };
    const init = await step(() =>
      user.v2.post(
        'media/upload/initialize',
        {
          media_type: media.contentType,
          total_bytes: media.bytes.length,
          media_category: media.contentType === 'image/gif' ? 'dm_gif' : 'dm_image',
        },
        { fullResponse: true, timeout },
      ),
    );
    if (!init.ok) return init;
    const mediaId = dataField(init.body, 'id');
    if (!/^\d{1,25}$/.test(mediaId)) return notSent('X gave no media id for the photo');
    for (let i = 0; i * MEDIA_CHUNK_BYTES < media.bytes.length; i += 1) {
      const chunk = media.bytes.subarray(i * MEDIA_CHUNK_BYTES, (i + 1) * MEDIA_CHUNK_BYTES);
      const appended = await step(() =>
        user.v2.post(
          'media/upload/:id/append',
          { segment_index: i, media: Buffer.from(chunk) },
          { fullResponse: true, timeout, params: { id: mediaId }, forceBodyMode: 'form-data' },
        ),
      );
      if (!appended.ok) return appended;
    }
    const finalized = await step(() =>
      user.v2.post('media/upload/:id/finalize', {}, { fullResponse: true, timeout, params: { id: mediaId } }),
    );
    if (!finalized.ok) return finalized;
    return await processed(mediaId, finalized.body, step);
  }

  /** A GIF may still be processing after FINALIZE: its STATUS is read until X says it succeeded. */
  async function processed(
    mediaId: string,
    body: unknown,
    step: (run: () => Promise<TwitterResponse<unknown>>) => Promise<XRead>,
  ): Promise<XSent> {
    let info = processingInfo(body);
    for (let polls = 0; info && (info.state === 'pending' || info.state === 'in_progress'); polls += 1) {
      if (polls >= MAX_STATUS_POLLS)
        return { ok: false, retryable: true, permanent: false, reason: 'not sent: X was still processing the photo' };
      await new Promise((resolve) => setTimeout(resolve, Math.min(5, Math.max(1, info?.checkAfterSecs ?? 1)) * 1000));
      const status = await step(() =>
        user.v2.get('media/upload', { command: 'STATUS', media_id: mediaId }, { fullResponse: true, timeout }),
      );
      if (!status.ok) return status;
      info = processingInfo(status.body);
    }
    if (info?.state === 'failed') return notSent('X could not process the photo');
    return { ok: true, id: mediaId };
  }

  return {
    async sendDm(participantId, text) {
      const invalid = validate(participantId, text);
      if (invalid) return invalid;
      const cut = truncate(text, MAX_DM_LENGTH);
      const sent = await send(
        'dm_conversations/with/:participant_id/messages',
        { text: cut },
        { participant_id: participantId },
        (d) => dataField(d, 'dm_event_id'),
        options.onDmRate,
      );
      return sent.ok && cut.length < text.length ? { ...sent, truncated: true } : sent;
    },
    async sendDmMedia(participantId, text, media) {
      const invalid = validate(participantId, text.trim() === '' ? '-' : text);
      if (invalid) return invalid;
      if (!X_DM_IMAGE_TYPES.includes(media.contentType)) return notSent('X DMs carry photos only');
      if (media.bytes.length === 0 || media.bytes.length > MAX_DM_IMAGE_BYTES) return notSent('a DM photo must be 1 byte to 5 MB');
      const uploaded = await uploadMedia(media);
      if (!uploaded.ok) return uploaded;
      const cut = truncate(text.trim(), MAX_DM_LENGTH);
      return await send(
        'dm_conversations/with/:participant_id/messages',
        { ...(cut !== '' ? { text: cut } : {}), attachments: [{ media_id: uploaded.id }] },
        { participant_id: participantId },
        (d) => dataField(d, 'dm_event_id'),
        options.onDmRate,
      );
    },
    async replyPublicly(inReplyToTweetId, text) {
      const invalid = validate(inReplyToTweetId, text);
      if (invalid) return invalid;
      if (text.length > MAX_POST_LENGTH) return notSent('a public reply must fit in 280 characters');
      return send('tweets', { text, reply: { in_reply_to_tweet_id: inReplyToTweetId } }, {}, (d) => dataField(d, 'id'));
    },
    readDmEvents({ paginationToken, maxResults = 100 }) {
      const query = {
        'dm_event.fields': DM_EVENT_FIELDS,
        expansions: DM_EXPANSIONS,
        'media.fields': DM_MEDIA_FIELDS,
        event_types: 'MessageCreate',
        max_results: maxResults,
        ...(paginationToken ? { pagination_token: paginationToken } : {}),
      };
      return call(() => user.v2.get('dm_events', query, { fullResponse: true, timeout }));
    },
    readMentions({ userId, sinceId, paginationToken, maxResults = 100 }) {
      const query = {
        'tweet.fields': MENTION_TWEET_FIELDS,
        expansions: MENTION_EXPANSIONS,
        'user.fields': MENTION_USER_FIELDS,
        max_results: maxResults,
        ...(sinceId ? { since_id: sinceId } : {}),
        ...(paginationToken ? { pagination_token: paginationToken } : {}),
      };
      return call(() => user.v2.get('users/:id/mentions', query, { fullResponse: true, timeout, params: { id: userId } }));
    },
    async webhooks() {
      let app: TwitterApi;
      try {
        app = await user.appLogin();
      } catch (err) {
        return classifyXError(err, now());
      }
      return {
        list: () => call(() => app.v2.get('webhooks', {}, { fullResponse: true, timeout })),
        register: (url) => call(() => app.v2.post('webhooks', { url }, { fullResponse: true, timeout })),
        validate: (id) => call(() => app.v2.put('webhooks/:id', {}, { fullResponse: true, timeout, params: { id } })),
        remove: (id) => call(() => app.v2.delete('webhooks/:id', {}, { fullResponse: true, timeout, params: { id } })),
        subscribe: (id) =>
          call(() => user.v2.post('account_activity/webhooks/:id/subscriptions/all', {}, { fullResponse: true, timeout, params: { id } })),
        // DMs and mentions are private events: their subscriptions are made in the account's user context.
        activitySubscribe: (webhookId, eventType, userId) =>
          call(() =>
            user.v2.post(
              'activity/subscriptions',
              { event_type: eventType, filter: { user_id: userId }, webhook_id: webhookId, tag: 'frontdesk' },
              { fullResponse: true, timeout },
            ),
          ),
        activityList: () => call(() => user.v2.get('activity/subscriptions', {}, { fullResponse: true, timeout })),
        activityRemove: (id) =>
          call(() => user.v2.delete('activity/subscriptions/:id', {}, { fullResponse: true, timeout, params: { id } })),
      };
    },
  };
}

function validate(id: string, text: string): XFailure | undefined {
  if (typeof id !== 'string' || !/^\d{1,25}$/.test(id)) return notSent('the X id to send to is missing or malformed');
  if (typeof text !== 'string' || text.trim() === '') return notSent('message text is empty');
  return undefined;
}

function notSent(reason: string): XFailure {
  return { ok: false, retryable: false, permanent: true, reason: `not sent: ${reason}` };
}

/** STATUS polls for a photo X is still processing, each after the wait X asks for (at most 5 s). */
const MAX_STATUS_POLLS = 6;

function processingInfo(body: unknown): { state: string; checkAfterSecs?: number } | undefined {
  const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
  const info = data && isRecord(data.processing_info) ? data.processing_info : undefined;
  if (!info || typeof info.state !== 'string') return undefined;
  return { state: info.state, ...(typeof info.check_after_secs === 'number' ? { checkAfterSecs: info.check_after_secs } : {}) };
}

function dataField(body: unknown, field: string): string {
  const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
  const value = data?.[field];
  return typeof value === 'string' ? value : '';
}

/** Cuts on a code point boundary, ending with an ellipsis when something was cut. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - ELLIPSIS.length;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut).trimEnd() + ELLIPSIS;
}
