import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

export type SignatureCheck = { ok: true } | { ok: false; status: 400 | 401; code: SignatureFailureCode; message: string };

export type SignatureFailureCode =
  'missing_signature' | 'malformed_signature' | 'signature_mismatch' | 'no_app_secret' | 'raw_body_unavailable';

const SIGNATURE_FORMAT = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Checks Meta's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>` on the exact
 * bytes received, before anything parses them. Any of `secrets` may match, so an App Secret can be
 * rotated without downtime.
 *
 * Statuses: missing header -> 400 (the request is not a Meta webhook at all); a header that is
 * present but malformed, or that does not match -> 401 (failed authentication; the route must
 * store nothing). Messages tell the operator what to fix and never include the body.
 */
export function verifySignature(
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  secrets: readonly string[],
): SignatureCheck {
  const usable = secrets.filter((s) => typeof s === 'string' && s !== '');
  if (usable.length === 0) {
    // Fail closed: without a secret nothing can be authenticated.
    return fail(401, 'no_app_secret', "No Messenger App Secret is configured: set MESSENGER_APP_SECRET to your Meta app's App Secret.");
  }
  if (!Buffer.isBuffer(rawBody)) {
    return fail(
      401,
      'raw_body_unavailable',
      'The raw request body was not captured, so the signature cannot be checked: read the body with express.raw() on this route, before any JSON parser.',
    );
  }

  const header = headerValue(headers, SIGNATURE_HEADER);
  if (header === undefined || header.trim() === '') {
    return fail(
      400,
      'missing_signature',
      'Missing X-Hub-Signature-256 header: Messenger webhooks must be signed by Meta with your App Secret.',
    );
  }
  const match = SIGNATURE_FORMAT.exec(header.trim());
  if (match === null || match[1] === undefined) {
    return fail(401, 'malformed_signature', 'X-Hub-Signature-256 must look like "sha256=" followed by 64 hex digits.');
  }
  const given = Buffer.from(match[1], 'hex');

  let matched = false;
  for (const secret of usable) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    // No early exit: every configured secret costs the same time whichever one matches.
    if (expected.length === given.length && timingSafeEqual(expected, given)) matched = true;
  }
  if (!matched) {
    return fail(
      401,
      'signature_mismatch',
      "X-Hub-Signature-256 does not match the body: check MESSENGER_APP_SECRET matches your Meta app's App Secret, and that nothing re-encodes the body before this check.",
    );
  }
  return { ok: true };
}

function fail(status: 400 | 401, code: SignatureFailureCode, message: string): SignatureCheck {
  return { ok: false, status, code, message };
}

/** Header names are case-insensitive; Node lower-cases them, hand-built objects may not. */
function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    // Two signature headers are ambiguous: treat as malformed rather than pick one.
    if (Array.isArray(value)) return value.length === 1 ? value[0] : 'ambiguous';
    return value;
  }
  return undefined;
}
