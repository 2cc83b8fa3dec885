import { createHmac } from 'node:crypto';
import { JSON_CONTENT_TYPE, jsonError, type HttpDescriptor } from '../../platform/http/http-descriptor';

export interface CrcRequest {
  method: string;
  /** `unknown` values so express's `req.query` fits without a cast; only a single string counts. */
  query: Record<string, unknown>;
}

/** X caps what it sends; anything longer is not a real challenge. */
const MAX_CRC_TOKEN_LENGTH = 512;

/**
 * X's challenge-response check: `GET ?crc_token=T` is answered with
 * `{"response_token": "sha256=" + base64(HMAC-SHA256(consumer secret, T))}`. X runs it when the
 * webhook is registered, when asked to re-validate, and at least daily; a wrong answer marks the
 * webhook invalid. During a secret rotation the first (current) secret answers.
 */
export function answerCrc(req: CrcRequest, secrets: readonly string[]): HttpDescriptor {
  if (req.method.toUpperCase() !== 'GET') {
    return jsonError(405, 'method_not_allowed', 'The X CRC check is a GET request.');
  }
  const secret = secrets.find((s) => typeof s === 'string' && s !== '');
  if (secret === undefined) {
    return jsonError(503, 'no_consumer_secret', "X webhook validation is disabled: set X_CONSUMER_SECRET to your X app's API Key Secret.");
  }
  const token = req.query.crc_token;
  if (typeof token !== 'string' || token === '' || token.length > MAX_CRC_TOKEN_LENGTH) {
    return jsonError(
      400,
      'missing_crc_token',
      'Expected exactly one crc_token query parameter (X sends it when it validates the webhook).',
    );
  }
  return {
    status: 200,
    contentType: JSON_CONTENT_TYPE,
    body: JSON.stringify({ response_token: crcResponseToken(token, secret) }),
  };
}

export function crcResponseToken(token: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(token, 'utf8').digest('base64')}`;
}
