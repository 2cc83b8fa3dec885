import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postJson } from '../../../src/platform/http/post-json';

async function server(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const srv = http.createServer(handler);
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/v1/thing`,
    close: () =>
      new Promise<void>((resolve) => {
        srv.closeAllConnections();
        srv.close(() => resolve());
      }),
  };
}

describe('postJson', () => {
  test('when the server answers, then status, headers and body come back as fetch would give them', async () => {
    let received = '';
    const s = await server((req, res) => {
      req.setEncoding('utf8');
      req.on('data', (c: string) => (received += c));
      req.on('end', () => {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
        res.end('{"error":{"code":4}}');
      });
    });
    try {
      const res = await postJson(s.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":"é"}',
        signal: AbortSignal.timeout(2000),
      });
      expect(res.ok).toBe(false);
      expect(res.status).toBe(429);
      expect(res.headers.get('Retry-After')).toBe('7');
      expect(res.headers.get('x-missing')).toBeNull();
      expect(await res.text()).toBe('{"error":{"code":4}}');
      expect(received).toBe('{"a":"é"}');
    } finally {
      await s.close();
    }
  });

  test('when the server stalls in the middle of its answer, then the call fails as a timeout', async () => {
    const s = await server((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"message_id":');
    });
    try {
      await expect(postJson(s.url, { method: 'POST', headers: {}, body: '{}', signal: AbortSignal.timeout(200) })).rejects.toMatchObject({
        name: 'TimeoutError',
      });
    } finally {
      await s.close();
    }
  });

  test('when nothing listens, then the error carries the network code as its cause', async () => {
    const s = await server(() => undefined);
    const url = s.url;
    await s.close();
    await expect(postJson(url, { method: 'POST', headers: {}, body: '{}', signal: AbortSignal.timeout(2000) })).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });
  });
});
