import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeWhenFileEnds } from './close-when-file-ends';

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
  const listening = new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // Registered before listening, so a file that ends while this starts still closes it.
  const close = closeWhenFileEnds(async () => {
    await listening;
    await new Promise<void>((r) => server.close(() => r()));
  });
  await listening;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
  return { url, received, close };
}
