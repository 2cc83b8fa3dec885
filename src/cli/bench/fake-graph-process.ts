/**
 * A fake Graph Send API for the benchmarks, run as its own process so the load generator does not
 * slow its answers. Answers each request after FAKE_GRAPH_DELAY_MS (default 150 ms). The parent
 * switches it with IPC messages ({mode: 'up' | 'down'}) and receives one message per sent message:
 * {psid, text, at}. Prints its URL on stdout.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const delayMs = Number(process.env.FAKE_GRAPH_DELAY_MS ?? '150');
let mode: 'up' | 'down' = 'up';
let sent = 0;

process.on('message', (message: { mode?: 'up' | 'down' }) => {
  if (message.mode) mode = message.mode;
});

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body: { recipient?: { id?: string }; message?: { text?: string } } = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      // answered as Graph would a bad request
    }
    setTimeout(() => {
      if (mode === 'down') {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 1, message: 'fake outage', type: 'OAuthException' } }));
        return;
      }
      sent += 1;
      if (body.message) process.send?.({ psid: body.recipient?.id ?? '', text: body.message.text ?? '', at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ recipient_id: body.recipient?.id ?? '', message_id: `m_bench_${sent}` }));
    }, delayMs);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
