import { createHmac } from 'node:crypto';
import { readFixture } from '../helpers/start-frontdesk';
import { signX } from '../helpers/sign';
import { startXFrontdesk, X_CONSUMER_SECRET, X_OLD_CONSUMER_SECRET, xDm, xMention, type XFrontdesk } from '../helpers/x-frontdesk';

const PATIENT = '1600000000000000001';

function count(fd: XFrontdesk, sql: string): number {
  return (fd.server.store.db.prepare(sql).get() as { n: number }).n;
}

describe('X webhook (Account Activity)', () => {
  let fd: XFrontdesk;
  beforeEach(async () => {
    fd = await startXFrontdesk();
  });
  afterEach(async () => {
    await fd.close();
  });

  test('when X sends a CRC check, then the response token is the HMAC of the token with the consumer secret', async () => {
    const res = await fetch(`${fd.server.url}/webhooks/x?crc_token=abc123`);
    expect(res.status).toBe(200);
    const expected = `sha256=${createHmac('sha256', X_CONSUMER_SECRET).update('abc123').digest('base64')}`;
    expect(await res.json()).toEqual({ response_token: expected });
  });

  test('when a CRC request has no token, then it gets 400', async () => {
    expect((await fetch(`${fd.server.url}/webhooks/x`)).status).toBe(400);
  });

  test('when a signed DM arrives, then the bot answers it by DM on X', async () => {
    const res = await fd.postX(readFixture('x/dm-text.json'));
    expect(res.status).toBe(200);
    await fd.server.idle();
    const replies = fd.sentTo(PATIENT);
    // X counts every DM against 15 per 15 minutes: the turn's introduction and answer are one DM.
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/automated assistant/i);
    expect(replies[0]).toMatch(/\b(open|hours?)\b/i);
    expect(fd.x.sentPosts).toEqual([]);
    for (const r of fd.x.requests) expect(r.headers.authorization).toMatch(/^OAuth /);
  });

  test('when the body was signed with the previous secret during a rotation, then it is accepted', async () => {
    const raw = readFixture('x/dm-text.json');
    expect((await fd.postX(raw, { signature: signX(raw, X_OLD_CONSUMER_SECRET) })).status).toBe(200);
  });

  test('when the signature is wrong, then it gets 401, nothing is stored and nothing is sent', async () => {
    const raw = readFixture('x/dm-text.json');
    const res = await fd.postX(raw, { signature: signX(raw, 'not-the-secret') });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('signature_mismatch');
    await fd.server.idle();
    expect(count(fd, 'SELECT COUNT(*) AS n FROM inbox')).toBe(0);
    expect(fd.x.requests).toHaveLength(0);
  });

  test('when the signature header is missing, then it gets 400 and nothing is stored', async () => {
    const res = await fd.postX(readFixture('x/dm-text.json'), { signature: null });
    expect(res.status).toBe(400);
    expect(count(fd, 'SELECT COUNT(*) AS n FROM inbox')).toBe(0);
  });

  test('when the signed body is not JSON, then it gets 400 without echoing the body', async () => {
    const res = await fd.postX('{"for_user_id": "15', {});
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain('for_user_id');
  });

  test('when the content type is not JSON, then it gets 415', async () => {
    expect((await fd.postX(readFixture('x/dm-text.json'), { contentType: 'text/plain' })).status).toBe(415);
  });

  test('when the same delivery arrives twice, then the patient is answered once', async () => {
    const raw = readFixture('x/dm-text.json');
    expect((await fd.postX(raw)).status).toBe(200);
    await fd.server.idle();
    const first = fd.x.sentDms.length;
    expect((await fd.postX(raw)).status).toBe(200);
    await fd.server.idle();
    expect(fd.x.sentDms.length).toBe(first);
    expect(count(fd, 'SELECT COUNT(*) AS n FROM inbox')).toBe(1);
  });

  test("when follows, likes, typing, read receipts and the account's own events arrive, then they get 200 and nothing is stored or sent", async () => {
    expect((await fd.postX(readFixture('x/other-kinds.json'))).status).toBe(200);
    expect((await fd.postX(readFixture('x/own-events.json'))).status).toBe(200);
    await fd.server.idle();
    expect(count(fd, 'SELECT COUNT(*) AS n FROM inbox')).toBe(0);
    expect(fd.x.requests).toHaveLength(0);
  });

  test('when one event in a batch is malformed, then the good ones are stored and answered', async () => {
    expect((await fd.postX(readFixture('x/batch-one-bad.json'))).status).toBe(200);
    await fd.server.idle();
    expect(count(fd, 'SELECT COUNT(*) AS n FROM inbox')).toBe(2);
    expect(fd.sentTo('1600000000000000010').length).toBeGreaterThan(0);
    expect(fd.sentTo('1600000000000000012').length).toBeGreaterThan(0);
  });

  test('when a DM holds only a photo, then the patient is told it was passed to the team', async () => {
    expect((await fd.postX(readFixture('x/dm-media-only.json'))).status).toBe(200);
    await fd.server.idle();
    expect(fd.sentTo('1600000000000000003').at(-1)).toMatch(/passed your photo to our team/);
  });

  test('when an emergency arrives by DM, then 911 is sent at once and the thread is queued as an emergency', async () => {
    await fd.postX(
      xDm({
        accountId: fd.x.accountId,
        senderId: '1600000000000000040',
        id: fd.x.nextId(),
        text: 'my dad has crushing chest pain and can barely breathe',
      }),
    );
    await fd.server.idle();
    const replies = fd.sentTo('1600000000000000040');
    expect(replies[0]).toMatch(/call 911/i);
    const row = fd.server.store.db.prepare(`SELECT route FROM escalations`).get() as { route: string };
    expect(row.route).toBe('emergency');
  });

  test('when a 10,000-character DM ends with a crisis, then it is triaged in full and gets 988', async () => {
    const filler = 'I wanted to ask about my appointment and the parking situation near your office. '.repeat(130);
    const text = `${filler}honestly i want to end my life tonight`.slice(-10_000);
    expect(text.length).toBe(10_000);
    await fd.postX(xDm({ accountId: fd.x.accountId, senderId: '1600000000000000041', id: fd.x.nextId(), text }));
    await fd.server.idle();
    expect(fd.sentTo('1600000000000000041').join('\n')).toMatch(/988/);
  });

  test('when a mention carries health details, then only the fixed invitation is posted in reply, and the DM conversation continues', async () => {
    const mention = JSON.parse(readFixture('x/mention-health.json').toString('utf8'));
    expect((await fd.postX(mention)).status).toBe(200);
    await fd.server.idle();

    expect(fd.x.sentPosts).toHaveLength(1);
    const post = fd.x.sentPosts[0];
    expect(post?.inReplyTo).toBe('1920000000000000001');
    expect(post?.text.length).toBeLessThanOrEqual(280);
    const words = (mention.tweet_create_events[0].extended_tweet.full_text as string)
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w !== '' && w !== 'frontdeskclinic');
    // Beyond the author's handle, which addresses the reply, no word of theirs is in it.
    const replyWords = new Set(
      post?.text
        .replace(/^@testpatient4 /, '')
        .toLowerCase()
        .split(/[^a-z0-9]+/),
    );
    expect(words.filter((w) => replyWords.has(w))).toEqual([]);
    expect(post?.text).toMatch(/^@testpatient4 Thanks for reaching out\..*direct message/);
    expect(fd.x.sentDms).toEqual([]); // nothing is sent privately unasked
    expect(count(fd, 'SELECT COUNT(*) AS n FROM escalations')).toBe(0);

    // The patient then writes by DM: an ordinary private conversation.
    await fd.postX(
      xDm({
        accountId: fd.x.accountId,
        senderId: '1600000000000000004',
        id: fd.x.nextId(),
        text: 'should I double my evening dose of lantus?',
      }),
    );
    await fd.server.idle();
    const dms = fd.sentTo('1600000000000000004');
    expect(dms.join('\n')).toMatch(/clinical team/i);
    expect(fd.x.sentPosts).toHaveLength(1);
  });

  test('when a mention trips a red flag, then publicly only the generic 911/988 line is posted and staff get an emergency', async () => {
    await fd.postX(
      xMention({
        accountId: fd.x.accountId,
        authorId: '1600000000000000042',
        id: fd.x.nextId(),
        text: 'i took a whole bottle of my pills and feel like i am dying',
      }),
    );
    await fd.server.idle();
    expect(fd.x.sentPosts).toHaveLength(1);
    expect(fd.x.sentPosts[0]?.text).toMatch(
      /^@testpatient If this is an emergency, call 911 now\. If you are in crisis, call or text 988\./,
    );
    expect(fd.x.sentPosts[0]?.text).not.toMatch(/pills|bottle|dying/i);
    const row = fd.server.store.db.prepare(`SELECT route FROM escalations`).get() as { route: string };
    expect(row.route).toBe('emergency');
  });

  test('when the practice is only tagged among others in chatter, then nothing is posted; when such a post asks something, the invitation is', async () => {
    expect((await fd.postX(readFixture('x/mention-among-others.json'))).status).toBe(200);
    await fd.server.idle();
    expect(fd.x.sentPosts).toEqual([]);

    const asking = JSON.parse(readFixture('x/mention-among-others.json').toString('utf8'));
    asking.tweet_create_events[0].id_str = fd.x.nextId();
    asking.tweet_create_events[0].text = '@someoneelse @anotherone @frontdeskclinic are you open on sunday?';
    await fd.postX(asking);
    await fd.server.idle();
    expect(fd.x.sentPosts).toHaveLength(1);
    expect(fd.x.sentPosts[0]?.text).not.toMatch(/sunday/i);
  });

  test('when X refuses a DM with 403, then it is not retried and staff see it as undeliverable', async () => {
    fd.x.fail(
      'send_dm',
      { status: 403, body: { title: 'Forbidden', status: 403, detail: 'You are not permitted to send messages to this user' } },
      20,
    );
    await fd.postX(
      xDm({ accountId: fd.x.accountId, senderId: '1600000000000000043', id: fd.x.nextId(), text: 'can i talk to a real person please' }),
    );
    await fd.server.idle();
    const rows = fd.server.store.db.prepare(`SELECT status, attempts, last_error FROM outbox WHERE channel = 'x'`).all() as Array<{
      status: string;
      attempts: number;
      last_error: string;
    }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.status).toBe('undeliverable');
      expect(row.attempts).toBe(1);
      expect(row.last_error).toMatch(/cannot send messages to this user/);
    }
    const esc = (await (await fd.staff('/api/escalations')).json()) as { items: Array<{ id: number; channelName: string }> };
    expect(esc.items[0]?.channelName).toBe('X');
    const thread = (await (await fd.staff(`/api/escalations/${esc.items[0]?.id}`)).json()) as { messages: Array<{ status?: string }> };
    expect(JSON.stringify(thread)).toMatch(/undeliverable/);
  });

  test('when X answers 429 to a DM, then it is retried after the reset, not before', async () => {
    fd.x.fail('send_dm', { status: 429, resetInSeconds: 1 });
    const startedAt = Date.now();
    await fd.postX(xDm({ accountId: fd.x.accountId, senderId: '1600000000000000044', id: fd.x.nextId(), text: 'hello' }));
    // The first DM (the bot disclosure) hit the limit; it goes out only once the reset has passed.
    await fd.x.waitFor(() => fd.sentTo('1600000000000000044').some((t) => /not a person/i.test(t)), 8000);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
  });
});
