import { startFakeGraph } from '../helpers/fake-graph';
import { messengerText, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(40_000);

const HOUR = 3_600_000;
const QUESTION = 'what time do you open';

/** What Graph accepted for `psid`: sends that arrived from request `from` on. */
function delivered(fd: Frontdesk, psid: string, from = 0): string[] {
  return fd.graph.requests
    .slice(from)
    .filter((r) => r.body.message !== undefined && r.body.recipient?.id === psid)
    .map((r) => r.body.message?.text ?? '');
}

/**
 * Waits use a monotonic clock: a step of the system's wall clock, either way, neither postpones
 * a retry nor repeats a send, and the step is logged once.
 */
describe('A step of the system clock', () => {
  test('when the clock steps back an hour while Graph fails, then the pending replies go out within seconds of Graph recovering, not an hour later, and the step is logged once', async () => {
    let stepMs = 0;
    const graph = await startFakeGraph({ delayMs: 150 });
    const fd = await startFrontdesk({ graph, wallClock: () => Date.now() + stepMs, env: { OUTBOX_RETRY_BASE_MS: '2000' } });
    graph.respondWith(() => ({ status: 500, body: { error: { message: 'down', code: 2 } } }));
    const patients = Array.from({ length: 5 }, (_, i) => String(8900000 + i));
    for (const [i, psid] of patients.entries()) {
      expect((await fd.postMessenger(messengerText({ psid, mid: `m-step-${i}`, text: QUESTION }))).status).toBe(200);
    }
    await waitFor(() => patients.every((psid) => delivered(fd, psid).length >= 1), 10_000);
    // Every first try has failed and is rescheduled ~2 s later, by the clock as it was.
    await new Promise((r) => setTimeout(r, 500));
    stepMs = -HOUR;
    graph.respondWith(undefined);
    const back = graph.requests.length;
    const recoveredAt = performance.now();
    await waitFor(() => patients.every((psid) => delivered(fd, psid, back).length >= 1), 15_000);
    expect(performance.now() - recoveredAt).toBeLessThan(10_000);
    await fd.server.idle();
    const expected = delivered(fd, patients[0] as string, back);
    for (const psid of patients) expect(delivered(fd, psid, back)).toEqual(expected);
    const steps = fd.logs.lines.filter((line) => line.includes('system clock stepped back'));
    expect(steps).toHaveLength(1);
    expect(JSON.parse(steps[0] as string)).toMatchObject({ steppedSeconds: -3600 });
    await fd.close();
    await graph.close();
  });

  test('when the clock steps forward an hour while replies are in flight, then no reply is sent twice and none is held back', async () => {
    let stepMs = 0;
    const graph = await startFakeGraph({ delayMs: 150 });
    const fd = await startFrontdesk({ graph, wallClock: () => Date.now() + stepMs });
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    graph.respondWith(() => ({ status: 200, body: { message_id: 'm_held' }, until: held }));
    const patients = Array.from({ length: 4 }, (_, i) => String(8900100 + i));
    for (const [i, psid] of patients.entries()) {
      expect((await fd.postMessenger(messengerText({ psid, mid: `m-fwd-${i}`, text: QUESTION }))).status).toBe(200);
    }
    await waitFor(() => patients.every((psid) => delivered(fd, psid).length >= 1), 10_000);
    stepMs = HOUR;
    await new Promise((r) => setTimeout(r, 500));
    graph.respondWith(undefined);
    release();
    await fd.server.idle();
    const expected = delivered(fd, patients[0] as string);
    expect(new Set(expected).size).toBe(expected.length);
    for (const psid of patients) expect(delivered(fd, psid)).toEqual(expected);
    expect(fd.logs.lines.filter((line) => line.includes('system clock stepped forward'))).toHaveLength(1);
    await fd.close();
    await graph.close();
  });
});
