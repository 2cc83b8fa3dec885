import { startAlertReceiver } from '../helpers/alert-receiver';
import { startFakeGraph } from '../helpers/fake-graph';
import { messengerText, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { mountSmallDisk } from '../helpers/tmpfs';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(60_000);

const QUESTION = 'what time do you open';

/** What Graph accepted for `psid`: the sends that arrived from request `from` on (Graph answered 200). */
function repliesTo(fd: Frontdesk, psid: string, from: number): string[] {
  return fd.graph.requests
    .slice(from)
    .filter((r) => r.body.message !== undefined && r.body.recipient?.id === psid)
    .map((r) => r.body.message?.text ?? '');
}

async function readyz(fd: Frontdesk): Promise<{ status: number; body: { checks: { database: string }; databaseProblem?: string } }> {
  const res = await fetch(`${fd.server.url}/readyz`);
  return { status: res.status, body: (await res.json()) as { checks: { database: string }; databaseProblem?: string } };
}

/**
 * A full disk stops nothing for good: while no write fits, webhooks answer 503 (the platform
 * redelivers), /readyz and the alert webhook say why, the server stays up, and the turns and replies
 * that were queued resume by themselves once there is space again, none lost and none repeated.
 */
const disk = mountSmallDisk(8);
const describeWithDisk = disk ? describe : describe.skip;

describeWithDisk('A full disk under the database', () => {
  afterAll(async () => {
    await disk?.unmount();
  });

  test('when the disk fills while a backlog is queued, then webhooks answer 503, /readyz and one alert say "database cannot write: disk full", and once space returns every acknowledged message is answered exactly once', async () => {
    if (!disk) return;
    const receiver = await startAlertReceiver();
    const graph = await startFakeGraph({ delayMs: 150 });
    const fd = await startFrontdesk({
      dir: disk.dir,
      graph,
      env: { ALERT_WEBHOOK_URL: receiver.url, ALERT_WEBHOOK_SECRET: 'alert-secret-for-tests-0123' },
    });
    // A backlog: replies cannot go out yet (Graph is down), then the disk fills.
    graph.respondWith(() => ({ status: 500, body: { error: { message: 'down', code: 2 } } }));
    const acknowledged = Array.from({ length: 10 }, (_, i) => String(8800000 + i));
    const posted = await Promise.all(
      acknowledged.map((psid, i) => fd.postMessenger(messengerText({ psid, mid: `m-full-${i}`, text: QUESTION }))),
    );
    expect(posted.map((res) => res.status)).toEqual(acknowledged.map(() => 200));
    // Filled at once: turns of the last events may still be waiting, and every reply is.
    disk.fill();
    graph.respondWith(undefined);
    const graphBack = graph.requests.length;

    const refused = Array.from({ length: 3 }, (_, i) => ({
      psid: String(8800100 + i),
      body: messengerText({ psid: String(8800100 + i), mid: `m-full-late-${i}`, text: QUESTION }),
    }));
    for (const { body } of refused) {
      const res = await fd.postMessenger(body);
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('database_full');
    }
    const down = await readyz(fd);
    expect(down).toMatchObject({
      status: 503,
      body: { checks: { database: 'not_writable' }, databaseProblem: 'database cannot write: disk full' },
    });
    await waitFor(() => receiver.received.length >= 1, 10_000);
    expect(JSON.parse(receiver.received[0]?.raw ?? '{}')).toMatchObject({
      type: 'database.unwritable',
      reason: 'disk_full',
      message: 'database cannot write: disk full',
    });
    expect((await fetch(`${fd.server.url}/healthz`)).status).toBe(200);
    // A while full: the workers keep trying without spending tries or sending twice.
    await new Promise((r) => setTimeout(r, 1500));

    disk.free();
    for (const { body } of refused) expect((await fd.postMessenger(body)).status).toBe(200);
    const everyone = [...acknowledged, ...refused.map((r) => r.psid)];
    await waitFor(() => everyone.every((psid) => repliesTo(fd, psid, graphBack).length > 0), 30_000);
    await fd.server.idle();
    const expected = repliesTo(fd, acknowledged[0] as string, graphBack);
    expect(new Set(expected).size).toBe(expected.length);
    for (const psid of everyone) expect(repliesTo(fd, psid, graphBack)).toEqual(expected);
    await waitFor(async () => (await readyz(fd)).status === 200, 10_000);
    expect(receiver.received.filter((r) => r.raw.includes('database.unwritable'))).toHaveLength(1);
    await fd.close();
    await graph.close();
    await receiver.close();
  });
});
