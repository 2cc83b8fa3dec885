import type { SqliteStore } from '../../src/create-store';
import { PostgresReplyMailRepo } from '../../src/mail/postgres-reply-mail-repo';
import { SqliteReplyMailRepo, type ReplyMailRepo } from '../../src/mail/reply-mail-repo';
import { describeContract, seedConversation } from '../helpers/store-contract';

const backends = {
  sqlite: (s: SqliteStore) => new SqliteReplyMailRepo(s.sql),
  postgres: (pool: ConstructorParameters<typeof PostgresReplyMailRepo>[0]) => new PostgresReplyMailRepo(pool),
};

describeContract<ReplyMailRepo>('reply mail store contract', backends, (setup) => {
  test('when a patient gives an address, then it is kept with the conversation under random link secrets, found by its link id', async () => {
    const store = await setup();
    const c = await seedConversation(store);
    const set = await store.repos.set(c, 'patient@example.test', 1000);
    expect(set).toEqual({
      conversationId: c,
      address: 'patient@example.test',
      linkId: expect.stringMatching(/^[0-9a-f]{32}$/),
      linkKey: expect.stringMatching(/^[0-9a-f]{64}$/),
      createdAt: 1000,
    });
    expect(await store.repos.get(c)).toEqual(set);
    expect(await store.repos.findByLinkId(set.linkId)).toEqual(set);
    expect(await store.repos.findByLinkId('0'.repeat(32))).toBeUndefined();
  });

  test('when the same address is given again, then its links stay; a new address gets new links', async () => {
    const store = await setup();
    const c = await seedConversation(store);
    const first = await store.repos.set(c, 'patient@example.test', 1000);
    expect(await store.repos.set(c, 'patient@example.test', 2000)).toEqual(first);
    const changed = await store.repos.set(c, 'other@example.test', 3000);
    expect(changed).toEqual(expect.objectContaining({ address: 'other@example.test', createdAt: 3000 }));
    expect(changed.linkId).not.toBe(first.linkId);
    expect(changed.linkKey).not.toBe(first.linkKey);
    expect(await store.repos.findByLinkId(first.linkId)).toBeUndefined();
  });

  test('when the patient unsubscribes, then nothing of the address is kept', async () => {
    const store = await setup();
    const c = await seedConversation(store);
    await store.repos.set(c, 'patient@example.test', 1000);
    expect(await store.repos.remove(c)).toBe(true);
    expect(await store.repos.get(c)).toBeUndefined();
    expect(await store.repos.remove(c)).toBe(false);
    expect(await store.rows('SELECT * FROM reply_mail')).toEqual([]);
  });
});
