import { startFakeGraph, type FakeGraph, type GraphRequestBody } from '../helpers/fake-graph';
import { messengerText, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

// Many turns and sends through the real server; slow machines need more than the default.
jest.setTimeout(90_000);

const EMERGENCY = /Call 911 now/;

function textsTo(requests: Array<{ body: GraphRequestBody }>, psid: string): string[] {
  return requests.filter((r) => r.body.recipient?.id === psid && r.body.message).map((r) => r.body.message?.text ?? '');
}

/** The bot's outgoing messages to one patient in the order the bot wrote them. */
function writtenTo(fd: Frontdesk, psid: string): string[] {
  return (
    fd.server.store.db
      .prepare(
        `SELECT m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE c.platform_conversation_id = ? AND m.direction = 'out' ORDER BY m.id`,
      )
      .all(psid) as Array<{ text: string }>
  ).map((r) => r.text);
}

/** Several webhook bodies as Meta batches them: one POST, one entry each. */
function inOneDelivery(bodies: object[]): object {
  return { object: 'page', entry: bodies.flatMap((b) => (b as { entry: unknown[] }).entry) };
}

describe('A busy, faulty day', () => {
  let graph: FakeGraph;
  let fd: Frontdesk | undefined;
  afterEach(async () => {
    await fd?.close();
    fd = undefined;
    await graph.close();
  });

  test('when one patient reports chest pain behind a backlog of ordinary questions, then the 911 reply goes out before the backlog', async () => {
    graph = await startFakeGraph({ delayMs: 150 });
    fd = await startFrontdesk({ graph, env: { OUTBOX_CONCURRENCY: '2' } });
    const backlog = Array.from({ length: 30 }, (_, i) =>
      messengerText({ psid: `81000${i}`, mid: `m-backlog-${i}`, text: 'what time do you open on saturday' }),
    );
    const res = await fd.postMessenger(inOneDelivery(backlog));
    expect(res.status).toBe(200);
    await fd.postMessenger(messengerText({ psid: '8109999', mid: 'm-chest', text: 'my chest hurts and my left arm is numb' }));

    await waitFor(() => graph.messages().some((r) => EMERGENCY.test(r.body.message?.text ?? '')), 20_000);
    const position = graph.messages().findIndex((r) => EMERGENCY.test(r.body.message?.text ?? ''));
    // 30 patients wrote first and each gets at least two messages; the 911 reply waits only for the sends in flight.
    expect(position).toBeLessThan(8);
  });

  test('when Graph fails every other send, then each patient still receives every reply once, in the order the bot wrote them', async () => {
    graph = await startFakeGraph({ delayMs: 20 });
    // Every other send to each patient fails, so every reply but the first is retried at least once.
    const sends = new Map<string, number>();
    const delivered: GraphRequestBody[] = [];
    graph.respondWith((body) => {
      if (!body.message) return undefined;
      const recipient = body.recipient?.id ?? '';
      const n = (sends.get(recipient) ?? 0) + 1;
      sends.set(recipient, n);
      if (n % 2 === 0) return { status: 500, body: { error: { code: 2, message: 'fake' } } };
      delivered.push(body);
      return undefined;
    });
    fd = await startFrontdesk({ graph, env: { OUTBOX_CONCURRENCY: '4', OUTBOX_MAX_ATTEMPTS: '20' } });
    const patients = ['8200001', '8200002', '8200003', '8200004'];
    const script = ['hi', 'what time do you open', 'do you take aetna', 'I need to book an appointment'];
    for (const line of script) {
      for (const psid of patients) await fd.postMessenger(messengerText({ psid, mid: `m-${psid}-${line}`, text: line }));
    }
    await waitFor(
      () =>
        patients.every(
          (p) =>
            textsTo(
              delivered.map((body) => ({ body })),
              p,
            ).length === writtenTo(fd as Frontdesk, p).length && writtenTo(fd as Frontdesk, p).length >= script.length,
        ),
      30_000,
    );
    for (const psid of patients) {
      expect(
        textsTo(
          delivered.map((body) => ({ body })),
          psid,
        ),
      ).toEqual(writtenTo(fd, psid));
    }
  });

  test('when Graph rate-limits Messenger, then Messenger pauses until Retry-After while web chat keeps answering', async () => {
    graph = await startFakeGraph();
    let limited = true;
    const limitedAt: number[] = [];
    const delivered = new Set<string>();
    graph.respondWith((body) => {
      if (!body.message) return undefined;
      if (limited) {
        limitedAt.push(Date.now());
        return {
          status: 400,
          body: { error: { code: 613, message: 'Calls to this api have exceeded the rate limit.' } },
          headers: { 'retry-after': '1' },
        };
      }
      delivered.add(body.recipient?.id ?? '');
      return undefined;
    });
    fd = await startFrontdesk({ graph, env: { OUTBOX_CONCURRENCY: '4' } });
    const app = fd;
    const res = await app.postMessenger(
      inOneDelivery(
        Array.from({ length: 6 }, (_, i) => messengerText({ psid: `83000${i}`, mid: `m-rl-${i}`, text: 'what time do you open' })),
      ),
    );
    expect(res.status).toBe(200);
    await waitFor(() => limitedAt.length > 0);
    const session = (await (await fetch(`${app.server.url}/chat/api/sessions`, { method: 'POST' })).json()) as { sessionId: string };
    const chat = await fetch(`${app.server.url}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: session.sessionId, clientMessageId: 'c1', text: 'what time do you open' }),
    });
    expect(chat.status).toBeLessThan(300);
    const webchatSent = () =>
      (app.server.store.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE channel = 'webchat' AND status = 'sent'`).get() as { n: number })
        .n;
    // Web chat answers while Messenger is still paused.
    await waitFor(() => webchatSent() > 0, 1500);
    await waitFor(() => limitedAt.length >= 6, 8000);
    limited = false;
    await waitFor(() => delivered.size === 6, 10_000);
    // The sends in flight when the first 613 came back hit the limit; after that, one probe per pause.
    const first = limitedAt[0] as number;
    const later = limitedAt.filter((t) => t - first > 500);
    for (let i = 1; i < later.length; i += 1) expect((later[i] as number) - (later[i - 1] as number)).toBeGreaterThanOrEqual(950);
    expect(limitedAt.filter((t) => t - first <= 500).length).toBeLessThanOrEqual(4);
    // A rate limit does not use up the message's tries.
    const rows = app.server.store.db.prepare(`SELECT attempts FROM outbox WHERE channel = 'messenger'`).all() as Array<{
      attempts: number;
    }>;
    expect(rows.every((r) => r.attempts <= 1)).toBe(true);
  });

  test('when Graph hangs for one patient, then other patients are still answered', async () => {
    graph = await startFakeGraph({ delayMs: 20 });
    graph.respondWith((body) => (body.recipient?.id === '8400001' ? { status: 200, hang: true } : undefined));
    fd = await startFrontdesk({ graph, env: { OUTBOX_CONCURRENCY: '4' } });
    await fd.postMessenger(messengerText({ psid: '8400001', mid: 'm-hang-1', text: 'what time do you open' }));
    await waitFor(() => graph.messages().some((r) => r.body.recipient?.id === '8400001'));
    for (const psid of ['8400002', '8400003'])
      await fd.postMessenger(messengerText({ psid, mid: `m-hang-${psid}`, text: 'what time do you open' }));
    await waitFor(() => ['8400002', '8400003'].every((p) => textsTo(graph.messages(), p).length >= 2), 3000);
    // End the hanging request so the server's graceful stop does not wait for Graph's timeout.
    await graph.close();
    graph = await startFakeGraph();
  });

  test('when a rate limit pauses Messenger, then no typing indicator goes out until the channel sends again', async () => {
    graph = await startFakeGraph();
    let limitedUntil = 0;
    const typingAt: number[] = [];
    graph.respondWith((body) => {
      if (body.sender_action === 'typing_on') typingAt.push(Date.now());
      if (!body.message || Date.now() >= limitedUntil) return undefined;
      return {
        status: 400,
        body: { error: { code: 613, message: 'Calls to this api have exceeded the rate limit.' } },
        headers: { 'retry-after': '3' },
      };
    });
    fd = await startFrontdesk({ graph });
    limitedUntil = Date.now() + 3000;
    await fd.postMessenger(messengerText({ psid: '8500101', mid: 'm-pause-typing-0', text: 'what time do you open' }));
    await waitFor(() => graph.requests.some((r) => r.body.message !== undefined));
    const pausedAt = Date.now();
    // Patients who write during the pause wait more than the second after which a typing indicator is due.
    for (const n of [2, 3, 4]) {
      await fd.postMessenger(messengerText({ psid: `850010${n}`, mid: `m-pause-typing-${n}`, text: 'what time do you open' }));
    }
    await new Promise((r) => setTimeout(r, 2000));
    const typingDuringPause = typingAt.filter((at) => at < limitedUntil);
    expect(Date.now() - pausedAt).toBeLessThan(3000);
    expect(typingDuringPause).toEqual([]);
    // Once the pause is over, every patient is answered.
    await waitFor(() => ['8500101', '8500102', '8500103', '8500104'].every((p) => textsTo(graph.messages(), p).length >= 1), 15_000);
  });

  test('when a patient has waited for a turn, then a typing indicator goes out before the reply', async () => {
    graph = await startFakeGraph();
    const first = await startFrontdesk({ graph, startWorkers: false });
    await first.postMessenger(messengerText({ psid: '8500001', mid: 'm-typing-1', text: 'what time do you open' }));
    await first.close();
    await new Promise((r) => setTimeout(r, 1100));
    fd = await startFrontdesk({ graph, dir: first.dir });
    await fd.server.idle();
    await waitFor(() => graph.requests.some((r) => r.body.sender_action === 'typing_on'));
    const firstToPatient = graph.requests.find((r) => r.body.recipient?.id === '8500001');
    expect(firstToPatient?.body.sender_action).toBe('typing_on');
  });

  test('when the answer is delivered at once, then no typing indicator is sent', async () => {
    graph = await startFakeGraph({ delayMs: 150 });
    fd = await startFrontdesk({ graph });
    await fd.postMessenger(messengerText({ psid: '8500002', mid: 'm-typing-2', text: 'what time do you open' }));
    await waitFor(() => textsTo(graph.messages(), '8500002').length >= 2);
    await fd.server.idle();
    await new Promise((r) => setTimeout(r, 1200)); // past the moment a typing indicator would be due
    expect(graph.requests.filter((r) => r.body.recipient?.id === '8500002' && r.body.sender_action === 'typing_on')).toEqual([]);
  });

  test('when the turn is quick but the reply waits for a slow platform, then a typing indicator goes out while the patient waits', async () => {
    graph = await startFakeGraph({ delayMs: 150 });
    let slow = true;
    // Graph takes 2.5 s for each message while the patient waits; sender actions answer at once.
    graph.respondWith((body) =>
      body.message && slow ? { status: 200, body: { recipient_id: body.recipient?.id, message_id: 'm-slow' }, delayMs: 2500 } : undefined,
    );
    fd = await startFrontdesk({ graph });
    await fd.postMessenger(messengerText({ psid: '8500003', mid: 'm-typing-3', text: 'what time do you open' }));
    await waitFor(() => graph.requests.some((r) => r.body.recipient?.id === '8500003' && r.body.sender_action === 'typing_on'), 5000);
    // At that moment the patient's first reply is still on its way: nothing has been delivered yet.
    const delivered = fd.server.store.db
      .prepare(
        `SELECT COUNT(*) AS n FROM outbox o JOIN conversations c ON c.id = o.conversation_id WHERE c.platform_conversation_id = ? AND o.status = 'sent'`,
      )
      .get('8500003') as { n: number };
    expect(delivered.n).toBe(0);
    slow = false;
    await waitFor(() => textsTo(graph.messages(), '8500003').length >= 2, 10_000);
  });
});
