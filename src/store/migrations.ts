/**
 * Numbered migrations, applied in order at start-up inside one transaction each.
 * Never edit a shipped migration: add the next number.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'core tables',
    sql: `
      CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        platform_user_id TEXT NOT NULL,
        opted_out_at INTEGER,
        created_at INTEGER NOT NULL,
        UNIQUE (channel, platform_user_id)
      );

      CREATE TABLE conversations (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id),
        channel TEXT NOT NULL,
        platform_conversation_id TEXT NOT NULL,
        reference_json TEXT NOT NULL,
        last_inbound_at INTEGER,
        last_outbound_at INTEGER,
        fallback_streak INTEGER NOT NULL DEFAULT 0,
        disclosed_at INTEGER,
        created_at INTEGER NOT NULL,
        UNIQUE (channel, platform_conversation_id)
      );

      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id),
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        author TEXT NOT NULL CHECK (author IN ('patient', 'bot', 'staff')),
        staff_actor TEXT,
        text TEXT NOT NULL,
        intent TEXT,
        route TEXT,
        decided_by TEXT,
        quick_replies_json TEXT,
        platform_message_id TEXT,
        status TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX messages_platform_id ON messages (conversation_id, platform_message_id)
        WHERE platform_message_id IS NOT NULL AND direction = 'in';
      CREATE INDEX messages_conversation ON messages (conversation_id, id);

      CREATE TABLE inbox (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        event_id TEXT NOT NULL,
        payload_json TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        processed_at INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        UNIQUE (channel, event_id)
      );
      CREATE INDEX inbox_pending ON inbox (processed_at, id);

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        dedupe_key TEXT NOT NULL UNIQUE,
        channel TEXT NOT NULL,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id),
        message_id INTEGER REFERENCES messages(id),
        payload_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'undeliverable', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        platform_message_id TEXT,
        created_at INTEGER NOT NULL,
        sent_at INTEGER
      );
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

      CREATE TABLE escalations (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id),
        source_key TEXT NOT NULL UNIQUE,
        route TEXT NOT NULL,
        intent TEXT NOT NULL,
        priority INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        resolved_at INTEGER,
        resolved_by TEXT
      );
      CREATE INDEX escalations_open ON escalations (status, priority, created_at);

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target_type TEXT,
        target_id TEXT,
        ip TEXT,
        detail_json TEXT
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `,
  },
];
