import { createStore, type Store } from '../../../src/create-store';

const LEASE = 60_000;

describe('Leases on the inbox and the outbox', () => {
  let store: Store;
  beforeEach(() => {
    store = createStore(':memory:');
  });
  afterEach(async () => await store.close());

  test('when the clock passes the lease of an event this process is still running, then it is not claimed again; one a stopped run left is', async () => {
    await store.inbox.addAll('webchat', [{ eventId: 'e1', payload: {}, lane: 'a' }], 0);
    const [running] = await store.inbox.claim(1_000, 10, 3, LEASE);
    expect(running?.eventId).toBe('e1');
    // The clock steps ten minutes (a suspended machine, an NTP step) while the turn still runs here.
    expect(await store.inbox.claim(601_000, 10, 3, LEASE, [running?.id as number])).toEqual([]);
    // Nothing of this process holds it: its lease is over, so it is claimed again.
    expect((await store.inbox.claim(601_000, 10, 3, LEASE)).map((i) => i.eventId)).toEqual(['e1']);
  });

  test('when the clock passes the lease of a send this process has in flight, then it is not sent again; one a stopped run left is', async () => {
    const conversation = await store.conversations.upsertInbound({
      channel: 'webchat',
      platformUserId: 'p1',
      platformConversationId: 'p1',
      reference: {},
      surface: 'private',
      at: 0,
    });
    await store.outbox.enqueue({
      dedupeKey: 'k1',
      channel: 'webchat',
      conversationId: conversation.id,
      messageId: null,
      payload: { text: 'hi' },
      at: 0,
    });
    const [sending] = await store.outbox.claimDue('webchat', 1_000, 10, LEASE, 0);
    expect(sending?.status).toBe('sending');
    expect(await store.outbox.claimDue('webchat', 601_000, 10, LEASE, 0, [sending?.id as number])).toEqual([]);
    expect((await store.outbox.claimDue('webchat', 601_000, 10, LEASE, 0)).map((i) => i.id)).toEqual([sending?.id]);
  });
});
