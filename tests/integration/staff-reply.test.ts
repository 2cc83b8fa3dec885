import { messengerText, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

const HOUR = 3600_000;

interface Item {
  id: number;
  route: string;
  channel: string;
}

async function setup(): Promise<Frontdesk> {
  return startFrontdesk();
}

/** A clinical question whose last message is `ageMs` old; returns its escalation. */
async function clinicalThread(fd: Frontdesk, psid: string, ageMs: number): Promise<Item> {
  const timestamp = Date.now() - ageMs;
  const res = await fd.postMessenger(
    messengerText({ psid, mid: `m_clin_${psid}`, text: 'i have had a rash on my arm for three days, should i be worried', timestamp }),
  );
  expect(res.status).toBe(200);
  await fd.server.idle();
  const list = (await (await fd.staff('/api/escalations')).json()) as { items: Item[] };
  const conv = await fd.server.store.conversations.findByPlatform('messenger', psid);
  const conversationOf = new Map<number, number | undefined>();
  for (const i of list.items) conversationOf.set(i.id, (await fd.server.store.escalations.get(i.id))?.conversationId);
  const item = list.items.find((i) => i.channel === 'messenger' && conv && conversationOf.get(i.id) === conv.id);
  if (!item) throw new Error('no escalation for the clinical message');
  return item;
}

async function reply(fd: Frontdesk, id: number, text: string): Promise<Response> {
  return fd.staff(`/api/escalations/${id}/reply`, { method: 'POST', body: { text } });
}

describe('Staff replies on Messenger', () => {
  let fd: Frontdesk;
  beforeEach(async () => {
    fd = await setup();
  });
  afterEach(async () => {
    await fd.close();
  });

  test('when a patient asks a clinical question, then an escalation is queued and the bot gives no advice', async () => {
    const item = await clinicalThread(fd, '7200000000000001', HOUR);
    expect(item.route).toBe('clinical');
    const botTexts = fd.graph.requests.map((r) => r.body.message?.text ?? '');
    expect(botTexts.some((t) => /clinical team|nurse|doctor/i.test(t))).toBe(true);
  });

  test('when staff reply within 24 h, then it is sent as RESPONSE without a tag', async () => {
    const item = await clinicalThread(fd, '7200000000000002', HOUR);
    const before = fd.graph.requests.length;
    const res = await reply(fd, item.id, 'Hi, this is Nurse Example. Could you send a photo through the portal?');
    expect(res.status).toBe(202);
    await fd.server.idle();
    const sent = fd.graph.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toMatchObject({ recipient: { id: '7200000000000002' }, messaging_type: 'RESPONSE' });
    expect(sent[0]?.body.tag).toBeUndefined();
    expect(sent[0]?.body.message?.text).toBe('Hi, this is Nurse Example. Could you send a photo through the portal?');
  });

  test('when staff reply 2 days after the last message, then it is sent with MESSAGE_TAG HUMAN_AGENT', async () => {
    const item = await clinicalThread(fd, '7200000000000003', 48 * HOUR);
    const before = fd.graph.requests.length;
    expect((await reply(fd, item.id, 'Sorry for the delay, please call us.')).status).toBe(202);
    await fd.server.idle();
    const sent = fd.graph.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    // the bot's own replies to the same conversation never carry the tag
    expect(fd.graph.requests.slice(0, before).every((r) => r.body.tag === undefined)).toBe(true);
  });

  test('when staff reply 8 days after the last message, then it is refused with a clear error and nothing is sent', async () => {
    const item = await clinicalThread(fd, '7200000000000004', 8 * 24 * HOUR);
    const before = fd.graph.requests.length;
    const res = await reply(fd, item.id, 'Are you still there?');
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('window_closed');
    expect(body.error.message).toMatch(/7 days/);
    await fd.server.idle();
    expect(fd.graph.requests.length).toBe(before);
  });

  test('when the thread is read, replied to and resolved, then each step is audited and the item leaves the queue', async () => {
    const item = await clinicalThread(fd, '7200000000000005', HOUR);
    const thread = (await (await fd.staff(`/api/escalations/${item.id}`)).json()) as {
      window: { state: string };
      messages: Array<{ author: string; text: string }>;
    };
    expect(thread.window.state).toBe('open');
    expect(thread.messages[0]).toMatchObject({ author: 'patient' });
    expect(thread.messages.some((m) => m.author === 'bot')).toBe(true);
    expect((await reply(fd, item.id, 'We will call you today.')).status).toBe(202);
    expect((await fd.staff(`/api/escalations/${item.id}/resolve`, { method: 'POST' })).status).toBe(200);
    const list = (await (await fd.staff('/api/escalations')).json()) as { items: Item[] };
    expect(list.items.find((i) => i.id === item.id)).toBeUndefined();
    const actions = (await fd.server.store.audit.list()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['thread.view', 'thread.reply', 'thread.resolve']));
  });
});

describe('Staff API access', () => {
  let fd: Frontdesk;
  afterEach(async () => {
    await fd.close();
  });

  test('when no token is sent, then 401', async () => {
    fd = await setup();
    const res = await fetch(`${fd.server.url}/api/escalations`);
    expect(res.status).toBe(401);
  });

  test('when STAFF_API_TOKEN is not configured, then 503 says how to set it', async () => {
    fd = await startFrontdesk({ env: { STAFF_API_TOKEN: '' } });
    const res = await fetch(`${fd.server.url}/api/escalations`, { headers: { authorization: 'Bearer anything' } });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/STAFF_API_TOKEN/);
  });
});
