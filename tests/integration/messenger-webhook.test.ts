import { messengerText, readFixture, startFrontdesk, VERIFY_TOKEN, type Frontdesk } from '../helpers/start-frontdesk';

async function setup(): Promise<Frontdesk> {
  return startFrontdesk();
}

function countInbox(fd: Frontdesk): number {
  return (fd.server.store.db.prepare('SELECT COUNT(*) AS n FROM inbox').get() as { n: number }).n;
}

describe('Messenger webhook', () => {
  let fd: Frontdesk;
  beforeEach(async () => {
    fd = await setup();
  });
  afterEach(async () => {
    await fd.close();
  });

  test('when a signed text message arrives, then it gets 200 and a reply reaches the Graph Send API', async () => {
    const res = await fd.postMessenger(readFixture('messenger/text-message.json'));
    expect(res.status).toBe(200);
    await fd.server.idle();

    const sends = fd.graph.requests.filter((r) => r.path === '/v25.0/me/messages');
    expect(sends.length).toBeGreaterThanOrEqual(2); // bot disclosure, then the answer
    for (const send of sends) {
      expect(send.method).toBe('POST');
      expect(send.body.recipient?.id).toBe('7000000000000001');
      expect(send.body.messaging_type).toBe('RESPONSE');
      expect(send.body.tag).toBeUndefined();
      expect(send.headers.authorization).toBe('Bearer test-page-token');
    }
    expect(sends[0]?.body.message?.text).toMatch(/automated assistant/i);
    expect(sends[1]?.body.message?.text).toMatch(/\b(open|hours?)\b/i);
  });

  test('when one delivery holds several entries and events, then every message is answered', async () => {
    const res = await fd.postMessenger(readFixture('messenger/batch.json'));
    expect(res.status).toBe(200);
    await fd.server.idle();

    const sends = fd.graph.requests.filter((r) => r.path === '/v25.0/me/messages');
    const recipients = new Set(sends.map((s) => s.body.recipient?.id));
    expect(recipients).toEqual(new Set(['7000000000000003', '7000000000000004', '7000000000000005']));
    const inbound = fd.server.store.db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'in'`).get() as { n: number };
    expect(inbound.n).toBe(4);
    const answered = fd.server.store.db
      .prepare(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND route IS NOT NULL`)
      .get() as { n: number };
    expect(answered.n).toBe(4);
  });

  test('when the same mid is delivered twice, then the patient gets one reply', async () => {
    const body = readFixture('messenger/text-message.json');
    expect((await fd.postMessenger(body)).status).toBe(200);
    await fd.server.idle();
    const first = fd.graph.requests.length;
    expect((await fd.postMessenger(body)).status).toBe(200);
    await fd.server.idle();
    expect(fd.graph.requests.length).toBe(first);
    expect(countInbox(fd)).toBe(1);
  });

  test('when an echo, delivery or read event arrives, then nothing is sent', async () => {
    expect((await fd.postMessenger(readFixture('messenger/echo.json'))).status).toBe(200);
    expect((await fd.postMessenger(readFixture('messenger/delivery-read.json'))).status).toBe(200);
    await fd.server.idle();
    expect(fd.graph.requests).toHaveLength(0);
    expect(countInbox(fd)).toBe(0);
  });

  test('when a patient sends a photo, then the bot says it passed it to the team; after STOP, photos still reach staff and the patient is told once that a person will reply', async () => {
    const photo = JSON.parse(readFixture('messenger/attachment-only.json').toString('utf8'));
    expect((await fd.postMessenger(photo)).status).toBe(200);
    await fd.server.idle();
    const toPatient = () =>
      fd.graph.requests.filter((r) => r.body.recipient?.id === '7000000000000006').map((r) => r.body.message?.text ?? '');
    expect(toPatient().at(-1)).toMatch(/passed your photo to our team/);

    await fd.postMessenger(messengerText({ psid: '7000000000000006', mid: 'm_stop_1', text: 'STOP' }));
    await fd.server.idle();
    const afterStop = toPatient().length;
    photo.entry[0].messaging[0].message.mid = 'm_fake_attachment_0002';
    expect((await fd.postMessenger(photo)).status).toBe(200);
    await fd.server.idle();
    expect(toPatient()).toHaveLength(afterStop + 1);
    expect(toPatient().at(-1)).not.toMatch(/passed your photo/);
    expect(toPatient().at(-1)).toMatch(/START/);
    photo.entry[0].messaging[0].message.mid = 'm_fake_attachment_0003';
    expect((await fd.postMessenger(photo)).status).toBe(200);
    await fd.server.idle();
    expect(toPatient()).toHaveLength(afterStop + 1);
    const conversation = await fd.server.store.conversations.findByPlatform('messenger', '7000000000000006');
    const open = await fd.server.store.escalations.listOpenForConversation(conversation!.id);
    expect(open.length).toBeGreaterThan(0);
  });

  test('when the signature is wrong, then 401 and nothing is stored', async () => {
    const res = await fd.postMessenger(readFixture('messenger/text-message.json'), { signature: `sha256=${'0'.repeat(64)}` });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('signature_mismatch');
    expect(countInbox(fd)).toBe(0);
  });

  test('when the signature header is missing, then 400 naming it and nothing is stored', async () => {
    const res = await fd.postMessenger(readFixture('messenger/text-message.json'), { signature: null });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/X-Hub-Signature-256/i);
    expect(countInbox(fd)).toBe(0);
  });

  test('when the body is signed but not JSON, then 400 without echoing the body', async () => {
    const res = await fd.postMessenger(Buffer.from('{"object":"page", secret patient words'));
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('invalid_json');
    expect(text).not.toContain('secret patient words');
  });

  test('when the content type is not JSON, then 415', async () => {
    const res = await fd.postMessenger(readFixture('messenger/text-message.json'), { contentType: 'text/plain' });
    expect(res.status).toBe(415);
    expect(countInbox(fd)).toBe(0);
  });

  test('when the body is over 1 MB, then 413 and nothing is stored', async () => {
    const big = Buffer.from(JSON.stringify({ object: 'page', entry: [], pad: 'x'.repeat(1024 * 1024) }));
    const res = await fd.postMessenger(big);
    expect(res.status).toBe(413);
    expect(countInbox(fd)).toBe(0);
  });

  test('when Meta verifies the webhook with the right token, then the challenge is echoed', async () => {
    const res = await fetch(
      `${fd.server.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('1158201444');
  });

  test('when the verify token is wrong, then 403', async () => {
    const res = await fetch(`${fd.server.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('1158201444');
  });
});
