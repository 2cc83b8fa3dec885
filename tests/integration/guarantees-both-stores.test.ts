import type { PostgresStore, Store } from '../../src/create-store';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph';
import { messengerPatient, texts } from '../helpers/patients';
import { createMigratedTestDatabase, describeWithPostgres } from '../helpers/postgres';
import { messengerText, startFrontdesk, startFrontdeskOnPostgres, type Frontdesk, type SetupOptions } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(60_000);

/** The pipeline's promises, held to the same assertions on SQLite and on PostgreSQL. */
type Start = (options?: SetupOptions) => Promise<Frontdesk<Store>>;

/** Makes the store refuse to write new inbound events as a full disk does, and frees it again. */
interface DiskFull {
  fill(fd: Frontdesk<Store>): Promise<void>;
  free(fd: Frontdesk<Store>): Promise<void>;
}

function guarantees(kind: 'SQLite' | 'PostgreSQL', makeStart: () => Promise<Start>, diskFull?: DiskFull): void {
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

  /** What the platform was asked to send to one patient, in the order the requests arrived. */
  const sentTo = (psid: string): string[] =>
    graph
      .messages()
      .filter((r) => r.body.recipient?.id === psid)
      .map((r) => r.body.message?.text ?? '');

  async function transcript(fd: Frontdesk<Store>, psid: string) {
    const conversation = await fd.server.store.conversations.findByPlatform('messenger', psid);
    if (!conversation) throw new Error('no conversation');
    return fd.server.store.messages.listByConversation(conversation.id);
  }

  test(`${kind}: one conversation's messages are turned in the order written, and its replies sent in the order written`, async () => {
    const fd = await up();
    const psid = `74000000001${kind.length}`;
    const questions = ['what are your hours?', 'where are you located?', 'do you take aetna?', 'is there parking?', 'thanks'];
    // Posted one after another, each acknowledged before the next, none waiting for its answer.
    const posted: Response[] = [];
    for (const [i, text] of questions.entries()) {
      posted.push(await fd.postMessenger(messengerText({ psid, mid: `m_order_${i}`, text, timestamp: 1_700_000_000_000 + i })));
    }
    expect(posted.map((r) => r.status)).toEqual(questions.map(() => 200));
    await fd.server.idle();
    const messages = await transcript(fd, psid);
    expect(messages.filter((m) => m.direction === 'in').map((m) => m.text)).toEqual(questions);
    const outbound = messages.filter((m) => m.direction === 'out').map((m) => m.text);
    expect(outbound.length).toBeGreaterThanOrEqual(questions.length);
    expect(sentTo(psid)).toEqual(outbound);
  });

  test(`${kind}: a webhook delivered three times is one turn and one set of replies`, async () => {
    const fd = await up();
    const psid = '7400000000200';
    const body = messengerText({ psid, mid: 'm_redelivered', text: 'what are your hours?' });
    for (let i = 0; i < 3; i += 1) expect((await fd.postMessenger(body)).status).toBe(200);
    await fd.server.idle();
    const messages = await transcript(fd, psid);
    expect(messages.filter((m) => m.direction === 'in')).toHaveLength(1);
    expect(sentTo(psid)).toEqual(messages.filter((m) => m.direction === 'out').map((m) => m.text));
  });

  test(`${kind}: events stored before a stop are turned after the next start, nothing lost or repeated`, async () => {
    const stopped = await up({ startWorkers: false });
    const psids = ['7400000000301', '7400000000302', '7400000000303'];
    for (const psid of psids) {
      expect((await stopped.postMessenger(messengerText({ psid, mid: `m_stop_${psid}`, text: 'what are your hours?' }))).status).toBe(200);
    }
    expect(graph.messages()).toHaveLength(0);
    await stopped.server.close();
    const fd = await up({ dir: stopped.dir, ...(stopped.databaseUrl ? { env: { DATABASE_URL: stopped.databaseUrl } } : {}) });
    await fd.server.idle();
    for (const psid of psids) {
      const messages = await transcript(fd, psid);
      expect(messages.filter((m) => m.direction === 'in')).toHaveLength(1);
      expect(sentTo(psid)).toEqual(messages.filter((m) => m.direction === 'out').map((m) => m.text));
    }
  });

  test(`${kind}: an emergency behind a backlog is answered before the backlog`, async () => {
    const stopped = await up({ startWorkers: false });
    const backlog = Array.from({ length: 40 }, (_, i) => `74000000010${String(i).padStart(2, '0')}`);
    for (const psid of backlog) {
      await stopped.postMessenger(messengerText({ psid, mid: `m_backlog_${psid}`, text: 'what are your hours?' }));
    }
    const urgent = '7400000000999';
    await stopped.postMessenger(messengerText({ psid: urgent, mid: 'm_backlog_urgent', text: 'my chest hurts and my left arm is numb' }));
    await stopped.server.close();
    const fd = await up({ dir: stopped.dir, ...(stopped.databaseUrl ? { env: { DATABASE_URL: stopped.databaseUrl } } : {}) });
    await fd.server.idle();
    const order = graph.messages().map((r) => r.body.recipient?.id);
    const first911 = order.indexOf(urgent);
    expect(texts((await transcript(fd, urgent)).filter((m) => m.direction === 'out').map((m) => ({ text: m.text, choices: [] })))).toMatch(
      /911/,
    );
    // Every backlog patient is answered, and the emergency reply went out before most of them.
    const firstOfEach = backlog.map((psid) => order.indexOf(psid));
    expect(firstOfEach.every((i) => i >= 0)).toBe(true);
    expect(firstOfEach.filter((i) => i < first911).length).toBeLessThan(backlog.length / 2);
  });

  test(`${kind}: a 429 pauses every send on the channel until its Retry-After, then all are delivered`, async () => {
    const fd = await up();
    const arrivals: number[] = [];
    let limitedUntil = 0;
    graph.respondWith((body) => {
      if (!body.message) return undefined;
      arrivals.push(Date.now());
      if (limitedUntil === 0) {
        limitedUntil = Date.now() + 2000;
        return {
          status: 429,
          headers: { 'retry-after': '2' },
          body: { error: { code: 613, message: 'Calls to this api have exceeded the rate limit.' } },
        };
      }
      return undefined;
    });
    const psids = ['7400000000401', '7400000000402', '7400000000403', '7400000000404'];
    await Promise.all(psids.map((psid) => fd.postMessenger(messengerText({ psid, mid: `m_429_${psid}`, text: 'what are your hours?' }))));
    await waitFor(async () => {
      for (const psid of psids) if (sentTo(psid).length === 0) return false;
      return true;
    }, 20_000);
    await fd.server.idle();
    // Sends already on the wire when the 429 came back may land just after it; none starts later until the pause ends.
    const duringPause = arrivals.filter((t) => t > arrivals[0]! + 300 && t < limitedUntil - 100);
    expect(duringPause).toEqual([]);
    for (const psid of psids) {
      const messages = await transcript(fd, psid);
      const outbound = messages.filter((m) => m.direction === 'out').map((m) => m.text);
      // The refused attempt is retried: every reply reaches the patient.
      expect(sentTo(psid).filter((t, i, all) => all.indexOf(t) === i)).toEqual(outbound);
    }
  });
  const withDiskFull = diskFull ? test : test.skip;
  withDiskFull(
    `${kind}: when the database cannot write, the webhook answers 503 with Retry-After, and the redelivery is answered once`,
    async () => {
      const fd = await up();
      const psid = '7400000000500';
      const body = messengerText({ psid, mid: 'm_disk_full', text: 'what are your hours?' });
      await diskFull!.fill(fd);
      const refused = await fd.postMessenger(body);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      await diskFull!.free(fd);
      expect((await fd.postMessenger(body)).status).toBe(200);
      await fd.server.idle();
      const messages = await transcript(fd, psid);
      expect(messages.filter((m) => m.direction === 'in')).toHaveLength(1);
      expect(sentTo(psid).length).toBeGreaterThan(0);
      expect(sentTo(psid)).toEqual(messages.filter((m) => m.direction === 'out').map((m) => m.text));
    },
  );
}

describe('guarantees on SQLite', () => {
  // A full disk on SQLite is a real one, on a small tmpfs: disk-full.test.ts.
  guarantees('SQLite', async () => (options) => startFrontdesk(options));
});

describeWithPostgres('guarantees on PostgreSQL', () => {
  guarantees(
    'PostgreSQL',
    async () => async (options) => {
      const databaseUrl = options?.env?.DATABASE_URL ?? (await createMigratedTestDatabase()).url;
      return startFrontdeskOnPostgres({ ...options, databaseUrl });
    },
    {
      fill: async (fd) => {
        await (fd as Frontdesk<PostgresStore>).server.store.pool.query(
          `CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = 'disk_full'; END $$;
         CREATE TRIGGER disk_full BEFORE INSERT ON inbox FOR EACH ROW EXECUTE FUNCTION disk_full();`,
        );
      },
      free: async (fd) => {
        await (fd as Frontdesk<PostgresStore>).server.store.pool.query('DROP TRIGGER disk_full ON inbox; DROP FUNCTION disk_full();');
      },
    },
  );
});
