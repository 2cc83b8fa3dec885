import { createHmac, timingSafeEqual } from 'node:crypto';

export const X_SIGNATURE_HEADER = 'x-twitter-webhooks-signature';

export type XSignatureCheck = { ok: true } | { ok: false; status: 400 | 401; code: XSignatureFailureCode; message: string };

export type XSignatureFailureCode =
  'missing_signature' | 'malformed_signature' | 'signature_mismatch' | 'no_consumer_secret' | 'raw_body_unavailable';

/** `sha256=` followed by the 44-character base64 of a 32-byte digest. */
const SIGNATURE_FORMAT = /^sha256=([A-Za-z0-9+/]{43}=)$/;

export interface XSignedRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer | undefined;
}

/**
 * Checks X's `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, raw body)>`
 * on the exact bytes received, before anything parses them. Any of `secrets` may match, so the
 * consumer secret can be rotated without downtime.
 *
 * Missing header -> 400 (not an X webhook delivery at all); malformed or wrong -> 401, and the route
 * stores nothing. Messages say what to fix and never include the body.
 */
export function verifyXSignature(req: XSignedRequest, secrets: readonly string[]): XSignatureCheck {
  const usable = secrets.filter((s) => typeof s === 'string' && s !== '');
  if (usable.length === 0) {
    return fail(401, 'no_consumer_secret', "No X consumer secret is configured: set X_CONSUMER_SECRET to your X app's API Key Secret.");
  }
  if (!Buffer.isBuffer(req.rawBody)) {
    return fail(
      401,
      'raw_body_unavailable',
      'The raw request body was not captured, so the X signature cannot be checked: read the body with express.raw() on this route.',
    );
  }
  const header = headerValue(req.headers, X_SIGNATURE_HEADER);
  if (header === undefined || header.trim() === '') {
    return fail(
      400,
      'missing_signature',
      "Missing x-twitter-webhooks-signature header: X webhook deliveries are signed with your app's consumer secret.",
    );
  }
  const match = SIGNATURE_FORMAT.exec(header.trim());
  if (match === null || match[1] === undefined) {
    return fail(401, 'malformed_signature', 'x-twitter-webhooks-signature must look like "sha256=" followed by a base64 SHA-256 digest.');
  }
  const given = Buffer.from(match[1], 'base64');

  let matched = false;
  for (const secret of usable) {
    const expected = createHmac('sha256', secret).update(req.rawBody).digest();
    // No early exit: every configured secret costs the same time whichever one matches.
    if (expected.length === given.length && timingSafeEqual(expected, given)) matched = true;
  }
  if (!matched) {
    return fail(
      401,
      'signature_mismatch',
      'x-twitter-webhooks-signature does not match the body: check X_CONSUMER_SECRET is the API Key Secret of the app that registered the webhook, and that nothing re-encodes the body before this check.',
    );
  }
  return { ok: true };
}

function fail(status: 400 | 401, code: XSignatureFailureCode, message: string): XSignatureCheck {
  return { ok: false, status, code, message };
}

/** Header names are case-insensitive; two signature headers are ambiguous and count as malformed. */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (Array.isArray(value)) return value.length === 1 ? value[0] : 'ambiguous';
    return value;
  }
  return undefined;
}
