import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifySignature } from '../../../src/channels/meta-verify-signature';
import { signMessenger } from '../../helpers/sign';

const SECRET = 'test-app-secret-current';
const OLD_SECRET = 'test-app-secret-previous';

function setup() {
  const rawBody = readFileSync(join(__dirname, '../../fixtures/messenger/text-message.json'));
  return { rawBody, signature: signMessenger(rawBody, SECRET) };
}

describe('verifySignature', () => {
  test('when the header is a valid signature of the raw bytes, then it passes', () => {
    const { rawBody, signature } = setup();
    expect(verifySignature({ 'x-hub-signature-256': signature }, rawBody, [SECRET])).toEqual({ ok: true });
  });

  test('when the header name is not lower-cased, then it is still found', () => {
    const { rawBody, signature } = setup();
    expect(verifySignature({ 'X-Hub-Signature-256': signature }, rawBody, [SECRET])).toEqual({ ok: true });
  });

  test('when the body was signed with another secret, then it fails 401 and tells the operator what to check', () => {
    const { rawBody } = setup();
    const res = verifySignature({ 'x-hub-signature-256': signMessenger(rawBody, 'some-other-secret') }, rawBody, [SECRET]);
    expect(res).toEqual({ ok: false, status: 401, code: 'signature_mismatch', message: expect.stringContaining('MESSENGER_APP_SECRET') });
  });

  test('when the header is missing, then it fails 400 naming the header', () => {
    const { rawBody } = setup();
    const res = verifySignature({ 'content-type': 'application/json' }, rawBody, [SECRET]);
    expect(res).toEqual({ ok: false, status: 400, code: 'missing_signature', message: expect.stringContaining('X-Hub-Signature-256') });
  });

  test.each([
    ['the sha1 form', 'sha1=0123456789abcdef0123456789abcdef01234567'],
    ['no prefix', 'a'.repeat(64)],
    ['short hex', 'sha256=abcd'],
    ['non-hex digits', `sha256=${'z'.repeat(64)}`],
    ['extra text', `sha256=${'a'.repeat(64)},sha256=${'b'.repeat(64)}`],
  ])('when the header is malformed (%s), then it fails 401 malformed_signature', (_name, header) => {
    const { rawBody } = setup();
    const res = verifySignature({ 'x-hub-signature-256': header }, rawBody, [SECRET]);
    expect(res).toMatchObject({ ok: false, status: 401, code: 'malformed_signature' });
  });

  test('when the header is sent twice, then it fails as malformed', () => {
    const { rawBody, signature } = setup();
    const res = verifySignature({ 'x-hub-signature-256': [signature, signature] }, rawBody, [SECRET]);
    expect(res).toMatchObject({ ok: false, status: 401, code: 'malformed_signature' });
  });

  test('when the body was signed with the second (rotated) secret, then it passes', () => {
    const { rawBody } = setup();
    const signature = signMessenger(rawBody, OLD_SECRET);
    expect(verifySignature({ 'x-hub-signature-256': signature }, rawBody, [SECRET, OLD_SECRET])).toEqual({ ok: true });
  });

  test('when one byte of the body is altered after signing, then it fails 401', () => {
    const { rawBody, signature } = setup();
    const altered = Buffer.from(rawBody);
    altered[altered.length - 3] = (altered[altered.length - 3] ?? 0) ^ 0x01;
    const res = verifySignature({ 'x-hub-signature-256': signature }, altered, [SECRET]);
    expect(res).toMatchObject({ ok: false, status: 401, code: 'signature_mismatch' });
  });

  test('when the body is re-serialised JSON instead of the raw bytes, then it fails', () => {
    const { rawBody, signature } = setup();
    const reencoded = Buffer.from(JSON.stringify(JSON.parse(rawBody.toString('utf8'))));
    expect(verifySignature({ 'x-hub-signature-256': signature }, reencoded, [SECRET])).toMatchObject({ ok: false, status: 401 });
  });

  test('when the hex digits are upper-case, then it still passes', () => {
    const { rawBody, signature } = setup();
    const upper = `sha256=${signature.slice('sha256='.length).toUpperCase()}`;
    expect(verifySignature({ 'x-hub-signature-256': upper }, rawBody, [SECRET])).toEqual({ ok: true });
  });

  test('when no secret is configured, then it fails closed naming MESSENGER_APP_SECRET', () => {
    const { rawBody, signature } = setup();
    const res = verifySignature({ 'x-hub-signature-256': signature }, rawBody, ['']);
    expect(res).toMatchObject({ ok: false, status: 401, code: 'no_app_secret', message: expect.stringContaining('MESSENGER_APP_SECRET') });
  });

  test('when any check fails, then the message never contains the body', () => {
    const { rawBody } = setup();
    const res = verifySignature({ 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, rawBody, [SECRET]);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.message).not.toContain('Saturday');
  });
});
