import { verifyHmacSignature, type HeaderMap, type HmacFailure } from '../../platform/http/hmac-signature';

export const X_SIGNATURE_HEADER = 'x-twitter-webhooks-signature';

export type XSignatureCheck = { ok: true } | { ok: false; status: 400 | 401; code: XSignatureFailureCode; message: string };

export type XSignatureFailureCode =
  'missing_signature' | 'malformed_signature' | 'signature_mismatch' | 'no_consumer_secret' | 'raw_body_unavailable';

export interface XSignedRequest {
  headers: HeaderMap;
  rawBody: Buffer | undefined;
}

const FAILURES: Record<HmacFailure, { code: XSignatureFailureCode; message: string }> = {
  no_secret: {
    code: 'no_consumer_secret',
    message: "No X consumer secret is configured: set X_CONSUMER_SECRET to your X app's API Key Secret.",
  },
  raw_body_unavailable: {
    code: 'raw_body_unavailable',
    message: 'The raw request body was not captured, so the X signature cannot be checked: read the body with express.raw() on this route.',
  },
  missing_signature: {
    code: 'missing_signature',
    message: "Missing x-twitter-webhooks-signature header: X webhook deliveries are signed with your app's consumer secret.",
  },
  malformed_signature: {
    code: 'malformed_signature',
    message: 'x-twitter-webhooks-signature must look like "sha256=" followed by a base64 SHA-256 digest.',
  },
  signature_mismatch: {
    code: 'signature_mismatch',
    message:
      'x-twitter-webhooks-signature does not match the body: check X_CONSUMER_SECRET is the API Key Secret of the app that registered the webhook, and that nothing re-encodes the body before this check.',
  },
};

/**
 * Checks X's `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, raw body)>`
 * on the exact bytes received, before anything parses them. Any of `secrets` may match, so the
 * consumer secret can be rotated without downtime.
 *
 * Missing header -> 400 (not an X webhook delivery at all); malformed or wrong -> 401, and the route
 * stores nothing. Messages say what to fix and never include the body.
 */
export function verifyXSignature(req: XSignedRequest, secrets: readonly string[]): XSignatureCheck {
  const check = verifyHmacSignature({ ...req, secrets, header: X_SIGNATURE_HEADER, encoding: 'base64' });
  return check.ok ? check : { ok: false, status: check.status, ...FAILURES[check.failure] };
}
