import { verifyHandshake } from '../../../src/channels/meta-verify-handshake';

function setup(query: Record<string, string | string[] | undefined>, method = 'GET') {
  return { method, query, headers: {}, rawBody: Buffer.alloc(0) };
}

const TOKEN = 'frontdesk-verify-token-for-tests';

describe('verifyHandshake', () => {
  test('when mode is subscribe and the token matches, then it echoes the challenge as text/plain', () => {
    const res = verifyHandshake(setup({ 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN, 'hub.challenge': '1158201444' }), TOKEN);
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/plain/);
    expect(res.body).toBe('1158201444');
  });

  test('when the token is wrong, then it answers 403 JSON without echoing the challenge or either token', () => {
    const res = verifyHandshake(setup({ 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': 'CHALLENGE_42' }), TOKEN);
    expect(res.status).toBe(403);
    expect(res.contentType).toMatch(/^application\/json/);
    const body = JSON.parse(res.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('verify_token_mismatch');
    expect(body.error.message).toContain('MESSENGER_VERIFY_TOKEN');
    expect(res.body).not.toContain('CHALLENGE_42');
    expect(res.body).not.toContain('guess');
    expect(res.body).not.toContain(TOKEN);
  });

  test('when the token differs only in length (a prefix), then it is still rejected', () => {
    const res = verifyHandshake(setup({ 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN.slice(0, 5), 'hub.challenge': '1' }), TOKEN);
    expect(res.status).toBe(403);
  });

  test('when hub.mode is not subscribe, then it answers 403', () => {
    const res = verifyHandshake(setup({ 'hub.mode': 'unsubscribe', 'hub.verify_token': TOKEN, 'hub.challenge': '1' }), TOKEN);
    expect(res.status).toBe(403);
  });

  test.each([
    ['no params', {}],
    ['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }],
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN }],
    ['empty challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN, 'hub.challenge': '' }],
    ['no mode', { 'hub.verify_token': TOKEN, 'hub.challenge': '1' }],
    ['a repeated token', { 'hub.mode': 'subscribe', 'hub.verify_token': [TOKEN, TOKEN], 'hub.challenge': '1' }],
  ])('when the query has %s, then it answers 400', (_name, query) => {
    const res = verifyHandshake(setup(query), TOKEN);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'missing_handshake_params', message: expect.any(String) } });
  });

  test.each([undefined, ''])('when no verify token is configured (%p), then it answers 503 naming MESSENGER_VERIFY_TOKEN', (configured) => {
    const res = verifyHandshake(setup({ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' }), configured);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body).error.message).toContain('MESSENGER_VERIFY_TOKEN');
  });

  test('when the method is not GET, then it answers 405', () => {
    const res = verifyHandshake(setup({ 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN, 'hub.challenge': '1' }, 'POST'), TOKEN);
    expect(res.status).toBe(405);
  });
});
