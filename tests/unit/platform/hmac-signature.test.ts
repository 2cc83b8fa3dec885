import { createHmac } from 'node:crypto';
import { headerValue, matchesAnySecret, verifyHmacSignature, type SignatureEncoding } from '../../../src/platform/http/hmac-signature';

const HEADER = 'x-test-signature';
const CURRENT = 'secret-current';
const PREVIOUS = 'secret-previous';

function setup(encoding: SignatureEncoding = 'hex') {
  const rawBody = Buffer.from('{"object":"page","entry":[]}');
  const digest = (secret: string) => createHmac('sha256', secret).update(rawBody).digest();
  const sign = (secret: string) => `sha256=${digest(secret).toString(encoding)}`;
  const check = (header: string | string[] | undefined, secrets: readonly string[] = [CURRENT]) =>
    verifyHmacSignature({ headers: header === undefined ? {} : { [HEADER]: header }, rawBody, secrets, header: HEADER, encoding });
  return { rawBody, digest, sign, check };
}

describe('verifyHmacSignature', () => {
  test.each<SignatureEncoding>(['hex', 'base64'])(
    'when the body is signed in %s with the configured secret, then it passes',
    (encoding) => {
      const { sign, check } = setup(encoding);
      expect(check(sign(CURRENT))).toEqual({ ok: true });
    },
  );

  test('when several secrets are configured, then a body signed with any one of them passes, in any order', () => {
    const { sign, check } = setup();
    expect(check(sign(PREVIOUS), [CURRENT, PREVIOUS])).toEqual({ ok: true });
    expect(check(sign(CURRENT), [CURRENT, PREVIOUS])).toEqual({ ok: true });
    expect(check(sign(CURRENT), [PREVIOUS, '', CURRENT])).toEqual({ ok: true });
  });

  test('when the body is signed with a secret that is not configured, then it fails 401 signature_mismatch', () => {
    const { sign, check } = setup();
    expect(check(sign('another-secret'), [CURRENT, PREVIOUS])).toEqual({ ok: false, status: 401, failure: 'signature_mismatch' });
  });

  test('when a hex signature is checked as base64, or a base64 one as hex, then it fails 401 malformed_signature', () => {
    const hex = setup('hex');
    const base64 = setup('base64');
    expect(base64.check(hex.sign(CURRENT))).toEqual({ ok: false, status: 401, failure: 'malformed_signature' });
    expect(hex.check(base64.sign(CURRENT))).toEqual({ ok: false, status: 401, failure: 'malformed_signature' });
  });

  test.each([
    ['hex', `sha256=${'a'.repeat(62)}`],
    ['hex', `sha256=${'a'.repeat(66)}`],
    ['base64', `sha256=${'q'.repeat(42)}=`],
    ['base64', `sha256=${'q'.repeat(44)}=`],
  ] as const)('when a %s digest has the wrong length (%s), then it fails 401 malformed_signature', (encoding, header) => {
    expect(setup(encoding).check(header)).toEqual({ ok: false, status: 401, failure: 'malformed_signature' });
  });

  test('when the header is missing or blank, then it fails 400 missing_signature', () => {
    const { check } = setup();
    expect(check(undefined)).toEqual({ ok: false, status: 400, failure: 'missing_signature' });
    expect(check('  ')).toEqual({ ok: false, status: 400, failure: 'missing_signature' });
  });

  test('when the header arrives twice, then it fails 401 malformed_signature rather than picking one', () => {
    const { sign, check } = setup();
    expect(check([sign(CURRENT), sign(CURRENT)])).toEqual({ ok: false, status: 401, failure: 'malformed_signature' });
  });

  test('when no usable secret is configured, then it fails closed with 401 no_secret', () => {
    const { sign, check } = setup();
    expect(check(sign(CURRENT), [])).toEqual({ ok: false, status: 401, failure: 'no_secret' });
    expect(check(sign(CURRENT), [''])).toEqual({ ok: false, status: 401, failure: 'no_secret' });
  });

  test('when the raw body was not captured, then it fails 401 raw_body_unavailable', () => {
    const { sign } = setup();
    const res = verifyHmacSignature({
      headers: { [HEADER]: sign(CURRENT) },
      rawBody: undefined,
      secrets: [CURRENT],
      header: HEADER,
      encoding: 'hex',
    });
    expect(res).toEqual({ ok: false, status: 401, failure: 'raw_body_unavailable' });
  });
});

describe('matchesAnySecret', () => {
  test('when the given digest is shorter or longer than a SHA-256 digest, then it does not match and does not throw', () => {
    const { rawBody, digest } = setup();
    expect(matchesAnySecret(rawBody, digest(CURRENT), [CURRENT])).toBe(true);
    expect(matchesAnySecret(rawBody, digest(CURRENT).subarray(0, 31), [CURRENT])).toBe(false);
    expect(matchesAnySecret(rawBody, Buffer.concat([digest(CURRENT), Buffer.alloc(1)]), [CURRENT])).toBe(false);
    expect(matchesAnySecret(rawBody, Buffer.alloc(0), [CURRENT])).toBe(false);
  });

  test('when the matching secret comes first or last among several, then it matches either way', () => {
    const { rawBody, digest } = setup();
    expect(matchesAnySecret(rawBody, digest(CURRENT), [CURRENT, PREVIOUS, 'third'])).toBe(true);
    expect(matchesAnySecret(rawBody, digest(CURRENT), ['third', PREVIOUS, CURRENT])).toBe(true);
    expect(matchesAnySecret(rawBody, digest(CURRENT), [])).toBe(false);
  });
});

describe('headerValue', () => {
  test('when the header name differs in case, then it is found; when it is absent, then undefined', () => {
    expect(headerValue({ 'X-Test-Signature': 'v' }, HEADER)).toBe('v');
    expect(headerValue({ other: 'v' }, HEADER)).toBeUndefined();
    expect(headerValue({ [HEADER]: ['one'] }, HEADER)).toBe('one');
  });
});
