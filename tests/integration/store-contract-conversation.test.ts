import { createStore } from '../../src/create-store';
import type { ConversationStore } from '../../src/conversation/conversation-store';
import { PostgresInboxRepo } from '../../src/conversation/inbox/postgres-inbox-repo';
import { PostgresConversationRepo } from '../../src/conversation/postgres-conversation-repo';
import { postgresConversationRepos } from '../../src/conversation/postgres-conversation-store';
import { PostgresOutboxRepo } from '../../src/conversation/outbox/postgres-outbox-repo';
import { PostgresPool } from '../../src/store/postgres/postgres-pool';
import { CONTENT_KINDS } from '../../src/triage/content-kind';
import { createMigratedTestDatabase, describeWithPostgres } from '../helpers/postgres';

/** The repositories under test, on one empty database. */
interface Repos extends ConversationStore {
  close(): Promise<void>;
}

async function sqliteRepos(): Promise<Repos> {
  const store = createStore(':memory:');
  return { ...conversationRepoFields(store), close: () => store.close() };
}

async function postgresRepos(): Promise<Repos> {
  const db = await createMigratedTestDatabase();
  const pool = await PostgresPool.open(db.config);
  return { ...postgresConversationRepos(pool), close: () => pool.close() };
}

/** Only the conversation component's repositories of a whole store. */
function conversationRepoFields(store: ConversationStore): ConversationStore {
  const { conversations, messages, attachments, inbox, outbox, cursors, replyMail } = store;
  return { conversations, messages, attachments, inbox, outbox, cursors, replyMail };
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
        language: null,
        languageChosen: false,
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

    test('when the language is detected, then chosen by the patient, then each reads back, and a new inbound message keeps it', async () => {
      const c = await repos.conversations.upsertInbound(inbound);
      await repos.conversations.setLanguage(c.id, 'es', false);
      expect(await repos.conversations.get(c.id)).toMatchObject({ language: 'es', languageChosen: false });

      await repos.conversations.setLanguage(c.id, 'en', true);
      const again = await repos.conversations.upsertInbound({ ...inbound, at: 2000 });
      expect(again).toMatchObject({ id: c.id, language: 'en', languageChosen: true });
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

  describe('messages', () => {
    const setup = async () => (await repos.conversations.upsertInbound(inbound)).id;

    test('when a platform message is stored twice, then the second insert returns undefined and one row exists', async () => {
      const conversationId = await setup();

      const id = await repos.messages.insertInbound({ conversationId, platformMessageId: 'mid-1', text: 'hello', at: 1000 });
      const again = await repos.messages.insertInbound({ conversationId, platformMessageId: 'mid-1', text: 'hello', at: 1001 });

      expect(id).toEqual(expect.any(Number));
      expect(again).toBeUndefined();
      expect(await repos.messages.listByConversation(conversationId)).toHaveLength(1);
      expect(await repos.messages.findInbound(conversationId, 'mid-1')).toEqual({
        id,
        conversationId,
        direction: 'in',
        author: 'patient',
        staffActor: null,
        text: 'hello',
        quickReplies: [],
        intent: null,
        route: null,
        decidedBy: null,
        // Not triaged yet: withheld as clinical until it is.
        kind: 'clinical',
        status: 'received',
        createdAt: 1000,
      });
      expect(await repos.messages.findInbound(conversationId, 'mid-2')).toBeUndefined();
    });

    test('when a message id repeats in another conversation, then it is a new message there', async () => {
      const a = await setup();
      const b = (await repos.conversations.upsertInbound({ ...inbound, platformConversationId: 'other' })).id;
      await repos.messages.insertInbound({ conversationId: a, platformMessageId: 'mid-1', text: 'one', at: 1 });
      expect(await repos.messages.insertInbound({ conversationId: b, platformMessageId: 'mid-1', text: 'one', at: 1 })).toEqual(
        expect.any(Number),
      );
    });

    test('when outbound messages are written, then they read back with author, quick replies, status, triage and route', async () => {
      const conversationId = await setup();
      const inId = (await repos.messages.insertInbound({ conversationId, platformMessageId: 'm', text: 'refill please', at: 1 }))!;
      await repos.messages.setTriage(inId, { intent: 'refill', route: 'clinical', decidedBy: 'classifier' });
      const bot = await repos.messages.insertOutbound({
        conversationId,
        author: 'bot',
        text: 'Which one?',
        quickReplies: [{ title: 'Yes', payload: 'YES' }],
        kind: 'administrative',
        status: 'queued',
        at: 2,
      });
      const staff = await repos.messages.insertOutbound({
        conversationId,
        author: 'staff',
        staffActor: 'staff:3',
        text: 'Done',
        kind: 'clinical',
        status: 'queued',
        at: 3,
      });
      await repos.messages.setStatus(bot, 'sent');
      await repos.messages.setRoute(staff, 'clinical');

      expect(await repos.messages.get(inId)).toMatchObject({ intent: 'refill', route: 'clinical', decidedBy: 'classifier' });
      expect(await repos.messages.get(bot)).toMatchObject({
        direction: 'out',
        author: 'bot',
        staffActor: null,
        quickReplies: [{ title: 'Yes', payload: 'YES' }],
        status: 'sent',
        createdAt: 2,
      });
      expect(await repos.messages.get(staff)).toMatchObject({
        author: 'staff',
        staffActor: 'staff:3',
        quickReplies: [],
        route: 'clinical',
      });
      expect(await repos.messages.get(9999)).toBeUndefined();
    });

    test('when the transcript is listed, then it comes in id order, after the given id, and the latest inbound is the newest patient message', async () => {
      const conversationId = await setup();
      const m1 = (await repos.messages.insertInbound({ conversationId, platformMessageId: 'a', text: 'one', at: 1 }))!;
      const m2 = await repos.messages.insertOutbound({
        conversationId,
        author: 'bot',
        text: 'two',
        kind: 'administrative',
        status: 'sent',
        at: 2,
      });
      const m3 = (await repos.messages.insertInbound({ conversationId, platformMessageId: 'b', text: 'three', at: 3 }))!;
      await repos.messages.insertOutbound({ conversationId, author: 'bot', text: 'four', kind: 'administrative', status: 'sent', at: 4 });

      expect((await repos.messages.listByConversation(conversationId)).map((m) => m.text)).toEqual(['one', 'two', 'three', 'four']);
      expect((await repos.messages.listByConversation(conversationId, m2)).map((m) => m.id)).toEqual([m3, expect.any(Number)]);
      expect((await repos.messages.latestInbound(conversationId))?.id).toBe(m3);
      expect(m1).toBeLessThan(m3);
      expect(await repos.messages.latestInbound(conversationId + 1)).toBeUndefined();
      // By route: the latest patient message triaged to it, however many came after on other routes.
      await repos.messages.setTriage(m1, { intent: 'symptom', route: 'clinical', decidedBy: 'test' });
      await repos.messages.setTriage(m3, { intent: 'faq/hours', route: 'answer', decidedBy: 'test' });
      expect((await repos.messages.latestInbound(conversationId, 'clinical'))?.id).toBe(m1);
      expect((await repos.messages.latestInbound(conversationId, 'answer'))?.id).toBe(m3);
      expect(await repos.messages.latestInbound(conversationId, 'emergency')).toBeUndefined();
    });

    test('when the transcript is searched, then every word must match, as a prefix, accents and case ignored, newest first', async () => {
      const conversationId = await setup();
      const texts = ['Chest pain since Monday', 'Refill of my inhaler', 'PAIN in my chest again', 'Café opening hours', 'painting'];
      for (const [i, text] of texts.entries())
        await repos.messages.insertInbound({ conversationId, platformMessageId: `m${i}`, text, at: i });
      const search = async (words: string[], limit = 10) => (await repos.messages.search(words, limit, CONTENT_KINDS)).map((m) => m.text);

      expect(await search(['chest', 'pain'])).toEqual(['PAIN in my chest again', 'Chest pain since Monday']);
      expect(await search(['pain'])).toEqual(['painting', 'PAIN in my chest again', 'Chest pain since Monday']);
      expect(await search(['pain'], 1)).toEqual(['painting']);
      expect(await search(['inh'])).toEqual(['Refill of my inhaler']);
      expect(await search(['cafe'])).toEqual(['Café opening hours']);
      expect(await search(['CAFÉ', 'hour'])).toEqual(['Café opening hours']);
      expect(await search([])).toEqual([]);
      expect(await search(['nothing'])).toEqual([]);
    });

    test('when search words hold query syntax, then they are read as plain words', async () => {
      const conversationId = await setup();
      await repos.messages.insertInbound({ conversationId, platformMessageId: 'm', text: 'my "inhaler" OR not', at: 1 });

      expect((await repos.messages.search(['"inhaler"', 'OR'], 10, CONTENT_KINDS)).map((m) => m.text)).toEqual(['my "inhaler" OR not']);
      expect(await repos.messages.search(["in'h", 'NEAR(x)', 'a*&|!:'], 10, CONTENT_KINDS)).toEqual([]);
      expect((await repos.messages.search(['!!', 'inhaler'], 10, CONTENT_KINDS)).map((m) => m.text)).toEqual(['my "inhaler" OR not']);
      expect(await repos.messages.search(['!!'], 10, CONTENT_KINDS)).toEqual([]);
    });

    test('when messages carry a kind, then it reads back, triage sets it, an untriaged message is clinical, and search matches only the kinds asked for', async () => {
      const conversationId = await setup();
      const admin = (await repos.messages.insertInbound({ conversationId, platformMessageId: 'k1', text: 'rash hours please', at: 1 }))!;
      const clinical = (await repos.messages.insertInbound({ conversationId, platformMessageId: 'k2', text: 'rash on my arm', at: 2 }))!;
      const untriaged = (await repos.messages.insertInbound({ conversationId, platformMessageId: 'k3', text: 'rash again', at: 3 }))!;
      await repos.messages.setTriage(admin, { intent: 'faq/hours', route: 'answer', decidedBy: 'rules' });
      await repos.messages.setTriage(clinical, { intent: 'symptom', route: 'clinical', decidedBy: 'rules' });
      const quoted = await repos.messages.insertOutbound({
        conversationId,
        author: 'bot',
        text: 'rash noted',
        kind: 'clinical',
        status: 'queued',
        at: 4,
      });

      expect((await repos.messages.get(admin))?.kind).toBe('administrative');
      expect((await repos.messages.get(clinical))?.kind).toBe('clinical');
      expect((await repos.messages.get(untriaged))?.kind).toBe('clinical');
      expect((await repos.messages.get(quoted))?.kind).toBe('clinical');
      expect((await repos.messages.search(['rash'], 10, ['administrative'])).map((m) => m.id)).toEqual([admin]);
      expect((await repos.messages.search(['rash'], 10, CONTENT_KINDS)).map((m) => m.id)).toEqual([quoted, untriaged, clinical, admin]);
      expect(await repos.messages.search(['rash'], 10, [])).toEqual([]);
    });
  });

  describe('inbox', () => {
    const MAX = 3;
    const LEASE = 1000;
    const ids = (items: readonly { eventId: string }[]) => items.map((i) => i.eventId);

    test('when a webhook batch is stored, then new events count once and a redelivery is ignored, per channel', async () => {
      const added = await repos.inbox.addAll(
        'messenger',
        [
          { eventId: 'e1', payload: { a: 1 } },
          { eventId: 'e2', payload: 'b' },
          { eventId: 'e1', payload: {} },
        ],
        10,
      );
      const again = await repos.inbox.addAll(
        'messenger',
        [
          { eventId: 'e2', payload: 'b' },
          { eventId: 'e3', payload: null, lane: 'psid-1', urgent: true },
        ],
        11,
      );
      const otherChannel = await repos.inbox.addAll('x', [{ eventId: 'e1', payload: 1 }], 12);

      expect([added, again, otherChannel]).toEqual([2, 1, 1]);
      expect(await repos.inbox.pending(10, MAX)).toEqual([
        {
          id: expect.any(Number),
          channel: 'messenger',
          eventId: 'e1',
          payload: { a: 1 },
          receivedAt: 10,
          attempts: 0,
          urgent: false,
          lane: null,
        },
        {
          id: expect.any(Number),
          channel: 'messenger',
          eventId: 'e2',
          payload: 'b',
          receivedAt: 10,
          attempts: 0,
          urgent: false,
          lane: null,
        },
        {
          id: expect.any(Number),
          channel: 'messenger',
          eventId: 'e3',
          payload: null,
          receivedAt: 11,
          attempts: 0,
          urgent: true,
          lane: 'messenger:psid-1',
        },
        { id: expect.any(Number), channel: 'x', eventId: 'e1', payload: 1, receivedAt: 12, attempts: 0, urgent: false, lane: null },
      ]);
      expect(ids(await repos.inbox.pending(2, MAX))).toEqual(['e1', 'e2']);
      expect(await repos.inbox.countUnprocessed()).toBe(4);
      expect(await repos.inbox.countOpen(MAX)).toBe(4);
    });

    test('when events are claimed, then urgent ones come first, then the oldest, up to the limit', async () => {
      await repos.inbox.addAll(
        'messenger',
        [
          { eventId: 'a', payload: 1, lane: 'p1' },
          { eventId: 'b', payload: 1, lane: 'p2' },
          { eventId: 'c', payload: 1, lane: 'p3', urgent: true },
          { eventId: 'd', payload: 1, lane: 'p4' },
        ],
        1,
      );

      expect(ids(await repos.inbox.claim(100, 3, MAX, LEASE))).toEqual(['c', 'a', 'b']);
      expect(ids(await repos.inbox.claim(100, 3, MAX, LEASE))).toEqual(['d']);
    });

    test('when a conversation has several events, then only its oldest unfinished one is claimable, and the next once it is processed', async () => {
      await repos.inbox.addAll(
        'messenger',
        [
          { eventId: 'a1', payload: 1, lane: 'p1' },
          { eventId: 'a2', payload: 1, lane: 'p1', urgent: true },
          { eventId: 'b1', payload: 1, lane: 'p2' },
          { eventId: 'n1', payload: 1 },
          { eventId: 'n2', payload: 1 },
        ],
        1,
      );

      const first = await repos.inbox.claim(100, 10, MAX, LEASE);
      expect(ids(first)).toEqual(['a1', 'b1', 'n1', 'n2']);
      expect(await repos.inbox.claim(100, 10, MAX, LEASE)).toEqual([]);

      await repos.inbox.markProcessed(first[0]!.id, 150);
      expect(ids(await repos.inbox.claim(200, 10, MAX, LEASE))).toEqual(['a2']);
      expect(await repos.inbox.countUnprocessed()).toBe(4);
    });

    test('when a claimed event is not finished, then it is claimed again only once its lease has run out, and never while in flight', async () => {
      await repos.inbox.addAll(
        'messenger',
        [
          { eventId: 'a', payload: 1, lane: 'p1' },
          { eventId: 'b', payload: 1, lane: 'p1' },
        ],
        1,
      );
      const [a] = await repos.inbox.claim(100, 10, MAX, LEASE);

      expect(await repos.inbox.nextLeaseEnd(MAX)).toBe(1100);
      expect(await repos.inbox.claim(1099, 10, MAX, LEASE)).toEqual([]);
      expect(await repos.inbox.claim(1100, 10, MAX, LEASE, [a!.id])).toEqual([]);
      expect(await repos.inbox.claim(1100, 10, MAX, LEASE)).toEqual([{ ...a, attempts: 0 }]);
      expect(await repos.inbox.nextLeaseEnd(MAX)).toBe(2100);
    });

    test('when an event fails, then its tries count, it waits until retryAt, and once out of tries it neither runs nor holds its conversation back', async () => {
      await repos.inbox.addAll(
        'messenger',
        [
          { eventId: 'a', payload: 1, lane: 'p1' },
          { eventId: 'b', payload: 1, lane: 'p1' },
        ],
        1,
      );
      const [a] = await repos.inbox.claim(100, 10, MAX, LEASE);

      await repos.inbox.markFailed(a!.id, 'turn_failed', 500);
      expect(await repos.inbox.claim(499, 10, MAX, LEASE)).toEqual([]);
      expect(await repos.inbox.claim(500, 10, MAX, LEASE)).toMatchObject([{ eventId: 'a', attempts: 1 }]);
      await repos.inbox.markFailed(a!.id, 'turn_failed');
      expect(await repos.inbox.claim(600, 10, MAX, LEASE)).toMatchObject([{ eventId: 'a', attempts: 2 }]);
      await repos.inbox.markFailed(a!.id, 'turn_failed');

      expect(await repos.inbox.claim(700, 10, MAX, LEASE)).toMatchObject([{ eventId: 'b', attempts: 0 }]);
      expect(ids(await repos.inbox.pending(10, MAX))).toEqual(['b']);
      expect(await repos.inbox.countOpen(MAX)).toBe(1);
      expect(await repos.inbox.countUnprocessed()).toBe(2);
    });

    test('when leases are released at start-up, then the events they held are claimable at once', async () => {
      await repos.inbox.addAll(
        'messenger',
        [
          { eventId: 'a', payload: 1 },
          { eventId: 'b', payload: 1 },
          { eventId: 'c', payload: 1 },
        ],
        1,
      );
      const [a] = await repos.inbox.claim(100, 2, MAX, LEASE);
      await repos.inbox.markProcessed(a!.id, 101);

      expect(await repos.inbox.releaseLeases()).toBe(1);
      expect(await repos.inbox.nextLeaseEnd(MAX)).toBeUndefined();
      expect(ids(await repos.inbox.claim(102, 10, MAX, LEASE))).toEqual(['b', 'c']);
    });
  });

  describe('outbox', () => {
    const LEASE = 1000;
    const keys = (items: readonly { dedupeKey: string }[]) => items.map((i) => i.dedupeKey);
    /** A conversation with one bot message, and a way to enqueue a reply to it. */
    const setup = async () => {
      const conversationId = (await repos.conversations.upsertInbound(inbound)).id;
      const messageId = await repos.messages.insertOutbound({
        conversationId,
        author: 'bot',
        text: 'hi',
        kind: 'administrative',
        status: 'queued',
        at: 1,
      });
      const enqueue = (
        dedupeKey: string,
        more: { at?: number; urgent?: boolean; lane?: string; channel?: string; messageId?: number | null } = {},
      ) =>
        repos.outbox.enqueue({
          dedupeKey,
          channel: more.channel ?? 'messenger',
          conversationId,
          messageId: more.messageId === undefined ? messageId : more.messageId,
          payload: { text: dedupeKey },
          at: more.at ?? 10,
          urgent: more.urgent,
          lane: more.lane,
        });
      return { conversationId, messageId, enqueue };
    };

    test('when a reply is enqueued twice under one key, then the second returns undefined and the item reads back whole', async () => {
      const { conversationId, messageId, enqueue } = await setup();

      const id = await enqueue('turn-1:0');
      expect(await enqueue('turn-1:0', { at: 99 })).toBeUndefined();
      const own = await enqueue('turn-1:1', { lane: 'messenger:psid-9', urgent: true });

      const item = {
        id,
        dedupeKey: 'turn-1:0',
        channel: 'messenger',
        conversationId,
        messageId,
        payload: { text: 'turn-1:0' },
        status: 'pending',
        attempts: 0,
        nextAttemptAt: 10,
        lastError: null,
        urgent: false,
        lane: `messenger:${conversationId}`,
        createdAt: 10,
        failedAt: null,
        handledAt: null,
        handledBy: null,
      };
      expect(await repos.outbox.get(id!)).toEqual(item);
      expect(await repos.outbox.findByKey('turn-1:0')).toEqual(item);
      expect(await repos.outbox.get(own!)).toMatchObject({ lane: 'messenger:psid-9', urgent: true });
      expect(await repos.outbox.get(9999)).toBeUndefined();
      expect(await repos.outbox.findByKey('nope')).toBeUndefined();
    });

    test('when due items are claimed, then one channel only, due ones only, urgent first, then oldest, each leased as sending with a try counted', async () => {
      const { enqueue } = await setup();
      await enqueue('a', { lane: 'l1' });
      await enqueue('b', { lane: 'l2', at: 500 });
      await enqueue('c', { lane: 'l3', urgent: true });
      await enqueue('d', { lane: 'l4' });
      await enqueue('x', { lane: 'l5', channel: 'x' });

      const claimed = await repos.outbox.claimDue('messenger', 100, 2, LEASE, 0);
      expect(keys(claimed)).toEqual(['c', 'a']);
      expect(claimed[0]).toMatchObject({ status: 'sending', attempts: 1 });
      expect(await repos.outbox.get(claimed[0]!.id)).toMatchObject({ status: 'sending', attempts: 1 });
      expect(keys(await repos.outbox.claimDue('messenger', 100, 10, LEASE, 0))).toEqual(['d']);
      expect(keys(await repos.outbox.claimDue('messenger', 500, 10, LEASE, 0))).toEqual(['b']);
      expect(await repos.outbox.hasUnsent(claimed[0]!.conversationId)).toBe(true);
    });

    test('when a claimed item is not finished, then it is claimed again only after its lease, never while in flight', async () => {
      const { enqueue } = await setup();
      await enqueue('a');
      const [a] = await repos.outbox.claimDue('messenger', 100, 10, LEASE, 0);

      expect(await repos.outbox.nextDueAt()).toBe(1100);
      expect(await repos.outbox.claimDue('messenger', 1099, 10, LEASE, 0)).toEqual([]);
      expect(await repos.outbox.claimDue('messenger', 1100, 10, LEASE, 0, [a!.id])).toEqual([]);
      expect(await repos.outbox.claimDue('messenger', 1100, 10, LEASE, 0)).toMatchObject([{ dedupeKey: 'a', attempts: 2 }]);
    });

    test('when a recipient has several replies, then the next waits until the one before is sent, and a failed one inside the horizon holds its lane', async () => {
      const { enqueue } = await setup();
      await enqueue('a1');
      await enqueue('a2');
      await enqueue('b1', { lane: 'other' });

      const first = await repos.outbox.claimDue('messenger', 100, 10, LEASE, 0);
      expect(keys(first)).toEqual(['a1', 'b1']);
      await repos.outbox.markFailed(first[0]!.id, 150, 5000, 'http_500');
      expect(await repos.outbox.claimDue('messenger', 200, 10, LEASE, 0)).toEqual([]);

      expect(keys(await repos.outbox.claimDue('messenger', 200, 10, LEASE, 10))).toEqual(['a2']);
    });

    test('when a reply fails for good, then staff see it as undelivered, it is probed again while inside the horizon, and handled or sent it leaves the list', async () => {
      const { conversationId, enqueue } = await setup();
      const id = (await enqueue('a'))!;
      const noMessage = (await enqueue('no-message', { channel: 'x', lane: 'other', messageId: null }))!;
      await repos.outbox.markUndeliverable(noMessage, 50, 'recipient_blocked');
      await repos.outbox.claimDue('messenger', 100, 10, LEASE, 0);

      await repos.outbox.markFailed(id, 150, 3000, 'http_500');
      expect(await repos.outbox.get(id)).toMatchObject({ status: 'failed', failedAt: 150, nextAttemptAt: 3000, lastError: 'http_500' });
      expect(keys(await repos.outbox.undelivered())).toEqual(['a']);
      expect(await repos.outbox.nextDueAt()).toBe(3000);

      const [probe] = await repos.outbox.claimDue('messenger', 3000, 10, LEASE, 0);
      expect(probe).toMatchObject({ dedupeKey: 'a', status: 'sending', attempts: 2, failedAt: 150 });
      expect(keys(await repos.outbox.undeliveredFor(conversationId))).toEqual(['a']);
      await repos.outbox.markFailed(id, 3100, 6000, 'http_502');
      expect(await repos.outbox.get(id)).toMatchObject({ failedAt: 150, lastError: 'http_502' });
      expect(await repos.outbox.claimDue('messenger', 6000, 10, LEASE, 10)).toEqual([]);

      await repos.outbox.markHandled(id, 7000, 'staff:1');
      expect(await repos.outbox.get(id)).toMatchObject({ handledAt: 7000, handledBy: 'staff:1' });
      expect(await repos.outbox.undelivered()).toEqual([]);
      expect(await repos.outbox.claimDue('messenger', 7000, 10, LEASE, 0)).toEqual([]);

      await repos.outbox.resend(id, 8000);
      expect(await repos.outbox.get(id)).toMatchObject({
        status: 'pending',
        attempts: 0,
        nextAttemptAt: 8000,
        failedAt: null,
        handledAt: null,
        handledBy: null,
      });
      const [again] = await repos.outbox.claimDue('messenger', 8000, 10, LEASE, 0);
      await repos.outbox.markSent(again!.id, 8100, 'mid.1');
      expect(await repos.outbox.get(id)).toMatchObject({ status: 'sent', lastError: null });
      expect(await repos.outbox.hasUnsent(conversationId)).toBe(false);
    });

    test('when a reply is refused for good, then it is undeliverable: listed for staff and never claimed', async () => {
      const { conversationId, enqueue } = await setup();
      const id = (await enqueue('a'))!;
      await repos.outbox.claimDue('messenger', 100, 10, LEASE, 0);

      await repos.outbox.markUndeliverable(id, 200, 'recipient_blocked');

      expect(await repos.outbox.get(id)).toMatchObject({ status: 'undeliverable', failedAt: 200, lastError: 'recipient_blocked' });
      expect(keys(await repos.outbox.undeliveredFor(conversationId))).toEqual(['a']);
      expect(await repos.outbox.undeliveredFor(conversationId + 1)).toEqual([]);
      expect(await repos.outbox.claimDue('messenger', 10_000, 10, LEASE, 0)).toEqual([]);
      expect(await repos.outbox.nextDueAt()).toBeUndefined();
    });

    test('when sending is rescheduled or rate-limited, then it waits; a rate limit gives the try back; a healthy channel makes its waiting items due now', async () => {
      const { enqueue } = await setup();
      const a = (await enqueue('a'))!;
      const b = (await enqueue('b', { lane: 'other' }))!;
      await enqueue('x', { channel: 'x', lane: 'x', at: 5000 });
      await repos.outbox.claimDue('messenger', 100, 10, LEASE, 0);

      await repos.outbox.reschedule(a, 4000, 'http_503');
      await repos.outbox.deferUncounted(b, 5000, 'rate_limited');
      expect(await repos.outbox.get(a)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: 4000, lastError: 'http_503' });
      expect(await repos.outbox.get(b)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: 5000, lastError: 'rate_limited' });
      expect(await repos.outbox.nextDueAt()).toBe(4000);
      expect(await repos.outbox.claimDue('messenger', 3999, 10, LEASE, 0)).toEqual([]);

      expect(await repos.outbox.retryChannelNow('messenger', 200, 0)).toBe(2);
      expect(keys(await repos.outbox.claimDue('messenger', 200, 10, LEASE, 0))).toEqual(['a', 'b']);
      expect(await repos.outbox.get(b)).toMatchObject({ attempts: 1 });
      await repos.outbox.deferUncounted(b, 300, 'rate_limited');
      await repos.outbox.deferUncounted(b, 300, 'rate_limited');
      expect(await repos.outbox.get(b)).toMatchObject({ attempts: 0 });
      expect(await repos.outbox.findByKey('x')).toMatchObject({ nextAttemptAt: 5000 });
    });

    test('when the process restarts, then replies left sending go back to the queue, failed ones keeping their mark', async () => {
      const { enqueue } = await setup();
      const a = (await enqueue('a'))!;
      const b = (await enqueue('b', { lane: 'other' }))!;
      await enqueue('c', { lane: 'third' });
      await repos.outbox.claimDue('messenger', 100, 10, LEASE, 0);
      await repos.outbox.markFailed(b, 150, 200, 'http_500');
      await repos.outbox.claimDue('messenger', 200, 10, LEASE, 0);
      const c = (await repos.outbox.findByKey('c'))!;
      await repos.outbox.markSent(c.id, 250, undefined);

      expect(await repos.outbox.requeueInterrupted(300)).toBe(2);
      expect(await repos.outbox.get(a)).toMatchObject({ status: 'pending', nextAttemptAt: 300 });
      expect(await repos.outbox.get(b)).toMatchObject({ status: 'failed', nextAttemptAt: 300, failedAt: 150 });
      expect(await repos.outbox.get(c.id)).toMatchObject({ status: 'sent' });
      expect(await repos.outbox.requeueInterrupted(400)).toBe(0);
    });
  });

  describe('channel cursors', () => {
    test('when a cursor is set and set again, then the latest value reads back, per channel and name', async () => {
      const x = repos.cursors('x');
      expect(await x.get('dm')).toBeUndefined();

      await x.set('dm', '100', 1);
      await x.set('mentions', '7', 1);
      await x.set('dm', '250', 2);
      await repos.cursors('other').set('dm', '999', 3);

      expect(await x.get('dm')).toBe('250');
      expect(await x.get('mentions')).toBe('7');
      expect(await repos.cursors('other').get('dm')).toBe('999');
      expect(await repos.cursors('webchat').get('dm')).toBeUndefined();
    });
  });
}

describe('conversation store contract on SQLite', () => {
  contract(sqliteRepos);
});

describeWithPostgres('conversation store contract on PostgreSQL', () => {
  contract(postgresRepos);

  describe('two instances claiming at once', () => {
    /** Two instances' pools on one migrated database. */
    const setup = async () => {
      const db = await createMigratedTestDatabase();
      const pools = [await PostgresPool.open(db.config), await PostgresPool.open(db.config)] as const;
      return { pools, close: () => Promise.all(pools.map((p) => p.close())) };
    };

    test('when two instances claim inbox events at the same moment, then no event goes to both and each lane runs one at a time', async () => {
      const { pools, close } = await setup();
      try {
        const [a, b] = pools.map((p) => new PostgresInboxRepo(p));
        const events = Array.from({ length: 40 }, (_, i) => ({ eventId: `e${i}`, payload: i, lane: i % 4 === 0 ? `p${i}` : undefined }));
        await a!.addAll('messenger', [...events, { eventId: 'l2', payload: 0, lane: 'p0' }], 1);

        const rounds = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a! : b!).claim(100, 5, 3, 1000)));
        const claimed = rounds.flat().map((item) => item.eventId);

        expect(new Set(claimed).size).toBe(claimed.length);
        expect(claimed).toContain('e0');
        expect(claimed).not.toContain('l2');
      } finally {
        await close();
      }
    });

    test('when two instances claim due replies at the same moment, then no reply goes to both and each recipient gets one at a time', async () => {
      const { pools, close } = await setup();
      try {
        const conversationId = (await new PostgresConversationRepo(pools[0]).upsertInbound(inbound)).id;
        const [a, b] = pools.map((p) => new PostgresOutboxRepo(p));
        for (let i = 0; i < 40; i++) {
          await a!.enqueue({
            dedupeKey: `r${i}`,
            channel: 'messenger',
            conversationId,
            messageId: null,
            payload: {},
            at: 1,
            lane: i % 4 === 0 ? 'same' : `own${i}`,
          });
        }

        const rounds = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a! : b!).claimDue('messenger', 100, 5, 1000, 0)));
        const claimed = rounds.flat().map((item) => item.dedupeKey);

        expect(new Set(claimed).size).toBe(claimed.length);
        expect(claimed).toContain('r0');
        expect(claimed.filter((key) => ['r4', 'r8', 'r12'].includes(key))).toEqual([]);
      } finally {
        await close();
      }
    });
  });
});
