import { OutboxWorker } from '../../../src/conversation/outbox/outbox-worker';
import { createStore } from '../../../src/create-store';
import { createLogger } from '../../../src/platform/logger';

/** Typing indicators share the Send API limit with messages: they are the first thing given up near it. */
describe('Courtesy calls near a channel limit', () => {
  function setup(maxSendsPerSecond: number) {
    const store = createStore(':memory:');
    let now = 1_000_000;
    const worker = new OutboxWorker({
      store,
      deliverers: { pigeon: async () => ({ ok: true }) },
      maxAttempts: 3,
      retryBaseMs: 10,
      concurrency: 4,
      retryHorizonMs: 60_000,
      maxSendsPerSecond: { pigeon: maxSendsPerSecond },
      log: createLogger('silent'),
      now: () => now,
    });
    return { worker, store, advance: (ms: number) => (now += ms) };
  }

  test('when a channel allows 20 calls a second, then courtesies stop while 2 remain for replies, and come back a second later', async () => {
    const { worker, store, advance } = setup(20);
    const allowed = Array.from({ length: 25 }, () => worker.allowCourtesy('pigeon')).filter(Boolean).length;
    expect(allowed).toBe(18);
    advance(1100);
    expect(worker.allowCourtesy('pigeon')).toBe(true);
    await store.close();
  });

  test('when a channel has no published rate, then courtesies are limited only by pauses', async () => {
    const store = createStore(':memory:');
    const worker = new OutboxWorker({
      store,
      deliverers: { pigeon: async () => ({ ok: true }) },
      maxAttempts: 3,
      retryBaseMs: 10,
      concurrency: 4,
      retryHorizonMs: 60_000,
      log: createLogger('silent'),
    });
    expect(Array.from({ length: 50 }, () => worker.allowCourtesy('pigeon')).every(Boolean)).toBe(true);
    await store.close();
  });
});
