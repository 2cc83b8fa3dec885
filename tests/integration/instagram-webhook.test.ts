import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph';
import { signMessenger } from '../helpers/sign';
import { APP_SECRET, readFixture, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

const ACCOUNT = '17841400000000001';
const INSTAGRAM_VERIFY_TOKEN = 'test-instagram-verify-token';
const HOUR = 3600_000;

interface Setup {
  fd: Frontdesk;
  graph: FakeGraph;
  post(body: Buffer | object, signature?: string | null): Promise<Response>;
  /** Texts the Graph Send API received for one Instagram-scoped id. */
  sentTo(igsid: string): string[];
}

async function setup(env: Record<string, string> = {}): Promise<Setup> {
  // The real Graph API answers in 100-300 ms from a server.
  const graph = await startFakeGraph({ delayMs: 150 });
  const fd = await startFrontdesk({ graph, env: { INSTAGRAM_ACCOUNT_ID: ACCOUNT, INSTAGRAM_VERIFY_TOKEN, ...env } });
  return {
    fd,
    graph,
    post(body, signature) {
      const raw = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const sig = signature === undefined ? signMessenger(raw, APP_SECRET) : signature;
      if (sig !== null) headers['x-hub-signature-256'] = sig;
      return fetch(`${fd.server.url}/webhooks/instagram`, { method: 'POST', headers, body: raw });
    },
    sentTo(igsid) {
      return graph
        .messages()
        .filter((r) => r.body.recipient?.id === igsid)
        .map((r) => r.body.message?.text ?? '');
    },
  };
}

/** A text DM as Meta delivers it to an Instagram professional account, `at` ms since the epoch. */
function dm(igsid: string, mid: string, text: string, at = Date.now()): object {
  return {
    object: 'instagram',
    entry: [
      {
        id: ACCOUNT,
        time: at,
        messaging: [{ sender: { id: igsid }, recipient: { id: ACCOUNT }, timestamp: at, message: { mid, text } }],
      },
    ],
  };
}

describe('Instagram DMs', () => {
  let s: Setup;
  afterEach(async () => {
    await s.fd.close();
    await s.graph.close();
  });

  test('when Meta runs the verify handshake, then the challenge is echoed for the Instagram token and refused for another', async () => {
    s = await setup();
    const ok = await fetch(
      `${s.fd.server.url}/webhooks/instagram?hub.mode=subscribe&hub.verify_token=${INSTAGRAM_VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(`${s.fd.server.url}/webhooks/instagram?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
    expect(wrong.status).toBe(403);
  });

  test('when a signed DM arrives, then it is answered through the Graph Send API within 1 s, and a duplicate delivery is answered once', async () => {
    s = await setup();
    // A warm server: the first turn after start loads the classifier.
    expect((await s.post(dm('1234500000000099', 'm_warm_up', 'hello'))).status).toBe(200);
    await s.fd.server.idle();
    const raw = readFixture('instagram/text-message.json');
    const started = Date.now();
    expect((await s.post(raw)).status).toBe(200);
    await waitFor(() => s.sentTo('1234500000000001').length > 0, 2000);
    expect(Date.now() - started).toBeLessThan(1000);
    const first = s.graph.messages().find((r) => r.body.recipient?.id === '1234500000000001');
    expect(first?.path).toBe('/v25.0/me/messages');
    expect(first?.headers.authorization).toBe('Bearer test-page-token');
    expect(first?.body).toMatchObject({ recipient: { id: '1234500000000001' }, messaging_type: 'RESPONSE' });
    await s.fd.server.idle();
    const answered = s.sentTo('1234500000000001');
    expect(answered.join('\n')).toMatch(/automated assistant/i);
    expect(answered.join('\n')).toMatch(/\bopen/i);
    for (const text of answered) expect(text.length).toBeLessThanOrEqual(1000);

    expect((await s.post(raw)).status).toBe(200);
    await s.fd.server.idle();
    expect(s.sentTo('1234500000000001')).toEqual(answered);
    const conversation = await s.fd.server.store.conversations.findByPlatform('instagram', '1234500000000001');
    expect(conversation).toBeDefined();
  });

  test('when the signature is wrong, then 401 and nothing is stored or sent', async () => {
    s = await setup();
    const raw = readFixture('instagram/text-message.json');
    const res = await s.post(raw, signMessenger(raw, 'not-the-app-secret'));
    expect(res.status).toBe(401);
    await s.fd.server.idle();
    expect((s.fd.server.store.db.prepare('SELECT COUNT(*) AS n FROM inbox').get() as { n: number }).n).toBe(0);
    expect(s.graph.requests).toHaveLength(0);
  });

  test("when the account's own message comes back as an echo, then nothing is answered", async () => {
    s = await setup();
    expect((await s.post(readFixture('instagram/echo.json'))).status).toBe(200);
    await s.fd.server.idle();
    expect(s.graph.messages()).toHaveLength(0);
  });

  test('when a patient replies to a story or mentions the practice in theirs, then they get a DM and the story is never quoted', async () => {
    s = await setup();
    expect((await s.post(readFixture('instagram/story-reply.json'))).status).toBe(200);
    expect((await s.post(readFixture('instagram/story-mention.json'))).status).toBe(200);
    await s.fd.server.idle();
    expect(s.sentTo('1234500000000002').join('\n')).toMatch(/walk-in|appointment|call|schedule|book|hours|open|help/i);
    expect(s.sentTo('1234500000000003').length).toBeGreaterThan(0);
    for (const r of s.graph.requests) expect(r.rawBody).not.toMatch(/lookaside|STORYSECRET|MENTIONSECRET|17900000000000001/);
    expect(s.fd.logs.text).not.toMatch(/STORYSECRET|MENTIONSECRET|walk-ins/);
  });

  test('when Instagram marks a message unsupported, then the patient is told to write in text', async () => {
    s = await setup();
    expect((await s.post(readFixture('instagram/unsupported.json'))).status).toBe(200);
    await s.fd.server.idle();
    expect(s.sentTo('1234500000000004').join('\n')).toMatch(/text|type|write/i);
  });

  test('when a patient taps a quick reply, then its payload is what the bot acts on', async () => {
    s = await setup();
    expect((await s.post(readFixture('instagram/quick-reply.json'))).status).toBe(200);
    await s.fd.server.idle();
    const queue = (await (await s.fd.staff('/api/escalations')).json()) as {
      items: Array<{ route: string; channel: string; channelName: string }>;
    };
    expect(queue.items).toEqual([expect.objectContaining({ route: 'human', channel: 'instagram', channelName: 'Instagram' })]);
  });

  test('when a DM is for another Instagram account of the same app, then it is not answered', async () => {
    s = await setup();
    const other = {
      object: 'instagram',
      entry: [
        {
          id: '17841499999999999',
          time: Date.now(),
          messaging: [
            {
              sender: { id: '1234500000000009' },
              recipient: { id: '17841499999999999' },
              timestamp: Date.now(),
              message: { mid: 'm_other_account', text: 'hello' },
            },
          ],
        },
      ],
    };
    expect((await s.post(other)).status).toBe(200);
    await s.fd.server.idle();
    expect(s.graph.messages()).toHaveLength(0);
  });

  test('when staff reply 2 days after the last message, then it carries HUMAN_AGENT; after 8 days it is refused', async () => {
    s = await setup();
    const reply = (id: number, text: string) => s.fd.staff(`/api/escalations/${id}/reply`, { method: 'POST', body: { text } });
    for (const [igsid, age] of [
      ['1234500000000021', 48 * HOUR],
      ['1234500000000022', 8 * 24 * HOUR],
    ] as const) {
      const res = await s.post(
        dm(igsid, `m_clin_${igsid}`, 'i have had a rash on my arm for three days, should i be worried', Date.now() - age),
      );
      expect(res.status).toBe(200);
    }
    await s.fd.server.idle();
    const items = ((await (await s.fd.staff('/api/escalations')).json()) as { items: Array<{ id: number; conversationId: number }> }).items;
    const idOf = async (igsid: string): Promise<number> => {
      const conversation = await s.fd.server.store.conversations.findByPlatform('instagram', igsid);
      const item = items.find((i) => i.conversationId === conversation?.id);
      if (!item) throw new Error('no escalation');
      return item.id;
    };
    const before = s.graph.messages().length;
    expect((await reply(await idOf('1234500000000021'), 'Sorry for the delay, please call us.')).status).toBe(202);
    await s.fd.server.idle();
    expect(s.graph.messages().slice(before)).toEqual([
      expect.objectContaining({ body: expect.objectContaining({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }) }),
    ]);
    // The bot never used the tag.
    expect(
      s.graph
        .messages()
        .slice(0, before)
        .every((r) => r.body.tag === undefined),
    ).toBe(true);

    const late = await reply(await idOf('1234500000000022'), 'Are you still there?');
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { message: string } }).error.message).toMatch(/Instagram allows no reply more than 7 days/);
  });

  test('when Instagram is not configured, then its webhook answers 503 naming what to set', async () => {
    const graph = await startFakeGraph();
    const fd = await startFrontdesk({ graph });
    s = { fd, graph, post: () => Promise.reject(new Error('unused')), sentTo: () => [] };
    const res = await fetch(`${fd.server.url}/webhooks/instagram`, { method: 'POST' });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/INSTAGRAM_ACCOUNT_ID/);
  });
});
