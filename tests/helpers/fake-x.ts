import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeWhenFileEnds } from './close-when-file-ends';

export const FAKE_X_ACCOUNT_ID = '1500000000000000001';

export interface XRecordedRequest {
  method: string;
  /** Path and query exactly as received (tests check no token is in a URL). */
  path: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface SentDm {
  participantId: string;
  text: string;
  /** The uploaded photo the DM carries (`attachments: [{ media_id }]`). */
  mediaId?: string;
  /** When the fake accepted it (epoch ms). */
  at: number;
}

/** X's DM send quota for the account: 15 per 15 minutes and 1,440 per 24 hours. */
export interface DmQuota {
  perWindow: number;
  windowMs: number;
  perDay: number;
}

/** One `POST …/messages` as it reached the fake, accepted or refused with 429. */
export interface DmAttempt {
  at: number;
  status: number;
}

export interface SentPost {
  text: string;
  inReplyTo: string | undefined;
}

export type XEndpoint = 'dm_events' | 'mentions' | 'send_dm' | 'tweet' | 'webhooks' | 'media_upload';

/** A file uploaded through X's chunked media upload, as the fake holds it. */
export interface UploadedMedia {
  mediaType: string;
  category: string;
  totalBytes: number;
  /** The APPENDed chunks by segment index. */
  chunks: Map<number, Buffer>;
  finalized: boolean;
  /** The whole file once finalized. */
  bytes?: Buffer;
}

export interface XFailure {
  status: number;
  body?: unknown;
  /** Sets `x-rate-limit-remaining: 0` and a reset this many seconds from now. */
  resetInSeconds?: number;
}

export interface FakeDmEvent {
  id: string;
  event_type: string;
  text?: string;
  sender_id: string;
  dm_conversation_id: string;
  created_at: string;
  attachments?: { media_keys: string[] };
}

export interface FakeTweet {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  entities?: { mentions: Array<{ id: string; username: string; start: number; end: number }> };
  in_reply_to_user_id?: string;
  note_tweet?: { text: string };
}

export interface FakeX {
  baseUrl: string;
  accountId: string;
  requests: XRecordedRequest[];
  sentDms: SentDm[];
  sentPosts: SentPost[];
  webhooks: Array<{ id: string; url: string; valid: boolean }>;
  subscriptions: string[];
  /** X Activity API subscriptions (`POST /2/activity/subscriptions`). */
  activitySubscriptions: Array<{ id: string; eventType: string; userId: string; webhookId: string }>;
  /** Answer delay for every request (default 150 ms, like the real API from a server). */
  delayMs: number;
  /** Every DM send that reached the fake, with its answer's status. */
  dmAttempts: DmAttempt[];
  /** Media uploaded with `POST /2/media/upload/initialize|:id/append|:id/finalize`, by media id. */
  uploadedMedia: Map<string, UploadedMedia>;
  /** Counts DMs the account sent elsewhere (the X app), as X would. */
  useDmQuota(sends: number): void;
  /** When the current 15-minute (or test-sized) DM window resets, epoch ms; undefined before the first send. */
  dmWindowResetsAt(): number | undefined;
  /**
   * A DM from a patient, readable at `GET /2/dm_events`. With `photo`, the DM carries it as X does:
   * a media key in `attachments`, a t.co link in the text, and (with `expansions=attachments.media_keys`
   * and `media.fields=url`) the photo's signed-download URL in `includes.media`. Returns its event id.
   */
  addDm(input: { senderId: string; text?: string; mediaOnly?: boolean; photo?: Buffer; at?: number }): string;
  /** A post mentioning the account, readable at `GET /2/users/:id/mentions`. Returns its id. */
  addMention(input: { authorId: string; text: string; others?: string[]; inReplyToUs?: boolean; at?: number }): string;
  /** The next `times` calls to `endpoint` fail with this answer. */
  fail(endpoint: XEndpoint, failure: XFailure, times?: number): void;
  /** A fresh X-style id (larger than every earlier one). */
  nextId(): string;
  count(endpoint: XEndpoint): number;
  /**
   * Hosts a DM's photo as X does on ton.twitter.com: fetched only with an OAuth 1.0a user-context
   * signature (401 otherwise). Returns the `media_url_https` a DM event carries.
   */
  hostDmMedia(bytes: Buffer): string;
  waitFor(check: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const USER_ROUTES: ReadonlyArray<[XEndpoint, string, RegExp]> = [
  ['dm_events', 'GET', /^\/2\/dm_events$/],
  ['mentions', 'GET', /^\/2\/users\/(\d+)\/mentions$/],
  ['send_dm', 'POST', /^\/2\/dm_conversations\/with\/(\d+)\/messages$/],
  ['tweet', 'POST', /^\/2\/tweets$/],
  ['media_upload', 'POST', /^\/2\/media\/upload\/(initialize|\d+\/append|\d+\/finalize)$/],
];

/** X's limit for a DM image; DM media must be uploaded with a DM category. */
const DM_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
const DM_CATEGORIES = new Set(['dm_image', 'dm_gif', 'dm_video']);

/**
 * A fake X API v2 on 127.0.0.1: records what is sent, serves DMs and mentions newest first with
 * `pagination_token` and `since_id`, answers with rate-limit headers after `delayMs`, and can be told
 * to fail. With `consumerSecret`, registering a webhook runs a real CRC against its URL.
 */
export async function startFakeX(
  options: { consumerSecret?: string; accountId?: string; delayMs?: number; dmQuota?: Partial<DmQuota> } = {},
): Promise<FakeX> {
  const quota: DmQuota = { perWindow: 15, windowMs: 15 * 60_000, perDay: 1440, ...options.dmQuota };
  const dmAttempts: DmAttempt[] = [];
  const dmWindow = { start: 0, count: 0 };
  const dmDay = { start: 0, count: 0 };
  const roll = (w: { start: number; count: number }, lengthMs: number, now: number): void => {
    if (w.start === 0 || now >= w.start + lengthMs) {
      w.start = now;
      w.count = 0;
    }
  };
  const dmHeaders = (): Record<string, string> => ({
    'x-rate-limit-limit': String(quota.perWindow),
    'x-rate-limit-remaining': String(Math.max(0, quota.perWindow - dmWindow.count)),
    'x-rate-limit-reset': String(Math.ceil((dmWindow.start + quota.windowMs) / 1000)),
    'x-user-limit-24hour-limit': String(quota.perDay),
    'x-user-limit-24hour-remaining': String(Math.max(0, quota.perDay - dmDay.count)),
    'x-user-limit-24hour-reset': String(Math.ceil((dmDay.start + 24 * 3600_000) / 1000)),
  });
  const accountId = options.accountId ?? FAKE_X_ACCOUNT_ID;
  const requests: XRecordedRequest[] = [];
  const sentDms: SentDm[] = [];
  const sentPosts: SentPost[] = [];
  const dms: FakeDmEvent[] = [];
  const tweets: FakeTweet[] = [];
  const webhooks: FakeX['webhooks'] = [];
  const subscriptions: string[] = [];
  const activitySubscriptions: FakeX['activitySubscriptions'] = [];
  const failures = new Map<XEndpoint, XFailure[]>();
  const counts = new Map<XEndpoint, number>();
  const timers = new Set<NodeJS.Timeout>();
  const dmMedia = new Map<string, Buffer>();
  const uploadedMedia = new Map<string, UploadedMedia>();
  /** Patients' DM photos: media key to the URL X serves it at. */
  const dmPhotos = new Map<string, string>();
  let seq = 1_900_000_000_000_000_000n;
  const nextId = (): string => String((seq += 1000n));

  const fake: FakeX = {
    baseUrl: '',
    accountId,
    requests,
    sentDms,
    sentPosts,
    webhooks,
    subscriptions,
    activitySubscriptions,
    delayMs: options.delayMs ?? 150,
    dmAttempts,
    uploadedMedia,
    useDmQuota(sends) {
      const now = Date.now();
      roll(dmWindow, quota.windowMs, now);
      roll(dmDay, 24 * 3600_000, now);
      dmWindow.count += sends;
      dmDay.count += sends;
    },
    dmWindowResetsAt: () => (dmWindow.start === 0 ? undefined : dmWindow.start + quota.windowMs),
    addDm({ senderId, text, mediaOnly, photo, at }) {
      const id = nextId();
      const [a, b] = [senderId, accountId].sort();
      const mediaKey = photo || mediaOnly ? `3_${nextId()}` : undefined;
      if (photo && mediaKey) dmPhotos.set(mediaKey, fake.hostDmMedia(photo));
      dms.push({
        id,
        event_type: 'MessageCreate',
        text: mediaKey ? `${text ? `${text} ` : ''}https://t.co/AbCdEf1234` : (text ?? ''),
        sender_id: senderId,
        dm_conversation_id: `${a}-${b}`,
        created_at: new Date(at ?? Date.now()).toISOString(),
        ...(mediaKey ? { attachments: { media_keys: [mediaKey] } } : {}),
      });
      return id;
    },
    addMention({ authorId, text, others = [], inReplyToUs, at }) {
      const id = nextId();
      const full = `@frontdeskclinic ${others.map((o) => `@user${o.slice(-4)} `).join('')}${text}`;
      const mentions = [
        { id: accountId, username: 'frontdeskclinic', start: 0, end: 16 },
        ...others.map((o, i) => ({ id: o, username: `user${o.slice(-4)}`, start: 17 + i * 10, end: 26 + i * 10 })),
      ];
      tweets.push({
        id,
        text: full.length > 280 ? full.slice(0, 280) : full,
        author_id: authorId,
        created_at: new Date(at ?? Date.now()).toISOString(),
        entities: { mentions },
        ...(inReplyToUs ? { in_reply_to_user_id: accountId } : {}),
        ...(full.length > 280 ? { note_tweet: { text: full } } : {}),
      });
      return id;
    },
    fail(endpoint, failure, times = 1) {
      const list = failures.get(endpoint) ?? [];
      for (let i = 0; i < times; i += 1) list.push(failure);
      failures.set(endpoint, list);
    },
    nextId,
    count: (endpoint) => counts.get(endpoint) ?? 0,
    hostDmMedia(bytes) {
      const pathname = `/1.1/ton/data/dm/${nextId()}/${nextId()}/photo.jpg`;
      dmMedia.set(pathname, bytes);
      return `https://ton.twitter.com${pathname}`;
    },
    async waitFor(check, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > until) throw new Error('fake X: condition not met in time');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: closeWhenFileEnds(async () => {
      await listening;
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    }),
  };

  type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

  async function handle(
    method: string,
    url: URL,
    headers: IncomingHttpHeaders,
    body: Record<string, unknown>,
    raw: Buffer,
  ): Promise<Answer> {
    const auth = headers.authorization ?? '';
    if (method === 'POST' && url.pathname === '/oauth2/token') {
      return auth.startsWith('Basic ')
        ? { status: 200, body: { token_type: 'bearer', access_token: 'fake-app-only-bearer' } }
        : { status: 403, body: {} };
    }
    if (url.pathname === '/2/webhooks' || url.pathname.startsWith('/2/webhooks/')) return webhookRoute(method, url, auth, body);
    const sub = /^\/2\/account_activity\/webhooks\/(\d+)\/subscriptions\/all$/.exec(url.pathname);
    if (sub && method === 'POST') {
      if (!auth.startsWith('OAuth ')) return { status: 401, body: { title: 'Unauthorized', status: 401 } };
      subscriptions.push(sub[1] as string);
      return { status: 200, body: { data: { subscribed: true } } };
    }

    if (url.pathname === '/2/activity/subscriptions' || url.pathname.startsWith('/2/activity/subscriptions/')) {
      // DMs and mentions are private events: subscriptions for them need the account's user context.
      if (!auth.startsWith('OAuth ')) return { status: 403, body: { title: 'Unsupported Authentication', status: 403 } };
      return activityRoute(method, url, body);
    }
    const route = USER_ROUTES.find(([, m, re]) => m === method && re.test(url.pathname));
    if (!route) return { status: 404, body: { title: 'Not Found Error', status: 404 } };
    const [endpoint, , re] = route;
    counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);
    // DM and mention endpoints need user context: OAuth 1.0a signed requests.
    if (!auth.startsWith('OAuth ')) return { status: 401, body: { title: 'Unauthorized', status: 401 } };
    const failure = failures.get(endpoint)?.shift();
    if (failure) {
      if (endpoint === 'send_dm') dmAttempts.push({ at: Date.now(), status: failure.status });
      const reset = failure.resetInSeconds !== undefined ? Math.ceil(Date.now() / 1000 + failure.resetInSeconds) : undefined;
      return {
        status: failure.status,
        body: failure.body ?? {
          title: failure.status === 429 ? 'Too Many Requests' : 'Error',
          status: failure.status,
          detail: 'fake failure',
        },
        headers:
          reset !== undefined ? { 'x-rate-limit-limit': '15', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) } : {},
      };
    }
    const param = re.exec(url.pathname)?.[1];
    switch (endpoint) {
      case 'media_upload':
        return await mediaUpload(param as string, headers, body, raw);
      case 'send_dm': {
        const media = Array.isArray(body.attachments) ? (body.attachments as Array<{ media_id?: unknown }>) : [];
        const mediaId = typeof media[0]?.media_id === 'string' ? media[0].media_id : undefined;
        const held = mediaId !== undefined ? uploadedMedia.get(mediaId) : undefined;
        if (media.length > 1 || (media.length === 1 && (!held || !held.finalized || !DM_CATEGORIES.has(held.category)))) {
          return { status: 400, body: { title: 'Invalid Request', status: 400, detail: 'attachments must be one finalized DM media id' } };
        }
        if (media.length === 0 && (typeof body.text !== 'string' || body.text === '')) {
          return { status: 400, body: { title: 'Invalid Request', status: 400, detail: 'text or attachments is required' } };
        }
        // X's DM quota, counted per account like X: past it, 429 until the window resets.
        const now = Date.now();
        roll(dmWindow, quota.windowMs, now);
        roll(dmDay, 24 * 3600_000, now);
        if (dmWindow.count >= quota.perWindow || dmDay.count >= quota.perDay) {
          dmAttempts.push({ at: now, status: 429 });
          return { status: 429, body: { title: 'Too Many Requests', status: 429, detail: 'Too Many Requests' }, headers: dmHeaders() };
        }
        dmWindow.count += 1;
        dmDay.count += 1;
        dmAttempts.push({ at: now, status: 201 });
        const text = typeof body.text === 'string' ? body.text : '';
        sentDms.push({ participantId: param as string, text, at: now, ...(mediaId !== undefined ? { mediaId } : {}) });
        const id = nextId();
        const [a, b] = [param as string, accountId].sort();
        dms.push({
          id,
          event_type: 'MessageCreate',
          text,
          sender_id: accountId,
          dm_conversation_id: `${a}-${b}`,
          created_at: new Date().toISOString(),
        });
        return { status: 201, body: { data: { dm_conversation_id: `${a}-${b}`, dm_event_id: id } }, headers: dmHeaders() };
      }
      case 'tweet': {
        const reply = body.reply as { in_reply_to_tweet_id?: string } | undefined;
        sentPosts.push({ text: typeof body.text === 'string' ? body.text : '', inReplyTo: reply?.in_reply_to_tweet_id });
        const id = nextId();
        return { status: 201, body: { data: { id, text: body.text } } };
      }
      case 'dm_events': {
        const body = page([...dms].reverse(), url);
        const keys = ((body.data as FakeDmEvent[] | undefined) ?? []).flatMap((e) => e.attachments?.media_keys ?? []);
        if (url.searchParams.get('expansions')?.includes('attachments.media_keys') && keys.length > 0) {
          const withUrl = url.searchParams.get('media.fields')?.split(',').includes('url') ?? false;
          body.includes = {
            media: keys.map((key) => ({
              media_key: key,
              type: 'photo',
              ...(withUrl && dmPhotos.has(key) ? { url: dmPhotos.get(key) } : {}),
            })),
          };
        }
        return { status: 200, body };
      }
      case 'mentions': {
        const since = url.searchParams.get('since_id');
        const list = [...tweets].reverse().filter((t) => since === null || BigInt(t.id) > BigInt(since));
        const body = page(list, url);
        const authors = new Set(((body.data as FakeTweet[] | undefined) ?? []).map((t) => t.author_id));
        if (url.searchParams.get('expansions')?.includes('author_id') && authors.size > 0) {
          body.includes = { users: [...authors].map((id) => ({ id, username: handleOf(id), name: 'Test Person' })) };
        }
        return { status: 200, body };
      }
      default:
        return { status: 404, body: {} };
    }
  }

  /** X's chunked upload: INIT (JSON), APPEND (multipart, `segment_index` and `media`), FINALIZE. */
  async function mediaUpload(step: string, headers: IncomingHttpHeaders, body: Record<string, unknown>, raw: Buffer): Promise<Answer> {
    const invalid = (detail: string): Answer => ({ status: 400, body: { title: 'Invalid Request', status: 400, detail } });
    if (step === 'initialize') {
      const mediaType = typeof body.media_type === 'string' ? body.media_type : '';
      const category = typeof body.media_category === 'string' ? body.media_category : 'tweet_image';
      const totalBytes = typeof body.total_bytes === 'number' ? body.total_bytes : Number(body.total_bytes);
      if (!/^image\/(?:jpeg|png|gif|webp)$/.test(mediaType)) return invalid('media_type is not a supported image type');
      if (!Number.isInteger(totalBytes) || totalBytes <= 0) return invalid('total_bytes is required');
      if (totalBytes > DM_IMAGE_MAX_BYTES) return invalid('file size exceeds 5242880 bytes');
      const id = nextId();
      uploadedMedia.set(id, { mediaType, category, totalBytes, chunks: new Map(), finalized: false });
      return { status: 200, body: { data: { id, media_key: `3_${id}`, expires_after_secs: 86_400 } } };
    }
    const [id, action] = step.split('/') as [string, string];
    const held = uploadedMedia.get(id);
    if (!held) return invalid('unknown media id');
    if (action === 'append') {
      if (!(headers['content-type'] ?? '').startsWith('multipart/form-data')) return invalid('APPEND must be multipart/form-data');
      // Parts as X reads them: a part's bytes whether or not it names a file name.
      const form = multipartParts(raw, headers['content-type'] ?? '');
      const index = Number(form.get('segment_index')?.toString('utf8'));
      const media = form.get('media');
      if (!Number.isInteger(index) || index < 0 || !media) return invalid('segment_index and media are required');
      held.chunks.set(index, media);
      return { status: 204 };
    }
    const bytes = Buffer.concat([...held.chunks.entries()].sort(([a], [b]) => a - b).map(([, c]) => c));
    if (bytes.length !== held.totalBytes) return invalid('the uploaded bytes do not add up to total_bytes');
    held.finalized = true;
    held.bytes = bytes;
    return { status: 200, body: { data: { id, media_key: `3_${id}`, size: bytes.length, expires_after_secs: 86_400 } } };
  }

  function page<T extends { id: string }>(newestFirst: T[], url: URL): Record<string, unknown> {
    const size = Math.max(1, Math.min(100, Number(url.searchParams.get('max_results') ?? '100')));
    const offset = Number((url.searchParams.get('pagination_token') ?? 'p0').slice(1)) || 0;
    const data = newestFirst.slice(offset, offset + size);
    const next = offset + size < newestFirst.length ? `p${offset + size}` : undefined;
    const meta: Record<string, unknown> = { result_count: data.length, ...(next ? { next_token: next } : {}) };
    if (data.length > 0) Object.assign(meta, { newest_id: data[0]?.id, oldest_id: data.at(-1)?.id });
    return data.length > 0 ? { data, meta } : { meta };
  }

  async function webhookRoute(method: string, url: URL, auth: string, body: Record<string, unknown>): Promise<Answer> {
    counts.set('webhooks', (counts.get('webhooks') ?? 0) + 1);
    // Webhook management takes an app-only bearer token.
    if (!auth.startsWith('Bearer ')) return { status: 403, body: { title: 'Unsupported Authentication', status: 403 } };
    const id = url.pathname.split('/')[3];
    if (method === 'GET')
      return {
        status: 200,
        body: {
          data: webhooks.map((w) => ({ id: w.id, url: w.url, valid: w.valid, created_at: new Date().toISOString() })),
          meta: { result_count: webhooks.length },
        },
      };
    if (method === 'POST') {
      const target = typeof body.url === 'string' ? body.url : '';
      const ok = await crcPasses(target);
      if (!ok) return { status: 400, body: { title: 'Invalid Request', status: 400, detail: 'CRC failed' } };
      const hook = { id: nextId(), url: target, valid: true };
      webhooks.push(hook);
      return { status: 200, body: { data: { id: hook.id, url: hook.url, valid: true, created_at: new Date().toISOString() } } };
    }
    const hook = webhooks.find((w) => w.id === id);
    if (!hook) return { status: 404, body: { title: 'Not Found Error', status: 404 } };
    if (method === 'PUT') {
      hook.valid = await crcPasses(hook.url);
      return { status: 200, body: { data: { attempted: true } } };
    }
    if (method === 'DELETE') {
      webhooks.splice(webhooks.indexOf(hook), 1);
      return { status: 200, body: { data: { deleted: true } } };
    }
    return { status: 405, body: {} };
  }

  function activityRoute(method: string, url: URL, body: Record<string, unknown>): Answer {
    const meta = () => ({ total_subscriptions: activitySubscriptions.length });
    const view = (sub: FakeX['activitySubscriptions'][number]) => ({
      subscription_id: sub.id,
      event_type: sub.eventType,
      filter: { user_id: sub.userId },
      webhook_id: sub.webhookId,
      created_at: new Date().toISOString(),
    });
    if (method === 'GET') return { status: 200, body: { data: activitySubscriptions.map(view), meta: meta() } };
    if (method === 'POST') {
      const filter = body.filter as { user_id?: unknown } | undefined;
      const known = ['dm.received', 'dm.sent', 'post.mention.create', 'post.create', 'profile.update.bio'];
      if (typeof body.event_type !== 'string' || !known.includes(body.event_type) || typeof filter?.user_id !== 'string') {
        return { status: 400, body: { title: 'Invalid Request', status: 400 } };
      }
      const webhookId = typeof body.webhook_id === 'string' ? body.webhook_id : '';
      if (webhookId !== '' && !webhooks.some((w) => w.id === webhookId))
        return { status: 400, body: { title: 'Invalid Request', status: 400 } };
      const sub = { id: nextId(), eventType: body.event_type, userId: filter.user_id, webhookId };
      activitySubscriptions.push(sub);
      return { status: 200, body: { data: view(sub), meta: meta() } };
    }
    const id = url.pathname.split('/')[4];
    const index = activitySubscriptions.findIndex((sub) => sub.id === id);
    if (method === 'DELETE' && index >= 0) {
      activitySubscriptions.splice(index, 1);
      return { status: 200, body: { data: { deleted: true }, meta: meta() } };
    }
    return { status: 404, body: { title: 'Not Found Error', status: 404 } };
  }

  async function crcPasses(target: string): Promise<boolean> {
    if (!options.consumerSecret) return true;
    const token = randomBytes(16).toString('base64url');
    try {
      const res = await fetch(`${target}?crc_token=${encodeURIComponent(token)}`);
      const json = (await res.json()) as { response_token?: string };
      const expected = `sha256=${createHmac('sha256', options.consumerSecret).update(token).digest('base64')}`;
      return res.status === 200 && json.response_token === expected;
    } catch {
      return false;
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const rawBytes = Buffer.concat(chunks);
      const raw = rawBytes.toString('utf8');
      const body = parseBody(raw, req.headers['content-type']);
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        pathname: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
      });
      const media = dmMedia.get(url.pathname);
      if (media) {
        const auth = req.headers.authorization ?? '';
        const signed = auth.startsWith('OAuth ') && auth.includes('oauth_token=') && auth.includes('oauth_signature=');
        const t = setTimeout(() => {
          timers.delete(t);
          res.writeHead(signed ? 200 : 401, { 'content-type': signed ? 'image/jpeg' : 'application/json' });
          res.end(signed ? media : '{"errors":[{"code":32,"message":"Could not authenticate you."}]}');
        }, fake.delayMs);
        timers.add(t);
        return;
      }
      void handle(req.method ?? 'GET', url, req.headers, body, rawBytes).then((answer) => {
        const t = setTimeout(() => {
          timers.delete(t);
          if (res.destroyed) return;
          res.writeHead(answer.status, {
            'content-type': 'application/json',
            'x-rate-limit-limit': '15',
            'x-rate-limit-remaining': '14',
            'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 900),
            ...answer.headers,
          });
          res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
        }, fake.delayMs);
        timers.add(t);
      });
    });
  });
  const listening = new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await listening;
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** The fake's @handle for a user id. */
export function handleOf(userId: string): string {
  return `user${userId.slice(-4)}`;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The parts of a multipart/form-data body by field name, each as its raw bytes. */
function multipartParts(raw: Buffer, contentType: string): Map<string, Buffer> {
  const parts = new Map<string, Buffer>();
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return parts;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2] ?? ''}`);
  let at = raw.indexOf(delimiter);
  while (at !== -1) {
    const next = raw.indexOf(delimiter, at + delimiter.length);
    if (next === -1) break;
    const part = raw.subarray(at + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1) {
      const name = /name="([^"]*)"/.exec(part.subarray(0, split).toString('utf8'))?.[1];
      if (name !== undefined) parts.set(name, Buffer.from(part.subarray(split + 4)));
    }
    at = next;
  }
  return parts;
}
