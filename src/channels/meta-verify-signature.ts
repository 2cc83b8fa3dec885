import { verifyHmacSignature, type HeaderMap, type HmacFailure } from '../platform/http/hmac-signature';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

export type SignatureCheck = { ok: true } | { ok: false; status: 400 | 401; code: SignatureFailureCode; message: string };

export type SignatureFailureCode =
  'missing_signature' | 'malformed_signature' | 'signature_mismatch' | 'no_app_secret' | 'raw_body_unavailable';

const FAILURES: Record<HmacFailure, { code: SignatureFailureCode; message: string }> = {
  no_secret: {
    code: 'no_app_secret',
    message: "No Messenger App Secret is configured: set MESSENGER_APP_SECRET to your Meta app's App Secret.",
  },
  raw_body_unavailable: {
    code: 'raw_body_unavailable',
    message:
      'The raw request body was not captured, so the signature cannot be checked: read the body with express.raw() on this route, before any JSON parser.',
  },
  missing_signature: {
    code: 'missing_signature',
    message: 'Missing X-Hub-Signature-256 header: Messenger webhooks must be signed by Meta with your App Secret.',
  },
  malformed_signature: {
    code: 'malformed_signature',
    message: 'X-Hub-Signature-256 must look like "sha256=" followed by 64 hex digits.',
  },
  signature_mismatch: {
    code: 'signature_mismatch',
    message:
      "X-Hub-Signature-256 does not match the body: check MESSENGER_APP_SECRET matches your Meta app's App Secret, and that nothing re-encodes the body before this check.",
  },
};

/**
 * Checks Meta's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>` on the exact
 * bytes received, before anything parses them. Any of `secrets` may match, so an App Secret can be
 * rotated without downtime.
 *
 * Statuses: missing header -> 400 (the request is not a Meta webhook at all); a header that is
 * present but malformed, or that does not match -> 401 (failed authentication; the route must
 * store nothing). Messages tell the operator what to fix and never include the body.
 */
export function verifySignature(headers: HeaderMap, rawBody: Buffer, secrets: readonly string[]): SignatureCheck {
  const check = verifyHmacSignature({ headers, rawBody, secrets, header: SIGNATURE_HEADER, encoding: 'hex' });
  return check.ok ? check : { ok: false, status: check.status, ...FAILURES[check.failure] };
}
