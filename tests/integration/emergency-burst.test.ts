import { randomBytes } from 'node:crypto';
import { startAlertReceiver } from '../helpers/alert-receiver';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(120_000);

/**
 * One address flooding the web chat with emergencies: every message still gets its 911 reply at
 * once, but staff get one emergency item with a count and one alert, per address and window.
 */
const EMERGENCY = 'my chest hurts and my left arm feels numb';
const ALERT_SECRET = 'alert-secret-for-tests-0123';

interface QueueRow {
  id: number;
  route: string;
  burst: { messages: number; conversations: number; summary: string } | null;
}

async function newSession(fd: Frontdesk, headers: Record<string, string>): Promise<string> {
  const res = await fetch(`${fd.server.url}/chat/api/sessions`, { method: 'POST', headers });
  expect(res.status).toBe(201);
  return ((await res.json()) as { sessionId: string }).sessionId;
}

async function say(fd: Frontdesk, sessionId: string, text: string, headers: Record<string, string>): Promise<void> {
  const res = await fetch(`${fd.server.url}/chat/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ sessionId, clientMessageId: 'c1', text }),
  });
  expect(res.status).toBe(202);
}

async function botTexts(fd: Frontdesk, sessionId: string): Promise<string[]> {
  const res = await fetch(`${fd.server.url}/chat/api/messages?sessionId=${sessionId}&after=0`);
  return ((await res.json()) as { messages: Array<{ author: string; text: string }> }).messages
    .filter((m) => m.author === 'bot')
    .map((m) => m.text);
}

describe('Emergencies from one address', () => {
  let fd: Frontdesk | undefined;
  afterEach(async () => {
    await fd?.close();
    fd = undefined;
  });

  test('when one address opens 100 sessions in a burst, each with an emergency, then each gets its 911 reply and staff get one item counting 100 and one alert', async () => {
    const receiver = await startAlertReceiver();
    fd = await startFrontdesk({ env: { TRUST_PROXY: 'loopback', ALERT_WEBHOOK_URL: receiver.url, ALERT_WEBHOOK_SECRET: ALERT_SECRET } });
    const flooder = { 'x-forwarded-for': '198.51.100.23' };
    // Session ids are the client's to choose: most of the flood never asks the server for one.
    const sessions = [
      ...(await Promise.all(Array.from({ length: 20 }, () => newSession(fd as Frontdesk, flooder)))),
      ...Array.from({ length: 80 }, () => randomBytes(16).toString('hex')),
    ];
    await Promise.all(sessions.map((s) => say(fd as Frontdesk, s, EMERGENCY, flooder)));
    // Another patient, from another address, in the same minute: an item (and an alert) of their own.
    const other = { 'x-forwarded-for': '203.0.113.77' };
    const patient = await newSession(fd, other);
    await say(fd, patient, EMERGENCY, other);
    await fd.server.idle();

    for (const s of [...sessions, patient]) expect((await botTexts(fd, s)).join('\n')).toMatch(/911/);
    const items = ((await (await fd.staff('/api/escalations?route=emergency')).json()) as { items: QueueRow[] }).items;
    expect(items).toHaveLength(2);
    const flood = items.find((i) => i.burst !== null);
    expect(flood?.burst).toMatchObject({ messages: 100, conversations: 100 });
    expect(flood?.burst?.summary).toMatch(/^100 emergency messages from one address in \d+ minutes?$/);
    expect(items.filter((i) => i.burst === null)).toHaveLength(1);

    await waitFor(() => receiver.received.length >= 2, 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(2);

    // The flood's other messages are still readable in the item, for a clinician.
    const thread = (await (await fd.staff(`/api/escalations/${flood?.id}`)).json()) as { burstMessages: Array<{ text: string }> };
    expect(thread.burstMessages).toHaveLength(99);
    expect(thread.burstMessages.every((m) => m.text === EMERGENCY)).toBe(true);
    await receiver.close();
  });
});
