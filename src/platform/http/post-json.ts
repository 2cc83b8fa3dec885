import http from 'node:http';
import https from 'node:https';

/** The part of a fetch Response a JSON API client reads. */
export interface PostResponse {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** A POST in fetch's shape (so `fetch` itself fits, e.g. in tests). */
export type Poster = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<PostResponse>;

/** Connections kept open between sends; a platform answering 300 sends a second needs many. */
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 256 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

/**
 * POSTs with Node's own HTTP client over kept-alive connections: about a third of `fetch`'s CPU per
 * call, which counts when every patient's reply is a call. Failures look like fetch's: a timeout or
 * abort is an error named `TimeoutError`/`AbortError`, a network error carries its `code` in `cause`.
 */
export const postJson: Poster = (url, init) =>
  new Promise<PostResponse>((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const agent = target.protocol === 'https:' ? agents.https : agents.http;
    const fail = (err: unknown) => {
      if (init.signal.aborted) {
        // The signal's own reason (a TimeoutError from AbortSignal.timeout); duck-typed, as a
        // DOMException from another realm is not `instanceof Error`.
        const reason: unknown = init.signal.reason;
        const named = typeof reason === 'object' && reason !== null && typeof (reason as { name?: unknown }).name === 'string';
        reject(named ? reason : Object.assign(new Error('aborted'), { name: 'AbortError' }));
      } else {
        reject(Object.assign(new Error('network error'), { name: 'TypeError', cause: err }));
      }
    };
    const req = client.request(
      target,
      { method: init.method, headers: { ...init.headers, 'content-length': Buffer.byteLength(init.body) }, agent, signal: init.signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({
            ok: status >= 200 && status < 300,
            status,
            headers: {
              get(name) {
                const value = res.headers[name.toLowerCase()];
                return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
              },
            },
            text: () => Promise.resolve(body),
          });
        });
      },
    );
    req.on('error', fail);
    req.end(init.body);
  });
