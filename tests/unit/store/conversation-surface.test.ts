import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../../src/store/migrations';
import { createStore } from '../../../src/create-store';

const SURFACE_MIGRATION = 9;

/** A database file as an older Frontdesk left it: migrations before the surface column, with conversations in it. */
function setup() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-surface-')), 'frontdesk.db');
  const old = new Database(file);
  old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  for (const migration of MIGRATIONS.filter((m) => m.version < SURFACE_MIGRATION)) {
    old.exec(migration.sql);
    old.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)').run(migration.version, migration.name);
  }
  old.prepare("INSERT INTO contacts (id, channel, platform_user_id, created_at) VALUES (1, 'x', '1600', 0)").run();
  const insert = old.prepare(
    'INSERT INTO conversations (contact_id, channel, platform_conversation_id, reference_json, created_at) VALUES (1, ?, ?, ?, 0)',
  );
  const reference = (conversationType: string) =>
    JSON.stringify({ channelId: 'x', conversation: { id: 'c', isGroup: false, conversationType }, user: { id: '1600' } });
  insert.run('x', 'public:1600', reference('public'));
  insert.run('x', '1600', reference('personal'));
  insert.run('webchat', 'session-1', '{}');
  old.close();
  return { file };
}

describe('The conversation surface column', () => {
  test('when an older database is opened, then conversations whose stored reference was marked public become public and the rest private', async () => {
    const { file } = setup();
    const store = createStore(file);
    try {
      expect((await store.conversations.findByPlatform('x', 'public:1600'))?.surface).toBe('public');
      expect((await store.conversations.findByPlatform('x', '1600'))?.surface).toBe('private');
      expect((await store.conversations.findByPlatform('webchat', 'session-1'))?.surface).toBe('private');
    } finally {
      await store.close();
    }
  });

  test('when an inbound message stores a conversation, then its surface is what the message says', async () => {
    const store = createStore(':memory:');
    try {
      const base = { channel: 'x', platformUserId: '1601', reference: {}, at: 1 };
      const mention = await store.conversations.upsertInbound({ ...base, platformConversationId: 'mention-thread', surface: 'public' });
      const dm = await store.conversations.upsertInbound({ ...base, platformConversationId: 'dm-thread', surface: 'private' });
      expect([mention.surface, dm.surface]).toEqual(['public', 'private']);
      expect((await store.conversations.get(mention.id))?.surface).toBe('public');
      expect(() => store.db.prepare("UPDATE conversations SET surface = 'shouting' WHERE id = ?").run(dm.id)).toThrow(/CHECK/);
    } finally {
      await store.close();
    }
  });
});
