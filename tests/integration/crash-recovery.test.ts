import { readFixture, startFrontdesk } from '../helpers/start-frontdesk';
import { parseMessengerPayload } from '../../src/channels/meta-parse-events';
import { startFakeGraph } from '../helpers/fake-graph';

describe('Durable before acknowledged', () => {
  test('when the app stops right after the 200, then a new app on the same database replies exactly once', async () => {
    const graph = await startFakeGraph();
    const first = await startFrontdesk({ graph, startWorkers: false });
    const res = await first.postMessenger(readFixture('messenger/text-message.json'));
    expect(res.status).toBe(200);
    await first.close();
    expect(graph.requests).toHaveLength(0);

    const second = await startFrontdesk({ graph, dir: first.dir });
    await second.server.idle();
    const sends = graph.requests.filter((r) => r.body.recipient?.id === '7000000000000001');
    expect(sends.length).toBeGreaterThanOrEqual(2);
    const texts = sends.map((s) => s.body.message?.text);
    expect(new Set(texts).size).toBe(texts.length);
    await second.close();

    // a third start finds nothing left to do
    const third = await startFrontdesk({ graph, dir: first.dir });
    await third.server.idle();
    expect(graph.requests).toHaveLength(sends.length);
    await third.close();
    await graph.close();
  });
});

describe('Events stored by an earlier version', () => {
  test('when the inbox holds a wire payload (stored before events were read at ingest), then it is still answered after an upgrade', async () => {
    const graph = await startFakeGraph();
    const first = await startFrontdesk({ graph, startWorkers: false });
    const body = readFixture('messenger/text-message.json');
    expect((await first.postMessenger(body)).status).toBe(200);
    // What an earlier version wrote: the channel's parsed wire event, not the Activity read from it.
    const parsed = parseMessengerPayload(JSON.parse(body.toString('utf8')));
    if (!parsed.ok || !parsed.events[0]) throw new Error('fixture did not parse');
    first.server.store.db.prepare('UPDATE inbox SET payload_json = ?').run(JSON.stringify(parsed.events[0]));
    await first.close();

    const second = await startFrontdesk({ graph, dir: first.dir });
    await second.server.idle();
    expect(graph.requests.filter((r) => r.body.recipient?.id === '7000000000000001').length).toBeGreaterThanOrEqual(1);
    expect(second.server.store.db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE processed_at IS NULL').get()).toEqual({ n: 0 });
    await second.close();
    await graph.close();
  });
});

describe('A message the bot cannot process', () => {
  test('when its turn fails on every try, then the last try hands it to staff and tells the patient', async () => {
    const fd = await startFrontdesk();
    // Triage results cannot be saved: every normal turn fails at that step.
    fd.server.store.db.exec(`CREATE TRIGGER break_triage BEFORE UPDATE OF route ON messages BEGIN SELECT RAISE(ABORT, 'broken'); END;`);
    const res = await fd.postMessenger(readFixture('messenger/text-message.json'));
    expect(res.status).toBe(200);
    await fd.server.idle();

    const item = fd.server.store.db.prepare('SELECT processed_at, attempts FROM inbox').get() as {
      processed_at: number | null;
      attempts: number;
    };
    expect(item.processed_at).not.toBeNull();
    const escalations = await fd.server.store.escalations.listOpen();
    expect(escalations).toEqual([expect.objectContaining({ route: 'human', intent: 'unprocessed' })]);
    const texts = fd.graph.requests.map((r) => r.body.message?.text ?? '');
    expect(texts.some((t) => /passed your message to our staff/.test(t) && /911/.test(t))).toBe(true);
    await fd.close();
  });
});
