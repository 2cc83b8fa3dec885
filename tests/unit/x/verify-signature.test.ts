import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyXSignature } from '../../../src/channels/x/verify-signature';
import { signX } from '../../helpers/sign';

const SECRET = 'test-consumer-secret-current';
const OLD_SECRET = 'test-consumer-secret-previous';

function setup() {
  const rawBody = readFileSync(join(__dirname, '../../fixtures/x/dm-text.json'));
  return { rawBody, signature: signX(rawBody, SECRET) };
}

describe('verifyXSignature', () => {
  test('when the header is a valid signature of the raw bytes, then it passes', () => {
    const { rawBody, signature } = setup();
    expect(verifyXSignature({ headers: { 'x-twitter-webhooks-signature': signature }, rawBody }, [SECRET])).toEqual({ ok: true });
  });

  test('when the secret is being rotated, then a body signed with either configured secret passes', () => {
    const { rawBody } = setup();
    const headers = { 'X-Twitter-Webhooks-Signature': signX(rawBody, OLD_SECRET) };
    expect(verifyXSignature({ headers, rawBody }, [SECRET, OLD_SECRET])).toEqual({ ok: true });
  });

  test('when the header is missing, then it fails 400 naming the header', () => {
    const { rawBody } = setup();
    expect(verifyXSignature({ headers: {}, rawBody }, [SECRET])).toEqual({
      ok: false,
      status: 400,
      code: 'missing_signature',
      message: expect.stringContaining('x-twitter-webhooks-signature'),
    });
  });

  test('when the body was signed with another secret, then it fails 401 and names the variable to check', () => {
    const { rawBody } = setup();
    const res = verifyXSignature({ headers: { 'x-twitter-webhooks-signature': signX(rawBody, 'another-secret') }, rawBody }, [SECRET]);
    expect(res).toEqual({ ok: false, status: 401, code: 'signature_mismatch', message: expect.stringContaining('X_CONSUMER_SECRET') });
  });

  test('when one byte of the body changes after signing, then it fails 401', () => {
    const { rawBody, signature } = setup();
    const tampered = Buffer.from(rawBody.toString('utf8').replace('monday', 'sunday'));
    expect(verifyXSignature({ headers: { 'x-twitter-webhooks-signature': signature }, rawBody: tampered }, [SECRET])).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  test.each([
    ['a hex digest (the Messenger form)', `sha256=${'a'.repeat(64)}`],
    ['no prefix', 'q'.repeat(43) + '='],
    ['a short digest', 'sha256=abcd'],
  ])('when the header is %s, then it fails 401 as malformed', (_name, header) => {
    const { rawBody } = setup();
    expect(verifyXSignature({ headers: { 'x-twitter-webhooks-signature': header }, rawBody }, [SECRET])).toMatchObject({
      ok: false,
      status: 401,
      code: 'malformed_signature',
    });
  });

  test('when two signature headers arrive, then it fails 401 rather than picking one', () => {
    const { rawBody, signature } = setup();
    const res = verifyXSignature({ headers: { 'x-twitter-webhooks-signature': [signature, signature] }, rawBody }, [SECRET]);
    expect(res).toMatchObject({ ok: false, status: 401, code: 'malformed_signature' });
  });

  test('when no secret is configured, then nothing is authenticated', () => {
    const { rawBody, signature } = setup();
    expect(verifyXSignature({ headers: { 'x-twitter-webhooks-signature': signature }, rawBody }, [''])).toMatchObject({
      ok: false,
      status: 401,
      code: 'no_consumer_secret',
    });
  });

  test('when the raw body was not captured, then it fails 401 instead of checking a parsed object', () => {
    expect(verifyXSignature({ headers: { 'x-twitter-webhooks-signature': 'sha256=x' }, rawBody: undefined }, [SECRET])).toMatchObject({
      ok: false,
      code: 'raw_body_unavailable',
    });
  });
});
