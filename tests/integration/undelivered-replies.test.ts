import http from 'node:http';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph';
import { messengerText, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { signIn } from '../helpers/staff-client';
import { queueEvents } from '../helpers/live-queue';
import { waitFor } from '../helpers/wait-for';

// Many turns and sends through the real server; slow machines need more than the default.
jest.setTimeout(90_000);

interface Undelivered {
  id: number;
  conversationId: number;
  escalationId: number | null;
  status: 'failed' | 'undeliverable';
  retrying: boolean;
  reason: string | null;
  text: string;
}

const DOWN = { status: 500, body: { error: { code: 1, message: 'fake outage' } } };

async function undelivered(fd: Frontdesk): Promise<Undelivered[]> {
  const res = await fd.staff('/api/outbox/undelivered');
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Undelivered[] }).items;
}

describe('Undelivered replies', () => {
  let graph: FakeGraph;
  let fd: Frontdesk;
  let down = true;
  const delivered: string[] = [];
  beforeEach(async () => {
    down = true;
    delivered.length = 0;
    graph = await startFakeGraph();
    graph.respondWith((body) => {
      if (!body.message) return undefined;
      if (down) return DOWN;
      delivered.push(`${body.recipient?.id}:${body.message.text}`);
      return undefined;
    });
    fd = await startFrontdesk({ graph, env: { OUTBOX_MAX_ATTEMPTS: '2', OUTBOX_RETRY_BASE_MS: '20' } });
  });
  afterEach(async () => {
    await fd.close();
    await graph.close();
  });

  test('when Graph is down longer than the tries, then staff see the replies of a patient with no escalation, and they go out in order once Graph recovers', async () => {
    await fd.postMessenger(messengerText({ psid: '9700001', mid: 'm-out-1', text: 'what time do you open on saturday' }));
    await waitFor(
      () => (fd.server.store.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'failed'`).get() as { n: number }).n >= 1,
      5000,
    );
    const items = await undelivered(fd);
    expect(items.length).toBeGreaterThanOrEqual(1);
    expect(items[0]).toMatchObject({ escalationId: null, status: 'failed', retrying: true });
    expect(items[0]?.reason).toMatch(/HTTP 500/);

    const written = (
      fd.server.store.db.prepare(`SELECT text FROM messages WHERE direction = 'out' ORDER BY id`).all() as Array<{ text: string }>
    ).map((r) => `9700001:${r.text}`);
    down = false;
    // The failed head is probed again (20 ms x 30); its success retries the rest of the lane at once.
    await waitFor(() => delivered.length === written.length, 5000);
    expect(delivered).toEqual(written);
    expect(await undelivered(fd)).toEqual([]);
  });

  test('when a reply fails and later goes out while a clinician watches the live queue, then the stream says the undelivered list changed each time', async () => {
    const nurse = await signIn(fd, 'nurse-live@example.org', 'clinician');
    const controller = new AbortController();
    const res = await fetch(`${fd.server.url}/api/escalations/stream`, { headers: { cookie: nurse.cookie }, signal: controller.signal });
    const next = queueEvents(res);
    const nextSignature = async (): Promise<string> => (await next()).undelivered as string;
    try {
      const empty = await nextSignature();
      expect(empty).toMatch(/^0-/);

      await fd.postMessenger(messengerText({ psid: '9700009', mid: 'm-out-live', text: 'what time do you open on saturday' }));
      let failing = await nextSignature();
      while (failing === empty) failing = await nextSignature();
      expect(failing).not.toMatch(/^0-/);
      expect((await undelivered(fd)).length).toBeGreaterThanOrEqual(1);

      down = false;
      let after = await nextSignature();
      while (after !== empty) after = await nextSignature();
      expect(await undelivered(fd)).toEqual([]);
    } finally {
      controller.abort();
    }
  });

  // The live queue's undelivered signature is made from this list, so an unchanged list is an unchanged signature.
  test('when a failed reply is tried again, then it stays listed as it was while the try is in flight', async () => {
    await fd.postMessenger(messengerText({ psid: '9700011', mid: 'm-out-probe', text: 'what time do you open on saturday' }));
    await waitFor(
      () => (fd.server.store.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'failed'`).get() as { n: number }).n >= 1,
      5000,
    );
    const before = await undelivered(fd);

    // The next try is held in flight at the platform.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const tries = graph.messages().length;
    graph.respondWith((body) => (body.message ? { status: 500, body: DOWN.body, until: held } : undefined));
    await waitFor(() => graph.messages().length > tries, 5000);
    expect(fd.server.store.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'sending'`).get()).toEqual({ n: 1 });

    const during = await undelivered(fd);
    release();
    expect(during.map((i) => [i.id, i.status, i.retrying])).toEqual(before.map((i) => [i.id, i.status, i.retrying]));
  });

  test('when Graph refuses a reply for good, then it stays undeliverable and listed until staff resend it or mark it handled, and both are audited', async () => {
    graph.respondWith((body) => {
      if (!body.message) return undefined;
      if (down) return { status: 400, body: { error: { code: 551, message: "This person isn't available right now." } } };
      delivered.push(`${body.recipient?.id}:${body.message.text}`);
      return undefined;
    });
    await fd.postMessenger(messengerText({ psid: '9700002', mid: 'm-out-2', text: 'what time do you open on saturday' }));
    await waitFor(
      () => (fd.server.store.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'undeliverable'`).get() as { n: number }).n >= 2,
      5000,
    );
    const requestsBefore = graph.messages().length;
    await new Promise((r) => setTimeout(r, 300));
    expect(graph.messages().length).toBe(requestsBefore); // permanent: never retried on its own

    const [first, ...rest] = await undelivered(fd);
    const second = rest[0];
    expect(first).toMatchObject({ status: 'undeliverable', retrying: false });
    expect(first?.reason).toMatch(/551/);
    down = false;
    const resend = await fd.staff(`/api/outbox/${first?.id}/resend`, { method: 'POST' });
    expect(resend.status).toBe(202);
    await waitFor(() => delivered.length === 1, 3000);
    for (const item of rest) expect((await fd.staff(`/api/outbox/${item.id}/handled`, { method: 'POST' })).status).toBe(200);
    expect(await undelivered(fd)).toEqual([]);
    expect((await fd.staff(`/api/outbox/${second?.id}/handled`, { method: 'POST' })).status).toBe(404);
    const actions = fd.server.store.db
      .prepare(`SELECT action, target_id FROM audit_log WHERE action LIKE 'outbox.%' ORDER BY id`)
      .all() as Array<{ action: string; target_id: string | null }>;
    expect(actions).toEqual([
      { action: 'outbox.list', target_id: null },
      { action: 'outbox.resend', target_id: String(first?.id) },
      ...rest.map((item) => ({ action: 'outbox.handled', target_id: String(item.id) })),
      { action: 'outbox.list', target_id: null },
    ]);
  });

  test('when a clinical thread has an undelivered reply, then a front-desk agent does not see it and cannot resend it, and the thread view lists it for a clinician', async () => {
    await fd.postMessenger(
      messengerText({
        psid: '9700003',
        mid: 'm-out-3',
        text: 'I have had a rash on my arm for three days, what cream should I put on it?',
      }),
    );
    await waitFor(
      () => (fd.server.store.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'failed'`).get() as { n: number }).n >= 1,
      5000,
    );
    const agent = await signIn(fd, 'agent@example.org', 'agent');
    const nurse = await signIn(fd, 'nurse@example.org', 'clinician');
    const asAgent = await agent.json<{ items: Undelivered[] }>('/api/outbox/undelivered');
    expect(asAgent.items).toEqual([]);
    const asNurse = await nurse.json<{ items: Undelivered[] }>('/api/outbox/undelivered');
    expect(asNurse.items.length).toBeGreaterThanOrEqual(1);
    const id = asNurse.items[0]?.id;
    expect((await agent.call(`/api/outbox/${id}/resend`, { method: 'POST' })).status).toBe(403);
    expect((await nurse.call(`/api/outbox/${id}/resend`, { method: 'POST', csrf: false })).status).toBe(403);
    const thread = await nurse.json<{ undelivered: Undelivered[] }>(`/api/escalations/${asNurse.items[0]?.escalationId}`);
    expect(thread.undelivered.map((u) => u.id)).toContain(id);
  });
});

describe('Live queue fan-out', () => {
  test('when one account opens more streams than allowed, then its oldest streams are closed and the newest keep receiving', async () => {
    const fd = await startFrontdesk();
    const nurse = await signIn(fd, 'nurse@example.org', 'clinician');
    const ended: number[] = [];
    const requests: http.ClientRequest[] = [];
    const url = new URL(`${fd.server.url}/api/escalations/stream`);
    for (let i = 0; i < 7; i += 1) {
      await new Promise<void>((resolve) => {
        const req = http.get({ host: url.hostname, port: url.port, path: url.pathname, headers: { cookie: nurse.cookie } }, (res) => {
          res.once('data', () => resolve());
          res.on('data', () => undefined);
          res.on('end', () => ended.push(i));
          res.on('error', () => ended.push(i));
        });
        req.on('error', () => ended.push(i));
        requests.push(req);
      });
    }
    await waitFor(() => ended.length >= 2, 3000);
    expect(ended.sort()).toEqual([0, 1]);
    for (const req of requests) req.destroy();
    await fd.close();
  });
});
