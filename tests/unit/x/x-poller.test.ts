import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createXClient } from '../../../src/channels/x/x-client';
import { XPoller } from '../../../src/channels/x/x-poller';
import { createLogger } from '../../../src/platform/logger';
import { createStore, type Store } from '../../../src/create-store';
import { startFakeX, type FakeX } from '../../helpers/fake-x';

const KEYS = { consumerKey: 'ck', consumerSecret: 'cs', accessToken: 'at', accessSecret: 'as' };
const PATIENT = '1600000000000000100';

interface Setup {
  x: FakeX;
  dbPath: string;
  store: Store;
  poller(intervalMs?: number): XPoller;
  stored(): string[];
  cleanup(): Promise<void>;
}

async function setup(): Promise<Setup> {
  const x = await startFakeX({ delayMs: 20 });
  const dbPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-xpoll-')), 'db.sqlite');
  let store = createStore(dbPath);
  const pollers: XPoller[] = [];
  const result: Setup = {
    x,
    dbPath,
    get store() {
      return store;
    },
    poller(intervalMs = 50) {
      if (!store.db.open) store = createStore(dbPath);
      const s = store;
      const p = new XPoller({
        client: createXClient({ ...KEYS, apiBase: x.baseUrl }),
        cursors: s.cursors('x'),
        accountId: x.accountId,
        intervalMs,
        ingest: async (events) =>
          await s.inbox.addAll(
            'x',
            events.map((e) => ({ eventId: e.eventId, payload: e })),
            Date.now(),
          ),
        log: createLogger('silent'),
      });
      pollers.push(p);
      return p;
    },
    stored() {
      return (store.db.prepare('SELECT event_id FROM inbox ORDER BY id').all() as Array<{ event_id: string }>).map((r) => r.event_id);
    },
    async cleanup() {
      for (const p of pollers) await p.stop();
      await store.close();
      await x.close();
    },
  };
  return result;
}

describe('X poller', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await setup();
  });
  afterEach(async () => {
    await s.cleanup();
  });

  test('when DMs and mentions arrive after start, then each is stored once, oldest first', async () => {
    const poller = s.poller();
    await poller.pollOnce(); // nothing yet
    const dm1 = s.x.addDm({ senderId: PATIENT, text: 'first' });
    const dm2 = s.x.addDm({ senderId: PATIENT, text: 'second' });
    const mention = s.x.addMention({ authorId: PATIENT, text: 'are you open today?' });
    await poller.pollOnce();
    await poller.pollOnce();
    expect(s.stored()).toEqual([`dm:${dm1}`, `dm:${dm2}`, `tweet:${mention}`]);
  });

  test('when messages were written before polling was ever switched on, then they are not answered', async () => {
    s.x.addDm({ senderId: PATIENT, text: 'a month old', at: Date.now() - 30 * 86_400_000 });
    s.x.addMention({ authorId: PATIENT, text: 'old mention', at: Date.now() - 86_400_000 });
    const poller = s.poller();
    await poller.pollOnce();
    const fresh = s.x.addDm({ senderId: PATIENT, text: 'new one' });
    await poller.pollOnce();
    expect(s.stored()).toEqual([`dm:${fresh}`]);
  });

  test('when the server restarts, then messages written while it was down are read and none is repeated', async () => {
    const first = s.poller();
    await first.pollOnce();
    const before = s.x.addDm({ senderId: PATIENT, text: 'before' });
    const mentionBefore = s.x.addMention({ authorId: PATIENT, text: 'hello?' });
    await first.pollOnce();
    await first.stop();
    await s.store.close();

    const whileDown = s.x.addDm({ senderId: PATIENT, text: 'while down' });
    const mentionWhileDown = s.x.addMention({ authorId: PATIENT, text: 'anyone there?' });
    const second = s.poller();
    await second.pollOnce();
    expect(s.stored()).toEqual([`dm:${before}`, `tweet:${mentionBefore}`, `dm:${whileDown}`, `tweet:${mentionWhileDown}`]);
    const mentionCalls = s.x.requests.filter((r) => r.pathname.endsWith('/mentions'));
    expect(mentionCalls.at(-1)?.query.get('since_id')).toBe(mentionBefore);
  });

  test('when more DMs arrive than one page holds, then every page back to the cursor is read', async () => {
    const poller = s.poller();
    s.x.addDm({ senderId: PATIENT, text: 'seen' });
    await poller.pollOnce();
    const ids = Array.from({ length: 130 }, (_, i) => s.x.addDm({ senderId: PATIENT, text: `m${i}` }));
    await poller.pollOnce();
    const dmStored = s.stored().filter((id) => id.startsWith('dm:'));
    expect(dmStored.slice(-130)).toEqual(ids.map((id) => `dm:${id}`));
  });

  test('when X answers 429, then the poller waits for the reset before calling that endpoint again', async () => {
    const poller = s.poller(30);
    await poller.pollOnce();
    s.x.fail('dm_events', { status: 429, resetInSeconds: 1 });
    const dm = s.x.addDm({ senderId: PATIENT, text: 'during the limit' });
    const limitedAt = Date.now();
    poller.start();
    await s.x.waitFor(() => s.stored().includes(`dm:${dm}`), 5000);
    const dmCalls = s.x.requests.filter((r) => r.pathname === '/2/dm_events');
    // One baseline call, the 429, then nothing until the reset second has passed.
    expect(dmCalls).toHaveLength(3);
    expect(Date.now() - limitedAt).toBeGreaterThanOrEqual(900);
  });

  test('when stop() is called during a round, then it waits for the request in flight and stops', async () => {
    s.x.delayMs = 200;
    const poller = s.poller(10);
    poller.start();
    await new Promise((r) => setTimeout(r, 50));
    await poller.stop();
    const count = s.x.requests.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(s.x.requests.length).toBe(count);
  });
});
