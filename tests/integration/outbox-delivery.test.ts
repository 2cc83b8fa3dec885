import { messengerText, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

function outboxRows(fd: Frontdesk) {
  return fd.server.store.db.prepare('SELECT status, attempts, last_error FROM outbox ORDER BY id').all() as Array<{
    status: string;
    attempts: number;
    last_error: string | null;
  }>;
}

async function setup(): Promise<Frontdesk> {
  return startFrontdesk();
}

const graphError = (code: number, status = 400) => ({
  status,
  body: { error: { message: 'fake', type: 'OAuthException', code, fbtrace_id: 'Afake' } },
});

describe('Outbox delivery to the Graph Send API', () => {
  let fd: Frontdesk;
  beforeEach(async () => {
    fd = await setup();
  });
  afterEach(async () => {
    await fd.close();
  });

  test('when Graph answers 500 twice and then 200, then each message is delivered once', async () => {
    fd.graph.script([
      { status: 500, body: {} },
      { status: 500, body: {} },
    ]);
    await fd.postMessenger(messengerText({ psid: '7100000000000001', mid: 'm_retry_1', text: 'hello' }));
    await waitFor(() => outboxRows(fd).every((r) => r.status === 'sent') && outboxRows(fd).length >= 2);

    const rows = outboxRows(fd);
    // two failed attempts in all, then one success per message: nothing sent twice
    expect(rows.reduce((n, r) => n + r.attempts, 0)).toBe(rows.length + 2);
    expect(fd.graph.requests).toHaveLength(rows.length + 2);
    const delivered = fd.graph.requests.slice(2).map((r) => r.body.message?.text);
    expect(new Set(delivered).size).toBe(rows.length);
  });

  test('when Graph answers rate limit 613, then the message is retried later and delivered', async () => {
    fd.graph.script([graphError(613)]);
    await fd.postMessenger(messengerText({ psid: '7100000000000002', mid: 'm_rate_1', text: 'hello' }));
    await waitFor(() => outboxRows(fd).length >= 2 && outboxRows(fd).every((r) => r.status === 'sent'));
    const rows = outboxRows(fd);
    // A rate limit pauses the channel without spending the message's tries.
    expect(rows.reduce((n, r) => n + r.attempts, 0)).toBe(rows.length);
    expect(fd.graph.requests).toHaveLength(rows.length + 1);
  });

  test('when Graph answers error 10 (outside the window), then the message is undeliverable and not retried', async () => {
    fd.graph.script([graphError(10), graphError(10)]);
    await fd.postMessenger(messengerText({ psid: '7100000000000003', mid: 'm_window_1', text: 'hello' }));
    await waitFor(() => outboxRows(fd).length >= 2 && outboxRows(fd).every((r) => r.status !== 'pending' && r.status !== 'sending'));
    await new Promise((r) => setTimeout(r, 300)); // several retry periods: nothing more may be sent
    const rows = outboxRows(fd);
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'undeliverable'));
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    expect(fd.graph.requests).toHaveLength(rows.length);
    const statuses = fd.server.store.db.prepare(`SELECT status FROM messages WHERE direction = 'out'`).all() as Array<{ status: string }>;
    expect(statuses.every((s) => s.status === 'undeliverable')).toBe(true);
  });
});

describe('A send in flight when the clock steps', () => {
  test('when the clock jumps past the send lease while a reply is at Graph, then the reply is not sent a second time', async () => {
    let offset = 0;
    const fd = await startFrontdesk({ now: () => Date.now() + offset });
    try {
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      fd.graph.respondWith((body) =>
        body.recipient?.id === '7100000000000077' && body.message
          ? { status: 200, body: { recipient_id: '7100000000000077', message_id: 'm.held' }, until: held }
          : undefined,
      );
      await fd.postMessenger(messengerText({ psid: '7100000000000077', mid: 'm_held', text: 'hello' }));
      await waitFor(() => fd.graph.messages().some((r) => r.body.recipient?.id === '7100000000000077'));

      // Ten minutes pass at once (a suspended machine, an NTP step); another patient's message makes the outbox claim again.
      offset = 10 * 60_000;
      await fd.postMessenger(messengerText({ psid: '7100000000000078', mid: 'm_other', text: 'hello' }));
      await waitFor(() => fd.graph.messages().some((r) => r.body.recipient?.id === '7100000000000078'));
      release();
      await fd.server.idle();

      const heldSends = fd.graph.messages().filter((r) => r.body.recipient?.id === '7100000000000077');
      expect(heldSends.map((r) => r.body.message?.text)).toEqual([...new Set(heldSends.map((r) => r.body.message?.text))]);
    } finally {
      await fd.close();
    }
  });
});
