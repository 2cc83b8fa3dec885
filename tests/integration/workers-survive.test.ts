import { messengerText, startFrontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(30_000);

/**
 * A background worker never takes the server down: a store that refuses the queue's claims (a lock
 * held elsewhere, a full disk) is survived, reported on /readyz and /metrics, and work resumes by
 * itself once the store answers again.
 */
describe('Workers that meet an error', () => {
  test('when the inbox cannot claim events for a while, then the server stays up, /readyz names the worker, and the patient is answered once the store recovers', async () => {
    const fd = await startFrontdesk({ workerFailingAfterMs: 300 });
    const db = fd.server.store.db;
    // Every claim is refused the way a full disk or an external write lock refuses it.
    db.exec(
      `CREATE TRIGGER refuse_claims BEFORE UPDATE OF claimed_until ON inbox BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;`,
    );
    const res = await fd.postMessenger(messengerText({ psid: '8600001', mid: 'm-survive-1', text: 'what time do you open' }));
    expect(res.status).toBe(200);

    let report: { status: string; checks: { workers: string }; failingWorkers: Array<{ worker: string }> } | undefined;
    for (let i = 0; i < 50 && report?.checks.workers !== 'failing'; i += 1) {
      const ready = await fetch(`${fd.server.url}/readyz`);
      report = (await ready.json()) as typeof report;
      if (report?.checks.workers !== 'failing') await new Promise((r) => setTimeout(r, 100));
    }
    expect(report).toMatchObject({ status: 'not_ready', checks: { workers: 'failing' }, failingWorkers: [{ worker: 'inbox' }] });
    expect((await fetch(`${fd.server.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${fd.server.url}/metrics`)).text();
    expect(metrics).toMatch(/frontdesk_worker_errors_total\{worker="inbox"\} [1-9]/);
    expect(fd.graph.messages()).toHaveLength(0);

    db.exec('DROP TRIGGER refuse_claims');
    const recoveredAt = Date.now();
    await waitFor(() => fd.graph.messages().some((r) => r.body.recipient?.id === '8600001'), 15_000);
    expect(Date.now() - recoveredAt).toBeLessThan(4000);
    const after = (await (await fetch(`${fd.server.url}/readyz`)).json()) as { checks: { workers: string } };
    expect(after.checks.workers).toBe('ok');
    await fd.close();
  });
});
