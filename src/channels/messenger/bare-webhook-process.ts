/**
 * The baseline for `npm run bench -- webhook`: an express server that only checks the Messenger
 * signature on the raw body and answers 200, as a webhook with no work behind it would.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { verifySignature } from './verify-signature';

const secret = process.env.MESSENGER_APP_SECRET ?? '';
const app = express();
app.post('/webhooks/messenger', express.raw({ type: 'application/json', limit: '1mb' }), (req, res) => {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const check = verifySignature(req.headers, raw, [secret]);
  if (!check.ok) {
    res.status(check.status).end();
    return;
  }
  res.status(200).type('text/plain').send('EVENT_RECEIVED');
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
