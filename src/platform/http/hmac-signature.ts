import { createHmac, timingSafeEqual } from 'node:crypto';

export type HeaderMap = Record<string, string | string[] | undefined>;

/** How the platform writes the digest after `sha256=`. */
export type SignatureEncoding = 'hex' | 'base64';

export type HmacFailure = 'no_secret' | 'raw_body_unavailable' | 'missing_signature' | 'malformed_signature' | 'signature_mismatch';

/**
 * A missing header is 400 (the request is not a signed webhook delivery at all); anything else is
 * 401 (failed authentication: the route stores nothing).
 */
export type HmacCheck = { ok: true } | { ok: false; status: 400 | 401; failure: HmacFailure };

export interface HmacSignedRequest {
  headers: HeaderMap;
  /** The exact bytes received; undefined when nothing captured them. */
  rawBody: Buffer | undefined;
  /** Any of these may match, so a secret can be rotated without downtime. */
  secrets: readonly string[];
  /** The signature header, lower-case. */
  header: string;
  encoding: SignatureEncoding;
}

/** `sha256=` followed by a 32-byte digest, in each encoding. */
const SIGNATURE_FORMATS: Record<SignatureEncoding, RegExp> = {
  hex: /^sha256=([0-9a-fA-F]{64})$/,
  base64: /^sha256=([A-Za-z0-9+/]{43}=)$/,
};

/**
 * Checks a `<header>: sha256=<HMAC-SHA256(secret, raw body)>` signature on the exact bytes received,
 * before anything parses them. Says which check failed; the channel words the message.
 */
export function verifyHmacSignature(req: HmacSignedRequest): HmacCheck {
  const usable = req.secrets.filter((s) => typeof s === 'string' && s !== '');
  // Fail closed: without a secret nothing can be authenticated.
  if (usable.length === 0) return fail(401, 'no_secret');
  if (!Buffer.isBuffer(req.rawBody)) return fail(401, 'raw_body_unavailable');

  const header = headerValue(req.headers, req.header);
  if (header === undefined || header.trim() === '') return fail(400, 'missing_signature');
  const match = SIGNATURE_FORMATS[req.encoding].exec(header.trim());
  if (match === null || match[1] === undefined) return fail(401, 'malformed_signature');

  const given = Buffer.from(match[1], req.encoding);
  return matchesAnySecret(req.rawBody, given, usable) ? { ok: true } : fail(401, 'signature_mismatch');
}

/**
 * Whether `given` is the HMAC-SHA256 of `rawBody` under any of `secrets`. No early exit: every
 * secret costs the same time whichever one matches; a digest of the wrong length never matches.
 */
export function matchesAnySecret(rawBody: Buffer, given: Buffer, secrets: readonly string[]): boolean {
  let matched = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    if (expected.length === given.length && timingSafeEqual(expected, given)) matched = true;
  }
  return matched;
}

/** Header names are case-insensitive; two signature headers are ambiguous and count as malformed. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (Array.isArray(value)) return value.length === 1 ? value[0] : 'ambiguous';
    return value;
  }
  return undefined;
}

function fail(status: 400 | 401, failure: HmacFailure): HmacCheck {
  return { ok: false, status, failure };
}
