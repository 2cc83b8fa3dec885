import { createStore } from '../../src/create-store';
import { PostgresAttachmentRepo } from '../../src/attachments/postgres-attachment-repo';
import { postgresConversationRepos } from '../../src/conversation/postgres-conversation-store';
import type { ConversationStore } from '../../src/conversation/conversation-store';
import { PostgresPool } from '../../src/store/postgres/postgres-pool';
import { createMigratedTestDatabase, describeWithPostgres } from '../helpers/postgres';

interface Repos extends Pick<ConversationStore, 'conversations' | 'messages' | 'attachments'> {
  close(): Promise<void>;
}

async function sqliteRepos(): Promise<Repos> {
  const store = createStore(':memory:');
  return { conversations: store.conversations, messages: store.messages, attachments: store.attachments, close: () => store.close() };
}

async function postgresRepos(): Promise<Repos> {
  const db = await createMigratedTestDatabase();
  const pool = await PostgresPool.open(db.config);
  const repos = postgresConversationRepos(pool);
  return { ...repos, attachments: new PostgresAttachmentRepo(pool), close: () => pool.close() };
}

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

function contract(open: () => Promise<Repos>): void {
  let repos: Repos;
  beforeEach(async () => {
    repos = await open();
  });
  afterEach(() => repos.close());

  async function message(): Promise<{ conversationId: number; messageId: number }> {
    const c = await repos.conversations.upsertInbound({
      channel: 'messenger',
      platformUserId: 'psid-a',
      platformConversationId: 'psid-a',
      reference: {},
      surface: 'private',
      at: 1000,
    });
    const messageId = (await repos.messages.insertInbound({
      conversationId: c.id,
      platformMessageId: 'm1',
      text: '[attachment]',
      at: 1000,
    })) as number;
    return { conversationId: c.id, messageId };
  }

  test('when a pending attachment is claimed and stored, then it is listed with its type and its bytes come back; a replay adds nothing', async () => {
    const { conversationId, messageId } = await message();
    const pending = {
      conversationId,
      messageId,
      position: 0,
      channel: 'messenger',
      platformType: 'image',
      url: 'https://cdn.example/a',
      at: 1000,
      giveUpAt: 9000,
    };
    await repos.attachments.addPending(pending);
    await repos.attachments.addPending(pending);
    const [due, ...more] = await repos.attachments.claimDue(1000, 10, 60_000);
    expect(more).toEqual([]);
    expect(due).toEqual({ id: expect.any(Number), channel: 'messenger', url: 'https://cdn.example/a', attempts: 1, giveUpAt: 9000 });
    // Leased: another claim in the lease finds nothing.
    expect(await repos.attachments.claimDue(2000, 10, 60_000)).toEqual([]);
    await repos.attachments.store(due!.id, 'image/jpeg', JPEG);
    await repos.attachments.setKind(messageId, 'administrative');
    expect(await repos.attachments.listForConversation(conversationId)).toEqual([
      expect.objectContaining({
        id: due!.id,
        messageId,
        status: 'stored',
        contentType: 'image/jpeg',
        size: JPEG.length,
        kind: 'administrative',
      }),
    ]);
    expect((await repos.attachments.bytes(due!.id))?.equals(JPEG)).toBe(true);
    expect(await repos.attachments.nextDueAt()).toBeUndefined();
  });

  test('when a download fails or is retried, then its status and next time are kept', async () => {
    const { conversationId, messageId } = await message();
    await repos.attachments.addPending({
      conversationId,
      messageId,
      position: 0,
      channel: 'x',
      platformType: 'photo',
      url: 'u',
      at: 1000,
      giveUpAt: 9000,
    });
    const [due] = await repos.attachments.claimDue(1000, 1, 60_000);
    await repos.attachments.retryAt(due!.id, 5000);
    expect(await repos.attachments.nextDueAt()).toBe(5000);
    expect(await repos.attachments.claimDue(4000, 1, 60_000)).toEqual([]);
    const [again] = await repos.attachments.claimDue(5000, 1, 60_000);
    expect(again?.attempts).toBe(2);
    await repos.attachments.fail(again!.id, 'unavailable');
    expect((await repos.attachments.get(again!.id))?.status).toBe('unavailable');
    expect(await repos.attachments.bytes(again!.id)).toBeUndefined();
  });

  test('when a chat-page upload is linked, then only its owner can link it, once', async () => {
    const { conversationId, messageId } = await message();
    const id = await repos.attachments.addUpload({
      channel: 'webchat',
      owner: 'session-1',
      contentType: 'image/jpeg',
      bytes: JPEG,
      at: 1000,
    });
    expect(await repos.attachments.linkUpload(id, 'session-2', conversationId, messageId, 0)).toBe(false);
    expect(await repos.attachments.linkUpload(id, 'session-1', conversationId, messageId, 0)).toBe(true);
    expect(await repos.attachments.linkUpload(id, 'session-1', conversationId, messageId, 0)).toBe(false);
    expect((await repos.attachments.get(id))?.messageId).toBe(messageId);
  });
}

describe('Attachment store contract on SQLite', () => contract(sqliteRepos));
describeWithPostgres('Attachment store contract on PostgreSQL', () => contract(postgresRepos));
