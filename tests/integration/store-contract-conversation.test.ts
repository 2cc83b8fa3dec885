import { createStore } from '../../src/create-store';
import type { ConversationRepo } from '../../src/conversation/conversation-repo';
import { PostgresConversationRepo } from '../../src/conversation/postgres-conversation-repo';
import { migratePostgres } from '../../src/store/postgres/postgres-migrations';
import { PostgresPool } from '../../src/store/postgres/postgres-pool';
import { createTestDatabase, describeWithPostgres } from '../helpers/postgres';

/** The repositories under test, on one empty database. */
interface Repos {
  conversations: ConversationRepo;
  close(): Promise<void>;
}

async function sqliteRepos(): Promise<Repos> {
  const store = createStore(':memory:');
  return { conversations: store.conversations, close: () => store.close() };
}

async function postgresRepos(): Promise<Repos> {
  const db = await createTestDatabase();
  const pool = await PostgresPool.open(db.config);
  await migratePostgres(pool);
  return { conversations: new PostgresConversationRepo(pool), close: () => pool.close() };
}

const inbound = {
  channel: 'messenger',
  platformUserId: 'psid-1',
  platformConversationId: 'psid-1',
  reference: { conversation: { id: 'psid-1' } },
  surface: 'private' as const,
  at: 1000,
};

/** The same behaviour, whichever database holds it. */
function contract(open: () => Promise<Repos>): void {
  let repos: Repos;
  beforeEach(async () => {
    repos = await open();
  });
  afterEach(() => repos.close());

  describe('conversations', () => {
    test('when a first message arrives, then its contact and conversation are created with its reference and time', async () => {
      const created = await repos.conversations.upsertInbound(inbound);

      expect(created).toEqual({
        id: expect.any(Number),
        contactId: expect.any(Number),
        channel: 'messenger',
        platformConversationId: 'psid-1',
        platformUserId: 'psid-1',
        reference: { conversation: { id: 'psid-1' } },
        surface: 'private',
        lastInboundAt: 1000,
        lastOutboundAt: null,
        fallbackStreak: 0,
        disclosedAt: null,
        flow: null,
        optedOutAt: null,
        displayName: null,
        createdAt: 1000,
      });
      expect(await repos.conversations.get(created.id)).toEqual(created);
      expect(await repos.conversations.findByPlatform('messenger', 'psid-1')).toEqual(created);
    });

    test('when the same conversation writes again, then it is the same row with a fresh reference and the latest inbound time kept', async () => {
      const first = await repos.conversations.upsertInbound(inbound);
      const second = await repos.conversations.upsertInbound({ ...inbound, reference: { v: 2 }, surface: 'public', at: 3000 });
      const late = await repos.conversations.upsertInbound({ ...inbound, reference: { v: 3 }, at: 2000 });

      expect(second).toMatchObject({
        id: first.id,
        contactId: first.contactId,
        reference: { v: 2 },
        surface: 'public',
        lastInboundAt: 3000,
      });
      expect(late).toMatchObject({ id: first.id, reference: { v: 3 }, surface: 'private', lastInboundAt: 3000, createdAt: 1000 });
    });

    test('when one patient writes in two conversations, then both share one contact; another channel is another contact', async () => {
      const a = await repos.conversations.upsertInbound(inbound);
      const b = await repos.conversations.upsertInbound({ ...inbound, platformConversationId: 'thread-2' });
      const x = await repos.conversations.upsertInbound({ ...inbound, channel: 'x' });

      expect(b.id).not.toBe(a.id);
      expect(b.contactId).toBe(a.contactId);
      expect(x.contactId).not.toBe(a.contactId);
    });

    test('when nothing matches, then get and findByPlatform return undefined', async () => {
      await repos.conversations.upsertInbound(inbound);
      expect(await repos.conversations.get(9999)).toBeUndefined();
      expect(await repos.conversations.findByPlatform('x', 'psid-1')).toBeUndefined();
    });

    test('when the turn updates a conversation, then each field reads back as written', async () => {
      const c = await repos.conversations.upsertInbound(inbound);

      await repos.conversations.touchOutbound(c.id, 1500);
      await repos.conversations.setFallbackStreak(c.id, 2);
      await repos.conversations.markDisclosed(c.id, 1600);
      await repos.conversations.setFlow(c.id, { kind: 'appointment', step: 2, answers: ['monday'] });
      await repos.conversations.setOptedOut(c.contactId, 1700);
      await repos.conversations.setDisplayName(c.contactId, '  Ana\u0007 María\n'.padEnd(120, 'x'));

      const updated = await repos.conversations.get(c.id);
      expect(updated).toMatchObject({
        lastOutboundAt: 1500,
        fallbackStreak: 2,
        disclosedAt: 1600,
        flow: { kind: 'appointment', step: 2, answers: ['monday'] },
        optedOutAt: 1700,
      });
      expect(updated?.displayName).toBe('Ana  María '.concat('x'.repeat(69)).slice(0, 80));
    });

    test('when the flow, opt-out and name are cleared, then they read back as null', async () => {
      const c = await repos.conversations.upsertInbound(inbound);
      await repos.conversations.setFlow(c.id, { kind: 'refill' });
      await repos.conversations.setOptedOut(c.contactId, 1700);
      await repos.conversations.setDisplayName(c.contactId, 'Ana');

      await repos.conversations.setFlow(c.id, null);
      await repos.conversations.setOptedOut(c.contactId, null);
      await repos.conversations.setDisplayName(c.contactId, ' \t ');

      expect(await repos.conversations.get(c.id)).toMatchObject({ flow: null, optedOutAt: null, displayName: null });
    });
  });
}

describe('conversation store contract on SQLite', () => {
  contract(sqliteRepos);
});

describeWithPostgres('conversation store contract on PostgreSQL', () => {
  contract(postgresRepos);
});
