import { startFakeX } from '../helpers/fake-x';
import { waitFor } from '../helpers/wait-for';
import { startXFrontdesk, X_CONSUMER_SECRET } from '../helpers/x-frontdesk';

jest.setTimeout(30_000);

const PATIENT = '1600000000000000090';

interface ReadyReport {
  status: string;
  checks: { workers: string };
  failingWorkers: Array<{ worker: string; failures: number }>;
}

/** The X poller is a background worker like the others: it survives errors, counts them and shows on /readyz. */
describe('The X poller among the workers', () => {
  test('when the store refuses the polled events for a while, then the poller keeps going, /readyz names x-poll and /metrics counts its errors, and the DM is answered once the store takes it', async () => {
    const x = await startFakeX({ consumerSecret: X_CONSUMER_SECRET });
    const fd = await startXFrontdesk({ mode: 'poll', x, workerFailingAfterMs: 300 });
    await x.waitFor(() => x.count('dm_events') >= 1);
    fd.server.store.db.exec(
      `CREATE TRIGGER refuse_inbox BEFORE INSERT ON inbox BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;`,
    );
    x.addDm({ senderId: PATIENT, text: 'what time do you open tomorrow?' });

    let report: ReadyReport | undefined;
    for (let i = 0; i < 60 && report?.checks.workers !== 'failing'; i += 1) {
      report = (await (await fetch(`${fd.server.url}/readyz`)).json()) as ReadyReport;
      if (report.checks.workers !== 'failing') await new Promise((r) => setTimeout(r, 100));
    }
    expect(report).toMatchObject({ status: 'not_ready', checks: { workers: 'failing' }, failingWorkers: [{ worker: 'x-poll' }] });
    expect((await fetch(`${fd.server.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${fd.server.url}/metrics`)).text();
    expect(metrics).toMatch(/frontdesk_worker_errors_total\{worker="x-poll"\} [1-9]/);
    expect(fd.sentTo(PATIENT)).toHaveLength(0);

    fd.server.store.db.exec('DROP TRIGGER refuse_inbox');
    await x.waitFor(() => fd.sentTo(PATIENT).length >= 1, 10_000);
    expect(fd.sentTo(PATIENT).join('\n')).toMatch(/\b(open|hours?)\b/i);
    // The round that stored it ends after the DM's reply may already be out.
    await waitFor(async () => (await fetch(`${fd.server.url}/readyz`)).status === 200, 5000);
    await fd.close();
    await x.close();
  });
});
