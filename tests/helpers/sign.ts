import { createHmac } from 'node:crypto';

/** Signs a body the way Meta does: `sha256=` + hex HMAC-SHA256(app secret, raw bytes). */
export function signMessenger(rawBody: Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Signs a body the way X does: `sha256=` + base64 HMAC-SHA256(consumer secret, raw bytes). */
export function signX(rawBody: Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('base64')}`;
}
