import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../src/platform/http/create-app';
import { jsonError } from '../../src/platform/http/http-descriptor';
import { webhookRoutes } from '../../src/platform/http/webhook-routes';
import { createLogger } from '../../src/platform/logger';
import { LogCapture } from '../helpers/start-frontdesk';

/** One webhook on the real app, with a signature check that accepts `x-sig: good` only. */
async function setup() {
  const received: unknown[] = [];
  const refused: string[] = [];
  const router = webhookRoutes({
    path: '/webhooks/test',
    handshake: (req) =>
      req.query.challenge === 'c1' ? { status: 200, contentType: 'text/plain', body: 'c1' } : jsonError(403, 'bad_token', 'Wrong token.'),
    verify: (headers) => {
      if (headers['x-sig'] === undefined) return { ok: false, status: 400, code: 'missing_signature', message: 'Missing x-sig.' };
      return headers['x-sig'] === 'good' ? { ok: true } : { ok: false, status: 401, code: 'signature_mismatch', message: 'Wrong x-sig.' };
    },
    refused: (code) => refused.push(code),
    parse: (body) => (Array.isArray(body) ? { ok: false, code: 'not_an_object', message: 'Expected an object.' } : { ok: true, body }),
    receive: async ({ body }, res) => {
      received.push(body);
      res.status(200).json({ received: true });
    },
  });
  const app = createApp({ log: createLogger('silent', new LogCapture()), ready: async () => true, routers: [router] });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/test`;
  const post = async (body: string | Buffer, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const close = () => new Promise((r) => server.close(r));
  return { url, post, received, refused, close };
}

async function withWebhook(run: (t: Awaited<ReturnType<typeof setup>>) => Promise<void>): Promise<void> {
  const t = await setup();
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

describe('webhookRoutes', () => {
  test('when a signed JSON body arrives, then the parsed value reaches the channel', () =>
    withWebhook(async (t) => {
      expect(await t.post('{"a":[1,2]}', { 'x-sig': 'good' })).toEqual({ status: 200, body: { received: true } });
      expect(t.received).toEqual([{ a: [1, 2] }]);
    }));

  test('when the body is malformed JSON and wrongly signed, then the signature is judged first: 401, never parsed', () =>
    withWebhook(async (t) => {
      expect(await t.post('{not json', { 'x-sig': 'bad' })).toEqual({
        status: 401,
        body: { error: { code: 'signature_mismatch', message: 'Wrong x-sig.' } },
      });
      expect(await t.post('{not json')).toMatchObject({ status: 400, body: { error: { code: 'missing_signature' } } });
      expect(t.refused).toEqual(['signature_mismatch', 'missing_signature']);
      expect(t.received).toEqual([]);
    }));

  test("when a correctly signed JSON body is not a payload the channel reads, then 400 with the channel's code", () =>
    withWebhook(async (t) => {
      expect(await t.post('[1]', { 'x-sig': 'good' })).toEqual({
        status: 400,
        body: { error: { code: 'not_an_object', message: 'Expected an object.' } },
      });
      expect(t.received).toEqual([]);
    }));

  test('when a correctly signed body is not JSON, then 400 invalid_json without quoting it', () =>
    withWebhook(async (t) => {
      const res = await t.post('{"secret text', { 'x-sig': 'good' });
      expect(res).toEqual({ status: 400, body: { error: { code: 'invalid_json', message: 'The request body is not valid JSON.' } } });
      expect(t.received).toEqual([]);
    }));

  test('when the content type is not JSON or the body is over 1 MB, then 415 or 413 before any check', () =>
    withWebhook(async (t) => {
      const text = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-sig': 'good' }, body: '{}' });
      expect(text.status).toBe(415);
      expect(await t.post(Buffer.alloc(1024 * 1024 + 1, 0x20), { 'x-sig': 'good' })).toMatchObject({ status: 413 });
      expect(t.refused).toEqual([]);
      expect(t.received).toEqual([]);
    }));

  test('when the handshake is requested, then its descriptor is the response', () =>
    withWebhook(async (t) => {
      const ok = await fetch(`${t.url}?challenge=c1`);
      expect([ok.status, ok.headers.get('content-type'), await ok.text()]).toEqual([200, 'text/plain; charset=utf-8', 'c1']);
      const wrong = await fetch(`${t.url}?challenge=nope`);
      expect([wrong.status, await wrong.json()]).toEqual([403, { error: { code: 'bad_token', message: 'Wrong token.' } }]);
    }));
});
