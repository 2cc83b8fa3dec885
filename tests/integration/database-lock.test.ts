import Database from 'better-sqlite3';
import { startFakeGraph } from '../helpers/fake-graph';
import { signIn } from '../helpers/staff-client';
import { messengerText, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(60_000);

const QUESTION = 'what time do you open';

/** Another process's write lock on the database file (a CLI, a backup tool, an editor left open). */
function holdWriteLock(dbPath: string): { release(): void } {
  const other = new Database(dbPath);
  other.exec('BEGIN IMMEDIATE');
  return {
    release() {
      other.exec('ROLLBACK');
      other.close();
    },
  };
}

/** Calls /healthz every 50 ms until `stop` and reports the slowest answer (ms). */
function probeHealth(fd: Frontdesk): { stop(): Promise<{ slowestMs: number; probes: number; failures: number }> } {
  let running = true;
  let slowestMs = 0;
  let probes = 0;
  let failures = 0;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const res = await fetch(`${fd.server.url}/healthz`).catch(() => undefined);
      slowestMs = Math.max(slowestMs, performance.now() - started);
      probes += 1;
      if (res?.status !== 200) failures += 1;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { slowestMs, probes, failures };
    },
  };
}

function repliesTo(fd: Frontdesk, psid: string): string[] {
  return fd.graph
    .messages()
    .filter((r) => r.body.recipient?.id === psid)
    .map((r) => r.body.message?.text ?? '');
}

/**
 * The event loop never waits on a database lock: while another process holds SQLite's write lock,
 * health checks answer at once, a webhook that cannot be stored within its budget is answered 503
 * (the platform redelivers), the console API says the database is busy, and work resumes by itself
 * when the lock is released.
 */
describe('An external write lock on the database', () => {
  test('when another process holds the write lock for 3 s while replies are being sent, then /healthz answers within 1 s throughout, a webhook gets 503 with Retry-After within its budget, the console API answers 503 database_busy, and afterwards every patient is answered once', async () => {
    const graph = await startFakeGraph({ delayMs: 150 });
    const fd = await startFrontdesk({ graph });
    const nurse = await signIn(fd, 'nurse.lock@example.org', 'clinician');
    const patients = Array.from({ length: 8 }, (_, i) => String(8700000 + i));
    for (const [i, psid] of patients.entries()) {
      const res = await fd.postMessenger(messengerText({ psid, mid: `m-lock-${i}`, text: QUESTION }));
      expect(res.status).toBe(200);
    }
    // Sends are on their way to the platform when the lock is taken.
    await waitFor(() => graph.requests.length >= 1, 10_000);
    const lock = holdWriteLock(fd.dbPath);
    const health = probeHealth(fd);
    const lockedAt = performance.now();

    const late = messengerText({ psid: '8700099', mid: 'm-lock-late', text: QUESTION });
    const webhookStarted = performance.now();
    const refused = await fd.postMessenger(late);
    const webhookMs = performance.now() - webhookStarted;
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(webhookMs).toBeLessThan(2900);

    const consoleRes = await nurse.call('/api/escalations');
    expect(consoleRes.status).toBe(503);
    expect(consoleRes.headers.get('retry-after')).not.toBeNull();
    expect(((await consoleRes.json()) as { error: { code: string } }).error.code).toBe('database_busy');

    await new Promise((r) => setTimeout(r, Math.max(0, 3000 - (performance.now() - lockedAt))));
    lock.release();
    const probed = await health.stop();
    expect(probed.failures).toBe(0);
    expect(probed.probes).toBeGreaterThan(10);
    expect(probed.slowestMs).toBeLessThan(1000);

    // Meta redelivers what was answered 503.
    expect((await fd.postMessenger(late)).status).toBe(200);
    const everyone = [...patients, '8700099'];
    await waitFor(() => everyone.every((psid) => repliesTo(fd, psid).length > 0), 20_000);
    await fd.server.idle();
    const expected = repliesTo(fd, patients[0] as string);
    expect(new Set(expected).size).toBe(expected.length);
    for (const psid of everyone) expect(repliesTo(fd, psid)).toEqual(expected);
    expect((await nurse.call('/api/escalations')).status).toBe(200);
    await fd.close();
    await graph.close();
  });
});
