/**
 * The baseline for `npm run bench -- webhook`: an express server that only checks the Messenger
 * signature on the raw body and answers 200, as a webhook with no work behind it would.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { verifyHmacSignature } from '../../platform/http/hmac-signature';

const secret = process.env.MESSENGER_APP_SECRET ?? '';
const app = express();
app.post('/webhooks/messenger', express.raw({ type: 'application/json', limit: '1mb' }), (req, res) => {
  const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const check = verifyHmacSignature({ headers: req.headers, rawBody, secrets: [secret], header: 'x-hub-signature-256', encoding: 'hex' });
  if (!check.ok) {
    res.status(check.status).end();
    return;
  }
  res.status(200).type('text/plain').send('EVENT_RECEIVED');
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
