import { createXClient, type XClient } from '../../../src/channels/x/x-client';
import { startFakeX, type FakeX } from '../../helpers/fake-x';

const KEYS = { consumerKey: 'ck-test', consumerSecret: 'cs-test', accessToken: 'at-test-1234', accessSecret: 'as-test' };

async function setup(): Promise<{ x: FakeX; client: XClient }> {
  const x = await startFakeX({ delayMs: 0 });
  return { x, client: createXClient({ ...KEYS, apiBase: x.baseUrl, timeoutMs: 2000 }) };
}

describe('X client', () => {
  let x: FakeX;
  let client: XClient;
  beforeEach(async () => {
    ({ x, client } = await setup());
  });
  afterEach(async () => {
    await x.close();
  });

  test('when a DM is sent, then it reaches the DM endpoint signed with OAuth 1.0a and no key is in the URL', async () => {
    const result = await client.sendDm('1600000000000000001', 'Hello from the clinic');
    expect(result).toMatchObject({ ok: true, id: expect.stringMatching(/^\d+$/) });
    expect(x.sentDms).toMatchObject([{ participantId: '1600000000000000001', text: 'Hello from the clinic' }]);
    const request = x.requests[0];
    expect(request?.pathname).toBe('/2/dm_conversations/with/1600000000000000001/messages');
    expect(request?.headers.authorization).toMatch(/^OAuth .*oauth_consumer_key="ck-test".*oauth_token="at-test-1234"/);
    for (const r of x.requests) expect(r.path).not.toMatch(/at-test|as-test|cs-test/);
  });

  test('when a public reply is sent, then it is a post in reply to the mention', async () => {
    const result = await client.replyPublicly('1920000000000000001', 'Please send us a DM.');
    expect(result.ok).toBe(true);
    expect(x.sentPosts).toEqual([{ text: 'Please send us a DM.', inReplyTo: '1920000000000000001' }]);
  });

  test('when a public reply is longer than 280 characters, then it is refused before any call', async () => {
    const result = await client.replyPublicly('1920000000000000001', 'a'.repeat(281));
    expect(result).toMatchObject({ ok: false, permanent: true });
    expect(x.requests).toHaveLength(0);
  });

  test('when a DM is over 10,000 characters, then it is cut and reported as truncated', async () => {
    const result = await client.sendDm('1600000000000000001', 'b'.repeat(10_050));
    expect(result).toMatchObject({ ok: true, truncated: true });
    expect(x.sentDms[0]?.text.length).toBe(10_000);
  });

  test('when X answers 429, then the failure is retryable after the reset time', async () => {
    x.fail('send_dm', { status: 429, resetInSeconds: 30 });
    const before = Date.now();
    const result = await client.sendDm('1600000000000000001', 'hi');
    expect(result).toMatchObject({ ok: false, retryable: true, permanent: false, httpStatus: 429 });
    if (result.ok) throw new Error('expected a failure');
    expect(result.retryAfter).toBeGreaterThanOrEqual(before + 25_000);
  });

  test('when X answers 503, then the failure is retryable', async () => {
    x.fail('tweet', { status: 503 });
    expect(await client.replyPublicly('1920000000000000001', 'hi')).toMatchObject({ ok: false, retryable: true, httpStatus: 503 });
  });

  test('when X refuses the DM with 403, then it is permanent, says so in our words and quotes nothing from X', async () => {
    x.fail('send_dm', {
      status: 403,
      body: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'You are not permitted to send messages to this user' },
    });
    const result = await client.sendDm('1600000000000000001', 'my private words');
    expect(result).toMatchObject({ ok: false, retryable: false, permanent: true, httpStatus: 403 });
    if (result.ok) throw new Error('expected a failure');
    expect(result.reason).toMatch(/cannot send messages to this user/);
    expect(result.reason).not.toMatch(/not permitted|private words/);
  });

  test('when X rejects the keys with 401, then it is permanent and names the variables to check', async () => {
    x.fail('send_dm', { status: 401 });
    const result = await client.sendDm('1600000000000000001', 'hi');
    if (result.ok) throw new Error('expected a failure');
    expect(result.permanent).toBe(true);
    expect(result.reason).toMatch(/X_ACCESS_TOKEN/);
  });

  test('when X cannot be reached, then the failure is retryable and names X_API_BASE', async () => {
    const offline = createXClient({ ...KEYS, apiBase: 'http://127.0.0.1:9', timeoutMs: 1000 });
    const result = await offline.sendDm('1600000000000000001', 'hi');
    expect(result).toMatchObject({ ok: false, retryable: true, reason: expect.stringContaining('X_API_BASE') });
  });

  test('when mentions are read, then since_id and the fields the parser needs are asked for', async () => {
    const read = await client.readMentions({ userId: x.accountId, sinceId: '1920000000000000001' });
    expect(read.ok).toBe(true);
    const request = x.requests[0];
    expect(request?.pathname).toBe(`/2/users/${x.accountId}/mentions`);
    expect(request?.query.get('since_id')).toBe('1920000000000000001');
    expect(request?.query.get('tweet.fields')).toContain('note_tweet');
  });

  test('when DM events are read, then the rate-limit headers come back with the page', async () => {
    x.addDm({ senderId: '1600000000000000001', text: 'hello' });
    const read = await client.readDmEvents({});
    if (!read.ok) throw new Error(read.reason);
    expect(read.rate.remaining).toBe(14);
    expect(read.rate.resetAt).toBeGreaterThan(Date.now());
    expect(x.requests[0]?.query.get('dm_event.fields')).toContain('sender_id');
  });
});
