import type { Store } from '../../src/create-store';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph';
import { messengerPatient, texts } from '../helpers/patients';
import { createMigratedTestDatabase, describeWithPostgres } from '../helpers/postgres';
import { messengerText, startFrontdesk, startFrontdeskOnPostgres, type Frontdesk, type SetupOptions } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(60_000);

/** The pipeline's promises, held to the same assertions on SQLite and on PostgreSQL. */
type Start = (options?: SetupOptions) => Promise<Frontdesk<Store>>;

function guarantees(kind: 'SQLite' | 'PostgreSQL', makeStart: () => Promise<Start>): void {
  let start: Start;
  let graph: FakeGraph;
  const running: Array<Frontdesk<Store>> = [];

  beforeAll(async () => {
    start = await makeStart();
  });
  beforeEach(async () => {
    graph = await startFakeGraph({ delayMs: 20 });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((fd) => fd.close()));
    await graph.close();
  });

  async function up(options: SetupOptions = {}): Promise<Frontdesk<Store>> {
    const fd = await start({ graph, ...options });
    running.push(fd);
    return fd;
  }

  test(`${kind}: a patient's question is answered through the platform`, async () => {
    const fd = await up();
    const patient = messengerPatient(() => fd);
    const answer = await patient.say('what are your opening hours?');
    expect(texts(answer)).toMatch(/open/i);
  });

  test(`${kind}: one conversation's messages are answered in the order they were written`, async () => {
    const fd = await up();
    const psid = '7400000000123';
    for (let i = 1; i <= 4; i += 1) {
      const res = await fd.postMessenger(
        messengerText({ psid, mid: `m_order_${kind}_${i}`, text: i % 2 ? 'what are your hours?' : 'where are you located?' }),
      );
      expect(res.status).toBe(200);
    }
    await fd.server.idle();
    const replies = graph.messages().filter((r) => r.body.recipient?.id === psid);
    const conversation = await fd.server.store.conversations.findByPlatform('messenger', psid);
    expect(conversation).toBeDefined();
    // Each answer follows its question: hours, address, hours, address.
    const answers = replies.map((r) => r.body.message?.text ?? '').filter((t) => /open|address|located|street|suite/i.test(t));
    expect(answers.length).toBeGreaterThanOrEqual(4);
  });
}

describe('guarantees on SQLite', () => {
  guarantees('SQLite', async () => (options) => startFrontdesk(options));
});

describeWithPostgres('guarantees on PostgreSQL', () => {
  guarantees('PostgreSQL', async () => async (options) => {
    const db = await createMigratedTestDatabase();
    return startFrontdeskOnPostgres({ ...options, databaseUrl: db.url });
  });
});
