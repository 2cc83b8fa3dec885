import { createServer, IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { closeWhenFileEnds } from './close-when-file-ends';

/** The Send API fields tests assert on; anything else is still there, as `unknown`. */
export interface GraphRequestBody {
  recipient?: { id?: string };
  messaging_type?: string;
  tag?: string;
  message?: { text?: string; quick_replies?: Array<{ content_type?: string; title?: string; payload?: string }> };
  sender_action?: string;
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  /** Path and query string exactly as received (so tests can check no token is in the URL). */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; `{}` when the body was empty or not JSON (see `rawBody`). */
  body: GraphRequestBody;
  rawBody: string;
}

export interface ScriptedResponse {
  status: number;
  /** An object is sent as JSON; a string is sent as is (e.g. to fake a broken body). */
  body?: unknown;
  /** Wait this long before answering, to exercise client timeouts. */
  delayMs?: number;
  headers?: Record<string, string>;
  /** Never answer (a hanging platform); the connection is closed when the fake stops. */
  hang?: boolean;
  /** Answer only once this settles: a send held in flight until the test lets it go. */
  until?: Promise<unknown>;
}

export interface FakeGraphOptions {
  /** Every answer waits this long unless a scripted one says otherwise (a real Graph takes ~100-300 ms). */
  delayMs?: number;
}

export interface FakeGraph {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Queue responses for the next requests, in order; when empty, answers 200 like the Send API. */
  script(responses: ScriptedResponse[]): void;
  /**
   * Decides the answer to each request before the script (e.g. fail everything, or one recipient);
   * undefined falls through to the script and the default.
   */
  respondWith(rule: ((body: GraphRequestBody) => ScriptedResponse | undefined) | undefined): void;
  /** Message sends only (no sender actions), in arrival order. */
  messages(): RecordedRequest[];
  waitForRequests(n: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /**
   * Hosts a file as Meta's CDN does for a patient's attachment (`attachments[].payload.url`): a
   * signed URL that answers 403 once it has expired. Served after the fake's delay, like the API.
   */
  hostAttachment(bytes: Buffer, options?: { expiresInMs?: number; contentType?: string; failFirst?: number }): string;
  /** Downloads of hosted attachments, in arrival order (not counted in `requests`). */
  attachmentDownloads: string[];
  /**
   * Files fetched from `message.attachment.payload.url` while sending, as Meta does before it answers:
   * the URL, the status it answered and its bytes. A URL that does not answer 200 fails the send.
   */
  fetchedLinks: Array<{ url: string; status: number; bytes: Buffer; contentType: string | null }>;
  close(): Promise<void>;
}

/** A fake Graph API on 127.0.0.1 with a free port: records every request, answers from a script. */
export async function startFakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraph> {
  const requests: RecordedRequest[] = [];
  let rule: ((body: GraphRequestBody) => ScriptedResponse | undefined) | undefined;
  const queue: ScriptedResponse[] = [];
  const waiters: Array<{ n: number; resolve: (r: RecordedRequest[]) => void }> = [];
  const timers = new Set<NodeJS.Timeout>();
  let sent = 0;
  const hosted = new Map<string, { bytes: Buffer; expiresAt: number; contentType: string; failFirst: number }>();
  const attachmentDownloads: string[] = [];
  const fetchedLinks: FakeGraph['fetchedLinks'] = [];

  /** Meta fetches an attachment link itself; an unreachable or refused one fails the send with (#100). */
  async function fetchLink(body: GraphRequestBody): Promise<ScriptedResponse | undefined> {
    const attachment = (body.message as { attachment?: { payload?: { url?: unknown } } } | undefined)?.attachment;
    const url = attachment?.payload?.url;
    if (typeof url !== 'string') return undefined;
    try {
      const res = await fetch(url, { redirect: 'follow' });
      const bytes = Buffer.from(await res.arrayBuffer());
      fetchedLinks.push({ url, status: res.status, bytes, contentType: res.headers.get('content-type') });
      if (res.ok) return undefined;
    } catch {
      fetchedLinks.push({ url, status: 0, bytes: Buffer.alloc(0), contentType: null });
    }
    return {
      status: 400,
      body: { error: { message: '(#100) Failed to fetch the file from the url', type: 'OAuthException', code: 100, fbtrace_id: 'FAKE' } },
    };
  }

  const server = createServer((req, res) => {
    if (req.url?.startsWith('/lookaside/')) {
      attachmentDownloads.push(req.url);
      const file = hosted.get(req.url.split('?')[0] ?? '');
      const t = setTimeout(() => {
        timers.delete(t);
        if (res.destroyed) return;
        // The CDN refuses an expired signature with 403, as lookaside does.
        if (!file || Date.now() > file.expiresAt) {
          res.writeHead(file ? 403 : 404, { 'content-type': 'text/plain' });
          res.end('URL signature expired');
          return;
        }
        // A CDN edge having a bad moment: the next try gets the file.
        if (file.failFirst > 0) {
          file.failFirst -= 1;
          res.writeHead(503, { 'content-type': 'text/plain' });
          res.end('Service Unavailable');
          return;
        }
        res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.length) });
        res.end(file.bytes);
      }, options.delayMs ?? 0);
      timers.add(t);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const body = parseBody(rawBody);
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, rawBody });
      for (const w of [...waiters]) {
        if (requests.length >= w.n) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(requests.slice());
        }
      }

      void handleSend(body, res);
    });
  });

  async function handleSend(body: GraphRequestBody, res: ServerResponse): Promise<void> {
    const scripted = rule?.(body) ?? queue.shift() ?? (await fetchLink(body));
    sent += 1;
    const reply = scripted ?? {
      status: 200,
      body: { recipient_id: body.recipient?.id ?? '', message_id: `m_fake_${sent}` },
    };
    if (reply.hang) return;
    const answer = (): void => {
      const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(payload);
    };
    const delayMs = reply.delayMs ?? options.delayMs;
    const answerAfterDelay = (): void => {
      if (res.destroyed) return;
      if (delayMs !== undefined && delayMs > 0) {
        const t = setTimeout(() => {
          timers.delete(t);
          if (!res.destroyed) answer();
        }, delayMs);
        timers.add(t);
      } else {
        answer();
      }
    };
    if (reply.until) void reply.until.finally(answerAfterDelay);
    else answerAfterDelay();
  }

  const listening = new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Registered before listening, so a file that ends while this starts still closes it.
  const close = closeWhenFileEnds(async () => {
    await listening;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  });
  await listening;
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    script(responses) {
      queue.push(...responses);
    },
    respondWith(next) {
      rule = next;
    },
    messages() {
      return requests.filter((r) => r.body.message !== undefined);
    },
    hostAttachment(bytes, hostOptions = {}) {
      const pathname = `/lookaside/crawler/media/${hosted.size + 1}`;
      hosted.set(pathname, {
        bytes,
        expiresAt: Date.now() + (hostOptions.expiresInMs ?? 3_600_000),
        contentType: hostOptions.contentType ?? 'image/jpeg',
        failFirst: hostOptions.failFirst ?? 0,
      });
      return `http://127.0.0.1:${port}${pathname}?ext=1&hash=signed`;
    },
    attachmentDownloads,
    fetchedLinks,
    waitForRequests(n, timeoutMs = 2000) {
      if (requests.length >= n) return Promise.resolve(requests.slice());
      return new Promise((resolve, reject) => {
        const waiter = {
          n,
          resolve: (r: RecordedRequest[]) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`fake Graph: expected ${n} request(s) within ${timeoutMs} ms, got ${requests.length}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close,
  };
}

function parseBody(raw: string): GraphRequestBody {
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as GraphRequestBody) : {};
  } catch {
    return {};
  }
}
