import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A staff alerting endpoint on loopback that records what it receives. */
export async function startAlertReceiver() {
  const received: Array<{ headers: http.IncomingHttpHeaders; raw: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}
