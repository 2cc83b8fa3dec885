import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpDescriptor, TEXT_CONTENT_TYPE, jsonError } from '../platform/http/http-descriptor';

export type { HttpDescriptor } from '../platform/http/http-descriptor';

export interface HandshakeRequest {
  method: string;
  /** `unknown` values so express's `req.query` (ParsedQs) fits without a cast; only strings count. */
  query: Record<string, unknown>;
  headers?: Record<string, string | string[] | undefined>;
  rawBody?: Buffer;
}

/**
 * Meta's webhook verification request: `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`.
 * Answer with the challenge only when the token matches the one set in the App Dashboard
 * (Graph API "Webhooks: Getting Started", Verification Requests).
 */
export function verifyHandshake(req: HandshakeRequest, verifyToken: string | undefined): HttpDescriptor {
  if (req.method.toUpperCase() !== 'GET') {
    return jsonError(405, 'method_not_allowed', 'The Messenger verify handshake is a GET request.');
  }
  if (verifyToken === undefined || verifyToken === '') {
    return jsonError(
      503,
      'verify_token_not_configured',
      "Messenger webhook verification is disabled: set MESSENGER_VERIFY_TOKEN to the Verify Token you enter in your Meta app's Webhooks settings.",
    );
  }

  const mode = single(req.query['hub.mode']);
  const token = single(req.query['hub.verify_token']);
  const challenge = single(req.query['hub.challenge']);
  if (mode === undefined || token === undefined || challenge === undefined || challenge === '') {
    return jsonError(
      400,
      'missing_handshake_params',
      'Expected exactly one each of hub.mode, hub.verify_token and hub.challenge in the query string.',
    );
  }
  // Meta documents hub.mode as always "subscribe"; anything else is not a verification request.
  if (mode !== 'subscribe') {
    return jsonError(403, 'handshake_rejected', 'hub.mode must be "subscribe".');
  }
  if (!sameSecret(token, verifyToken)) {
    return jsonError(
      403,
      'verify_token_mismatch',
      "hub.verify_token does not match: check MESSENGER_VERIFY_TOKEN equals the Verify Token in your Meta app's Webhooks settings.",
    );
  }
  return { status: 200, contentType: TEXT_CONTENT_TYPE, body: challenge };
}

/** A repeated query parameter arrives as an array; it is not a valid handshake value. */
function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Constant-time comparison that does not leak the configured token's length: compare digests. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
