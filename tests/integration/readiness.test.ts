import { startAlertReceiver } from '../helpers/alert-receiver';
import { messengerText, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

const ALERT_SECRET = 'alert-secret-for-tests-0123';
const T0 = Date.parse('2026-11-03T15:00:00Z');
const MINUTE = 60_000;

async function readyz(fd: Frontdesk) {
  const res = await fetch(`${fd.server.url}/readyz`);
  return {
    status: res.status,
    body: (await res.json()) as { status: string; checks: { database: string; outbox: string }; outboxOldestDueSeconds: number },
  };
}

describe('/readyz', () => {
  let fd: Frontdesk | undefined;
  afterEach(async () => {
    await fd?.close();
    fd = undefined;
  });

  test('when the database stops taking writes, then /readyz answers 503 database not_writable, and 200 again once it does', async () => {
    fd = await startFrontdesk();
    expect(await readyz(fd)).toEqual({
      status: 200,
      body: {
        status: 'ready',
        ok: true,
        checks: { database: 'ok', outbox: 'ok', workers: 'ok' },
        failingWorkers: [],
        outboxOldestDueSeconds: 0,
      },
    });

    // SQLite's own read-only switch: every write fails as it does on a read-only or full disk.
    fd.server.store.db.pragma('query_only = ON');
    const down = await readyz(fd);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'not_ready', checks: { database: 'not_writable', outbox: 'ok' } });

    fd.server.store.db.pragma('query_only = OFF');
    expect((await readyz(fd)).status).toBe(200);
  });

  test('when a send hangs past READY_OUTBOX_STALL_SECONDS, then /readyz answers 503 outbox stalled, and 200 once it is delivered', async () => {
    let clock = T0;
    fd = await startFrontdesk({ now: () => clock, env: { READY_OUTBOX_STALL_SECONDS: '300' } });
    const app = fd;
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    app.graph.script([{ status: 200, body: { recipient_id: '7466600000000001', message_id: 'm_out_1' }, until: held }]);
    await app.postMessenger(messengerText({ psid: '7466600000000001', mid: 'm_stall_1', text: 'hello', timestamp: T0 }));
    await waitFor(() => app.graph.requests.length >= 1);

    clock = T0 + 299_000;
    expect((await readyz(app)).status).toBe(200);
    clock = T0 + 301_000;
    const stalled = await readyz(app);
    expect(stalled.status).toBe(503);
    expect(stalled.body).toMatchObject({ status: 'not_ready', checks: { database: 'ok', outbox: 'stalled' } });
    expect(stalled.body.outboxOldestDueSeconds).toBe(301);

    release();
    await app.server.idle();
    expect(await readyz(app)).toMatchObject({ status: 200, body: { checks: { outbox: 'ok' } } });
  });
});

describe('Delivery failing alert', () => {
  test('when Messenger delivery keeps failing, then the alert webhook hears it once after DELIVERY_ALERT_AFTER_MINUTES and again only after the repeat interval', async () => {
    const receiver = await startAlertReceiver();
    let clock = T0;
    const fd = await startFrontdesk({
      now: () => clock,
      env: {
        ALERT_WEBHOOK_URL: receiver.url,
        ALERT_WEBHOOK_SECRET: ALERT_SECRET,
        DELIVERY_ALERT_AFTER_MINUTES: '15',
        DELIVERY_ALERT_REPEAT_MINUTES: '60',
        OUTBOX_RETRY_BASE_MS: '600000',
      },
    });
    try {
      fd.graph.script(Array.from({ length: 40 }, () => ({ status: 503, body: { error: { code: 2 } } })));
      await fd.postMessenger(messengerText({ psid: '7466600000000002', mid: 'm_failing_1', text: 'what time do you open', timestamp: T0 }));
      // The first reply fails and waits out a long backoff, with the rest of the thread queued behind
      // it: the outbox never goes idle, so wait for the turn to be done and the failure recorded.
      const failedOnce = () =>
        (fd.server.store.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE last_error IS NOT NULL').get() as { n: number }).n;
      await waitFor(async () => (await fd.server.store.inbox.countUnprocessed()) === 0 && failedOnce() >= 1);
      expect(fd.graph.requests.length).toBeGreaterThanOrEqual(1);

      const deliveryAlerts = () =>
        receiver.received.map((r) => JSON.parse(r.raw) as Record<string, unknown>).filter((b) => b.type === 'delivery.failing');
      clock = T0 + 14 * MINUTE;
      expect(await fd.server.maintenance.deliveryAlerts()).toEqual([]);
      clock = T0 + 16 * MINUTE;
      expect(await fd.server.maintenance.deliveryAlerts()).toEqual(['messenger']);
      await waitFor(() => deliveryAlerts().length === 1);
      clock = T0 + 45 * MINUTE;
      expect(await fd.server.maintenance.deliveryAlerts()).toEqual([]);
      clock = T0 + 76 * MINUTE;
      expect(await fd.server.maintenance.deliveryAlerts()).toEqual(['messenger']);
      await waitFor(() => deliveryAlerts().length === 2);

      const first = deliveryAlerts()[0];
      expect(first).toMatchObject({
        type: 'delivery.failing',
        channel: 'messenger',
        failingSince: new Date(T0).toISOString(),
        failingMinutes: 16,
      });
      expect(String(first?.lastError)).toContain('Graph error 2');
      // No patient text or id in the alert.
      expect(receiver.received.map((r) => r.raw).join('\n')).not.toMatch(/what time|7466600000000002/);
    } finally {
      await fd.close();
      await receiver.close();
    }
  });
});
