import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

interface ChatMessage {
  id: number;
  author: string;
  text: string;
  quickReplies: Array<{ title: string; payload: string }>;
}

async function setup() {
  const fd = await startFrontdesk();
  const session = (await (await fetch(`${fd.server.url}/chat/api/sessions`, { method: 'POST' })).json()) as { sessionId: string };
  let n = 0;
  const say = async (text: string, payload?: string) => {
    n += 1;
    const res = await fetch(`${fd.server.url}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: session.sessionId, clientMessageId: `c${n}`, text, payload }),
    });
    expect(res.status).toBe(202);
    await fd.server.idle();
  };
  const transcript = async () =>
    (
      (await (await fetch(`${fd.server.url}/chat/api/messages?sessionId=${session.sessionId}&after=0`)).json()) as {
        messages: ChatMessage[];
      }
    ).messages;
  return { fd, say, transcript, sessionId: session.sessionId };
}

describe('Local patient chat', () => {
  let fd: Frontdesk;
  afterEach(async () => {
    await fd.close();
  });

  test('when the page is opened, then it names the practice, links its privacy notice and the favicon is served', async () => {
    ({ fd } = await setup());
    const html = await (await fetch(`${fd.server.url}/chat`)).text();
    expect(html).toContain('<h1>Message Maple Street Family Practice</h1>');
    expect(html).toMatch(/<a href="https:\/\/[^"]+privacy"[^>]*>How we handle your information<\/a>/);
    const icon = await fetch(`${fd.server.url}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  });

  test('when the page is opened, then it is served with a CSP that forbids inline script', async () => {
    ({ fd } = await setup());
    const res = await fetch(`${fd.server.url}/chat`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<script src="/chat/chat.js">');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  test('when a patient asks an FAQ question, then the bot discloses itself and answers with quick replies', async () => {
    const chat = await setup();
    fd = chat.fd;
    await chat.say('what are your hours');
    const messages = await chat.transcript();
    // The disclosure, then the answer with "Did that help?" and its buttons under it, in one message.
    expect(messages.map((m) => m.author)).toEqual(['patient', 'bot', 'bot']);
    expect(messages[1]?.text).toMatch(/automated assistant/i);
    expect(messages[2]?.text).toMatch(/open/i);
    expect(messages[2]?.text).toMatch(/\n\nDid that help\?$/);
    expect(messages[2]?.quickReplies.map((q) => q.title)).toEqual(expect.arrayContaining(['Yes, thanks', 'No']));
  });

  test('when a patient describes an emergency, then the 911 reply comes first and the item is urgent in the queue', async () => {
    const chat = await setup();
    fd = chat.fd;
    await chat.say('my chest hurts and my left arm is numb');
    const messages = await chat.transcript();
    expect(messages[1]?.author).toBe('bot');
    expect(messages[1]?.text).toMatch(/911/);
    const list = (await (await fd.staff('/api/escalations')).json()) as { items: Array<{ route: string; channel: string }> };
    expect(list.items[0]).toMatchObject({ route: 'emergency', channel: 'webchat' });
  });

  test('when staff reply to a chat thread, then the patient sees the reply on the page', async () => {
    const chat = await setup();
    fd = chat.fd;
    await chat.say('can i talk to a real person please');
    const list = (await (await fd.staff('/api/escalations')).json()) as { items: Array<{ id: number }> };
    const id = list.items[0]?.id as number;
    const res = await fd.staff(`/api/escalations/${id}/reply`, { method: 'POST', body: { text: 'Hi, this is the front desk.' } });
    expect(res.status).toBe(202);
    await fd.server.idle();
    const messages = await chat.transcript();
    expect(messages.at(-1)).toMatchObject({ author: 'staff', text: 'Hi, this is the front desk.' });
  });

  test('when the message is malformed, then 400 and nothing is stored', async () => {
    const chat = await setup();
    fd = chat.fd;
    const res = await fetch(`${fd.server.url}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: 'not-a-session', clientMessageId: 'x', text: 'hi' }),
    });
    expect(res.status).toBe(400);
    expect((fd.server.store.db.prepare('SELECT COUNT(*) AS n FROM inbox').get() as { n: number }).n).toBe(0);
  });
});

describe('Local patient chat limits', () => {
  test('when one session sends more than 20 messages in a minute, then 429 with Retry-After and nothing more is stored', async () => {
    const { fd, sessionId } = await setup();
    const post = (n: number) =>
      fetch(`${fd.server.url}/chat/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId, clientMessageId: `flood${n}`, text: `message ${n}` }),
      });
    for (let n = 1; n <= 20; n += 1) expect((await post(n)).status).toBe(202);
    const res = await post(21);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/911/);
    expect((fd.server.store.db.prepare('SELECT COUNT(*) AS n FROM inbox').get() as { n: number }).n).toBe(20);
    await fd.close();
  });
});
