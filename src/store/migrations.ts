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
  {
    version: 2,
    name: 'staff accounts, sessions, api tokens, claims, notes, canned responses',
    sql: `
      CREATE TABLE staff_users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL COLLATE NOCASE UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'clinician', 'agent')),
        password_hash TEXT NOT NULL,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER,
        disabled_at INTEGER,
        password_changed_at INTEGER NOT NULL,
        last_login_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      -- Only a SHA-256 of the session id and of each API token is stored: a copy of the database
      -- does not let anyone sign in.
      CREATE TABLE staff_sessions (
        id INTEGER PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        user_id INTEGER NOT NULL REFERENCES staff_users(id),
        csrf_token TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        ip TEXT,
        revoked_at INTEGER
      );
      CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

      CREATE TABLE staff_api_tokens (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES staff_users(id),
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        last_used_at INTEGER,
        revoked_at INTEGER
      );
      CREATE INDEX staff_api_tokens_user ON staff_api_tokens (user_id);

      ALTER TABLE escalations ADD COLUMN assigned_to INTEGER REFERENCES staff_users(id);
      ALTER TABLE escalations ADD COLUMN assigned_at INTEGER;
      ALTER TABLE escalations ADD COLUMN resolution TEXT CHECK (resolution IN ('resolved', 'handed_back'));
      ALTER TABLE escalations ADD COLUMN reopened_at INTEGER;
      CREATE INDEX escalations_resolved ON escalations (status, resolved_at);

      -- Internal notes belong to the conversation's record: never sent, never edited or deleted.
      CREATE TABLE escalation_notes (
        id INTEGER PRIMARY KEY,
        escalation_id INTEGER NOT NULL REFERENCES escalations(id),
        conversation_id INTEGER NOT NULL REFERENCES conversations(id),
        actor TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX escalation_notes_conversation ON escalation_notes (conversation_id, id);
      CREATE TRIGGER escalation_notes_no_update BEFORE UPDATE ON escalation_notes
        BEGIN SELECT RAISE(ABORT, 'notes are append-only'); END;
      CREATE TRIGGER escalation_notes_no_delete BEFORE DELETE ON escalation_notes
        BEGIN SELECT RAISE(ABORT, 'notes are append-only'); END;

      CREATE TABLE canned_responses (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT
      );
      INSERT INTO canned_responses (title, text, position, created_at, updated_at) VALUES
        ('Please call us', 'Thank you for your message. Please call the office during opening hours so we can help you directly.', 1, 0, 0),
        ('Request received', 'Thanks, we have your request and will confirm the details here shortly.', 2, 0, 0),
        ('Use the patient portal', 'For anything that includes personal health details, please message us through the patient portal so it stays private.', 3, 0, 0);

      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_actor ON audit_log (actor, id);
      CREATE INDEX audit_log_target ON audit_log (target_type, target_id, id);
    `,
  },
  {
    version: 3,
    name: 'conversation flow state, request summaries',
    sql: `
      -- The guided flow a patient is in (appointment, refill, FAQ feedback), as JSON; NULL when none.
      -- Kept in SQLite so a restart mid-flow continues where it was.
      ALTER TABLE conversations ADD COLUMN flow_json TEXT;
      -- What a guided request collected, for the queue and the thread header.
      ALTER TABLE escalations ADD COLUMN summary TEXT;
    `,
  },
  {
    version: 4,
    name: 'channel cursors',
    sql: `
      -- Where a polling channel has read up to (e.g. the newest X DM and mention ids), so a restart
      -- neither misses nor repeats a message. Each channel owns its own rows.
      CREATE TABLE channel_cursors (
        channel TEXT NOT NULL,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (channel, name)
      );
    `,
  },
  {
    version: 5,
    name: 'queues: emergency lane, per-conversation and per-recipient lanes, leases, undelivered replies',
    sql: `
      -- urgent: the red-flag pre-scan at ingest fired; urgent events and replies go first.
      -- lane: one conversation (inbox) or one recipient (outbox); a lane's items go strictly in id order.
      -- claimed_until: a lease; a worker that dies leaves items that come back when it runs out.
      ALTER TABLE inbox ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE inbox ADD COLUMN lane TEXT;
      ALTER TABLE inbox ADD COLUMN claimed_until INTEGER;
      CREATE INDEX inbox_queue ON inbox (urgent DESC, id) WHERE processed_at IS NULL;
      CREATE INDEX inbox_lane ON inbox (lane, id) WHERE processed_at IS NULL;

      ALTER TABLE outbox ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE outbox ADD COLUMN lane TEXT;
      ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;
      -- A reply that used its tries: when it failed, and whether staff dealt with it another way.
      ALTER TABLE outbox ADD COLUMN failed_at INTEGER;
      ALTER TABLE outbox ADD COLUMN handled_at INTEGER;
      ALTER TABLE outbox ADD COLUMN handled_by TEXT;
      UPDATE outbox SET lane = channel || ':' || conversation_id;
      CREATE INDEX outbox_queue ON outbox (channel, urgent DESC, id) WHERE status IN ('pending', 'sending', 'failed');
      CREATE INDEX outbox_lane ON outbox (lane, id) WHERE status IN ('pending', 'sending', 'failed');
      CREATE INDEX outbox_undelivered ON outbox (status, handled_at) WHERE status IN ('failed', 'undeliverable');
    `,
  },
  {
    version: 6,
    name: 'one queue item per request, acknowledgements',
    sql: `
      -- A conversation may hold several open items (an emergency, a clinical question, a request):
      -- the bot looks up the open ones of a conversation on every message.
      CREATE INDEX escalations_conversation ON escalations (conversation_id, status);
      -- When the patient was last told that a message joined this waiting item (at most one such
      -- acknowledgement every few minutes).
      ALTER TABLE escalations ADD COLUMN acknowledged_at INTEGER;
    `,
  },
  {
    version: 7,
    name: 'minimum necessary per message and note, patient display names, thread search',
    sql: `
      -- Whether a staff note holds clinical content (clinicians only). NULL on notes written before
      -- this column: those count as clinical when their escalation was clinical or an emergency.
      ALTER TABLE escalation_notes ADD COLUMN clinical INTEGER;
      -- The patient's name as the channel's profile gives it, when it does.
      ALTER TABLE contacts ADD COLUMN display_name TEXT;
      -- A staff reply carries the route of the thread it answered, so it is shown to the same roles.
      UPDATE messages SET route = (
        SELECT e.route FROM escalations e
        WHERE e.conversation_id = messages.conversation_id AND e.created_at <= messages.created_at
        ORDER BY e.created_at DESC LIMIT 1
      ) WHERE author = 'staff' AND route IS NULL;

      -- Full-text search over the transcript (the rows stay in messages; this is the index).
      CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
      INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
      END;
    `,
  },
  {
    version: 8,
    name: 'readiness heartbeat, retention and data-request marks, purge permission for notes',
    sql: `
      -- /readyz writes this row: a database that cannot be written is not ready.
      CREATE TABLE heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);
      -- When the retention policy last removed the conversation's text, and when a patient's data
      -- request erased it (both NULL when never).
      ALTER TABLE conversations ADD COLUMN purged_at INTEGER;
      ALTER TABLE conversations ADD COLUMN erased_at INTEGER;
      -- Notes stay append-only for people; only a purge (retention or a patient's erasure request),
      -- which writes a row here inside its own transaction and removes it before committing, may
      -- delete them.
      CREATE TABLE purge_in_progress (conversation_id INTEGER PRIMARY KEY);
      DROP TRIGGER escalation_notes_no_delete;
      CREATE TRIGGER escalation_notes_no_delete BEFORE DELETE ON escalation_notes
        WHEN NOT EXISTS (SELECT 1 FROM purge_in_progress WHERE conversation_id = OLD.conversation_id)
        BEGIN SELECT RAISE(ABORT, 'notes are append-only'); END;
      -- Counting sign-in failures and purges for /metrics reads the audit log by action.
      CREATE INDEX audit_log_action ON audit_log (action);
    `,
  },
  {
    version: 9,
    name: 'conversation surface',
    sql: `
      -- Where the patient writes: 'public' for a public post (an X mention), anyone can read it.
      -- Set from each inbound message's metadata; conversations stored earlier were marked public
      -- only inside their reference.
      ALTER TABLE conversations ADD COLUMN surface TEXT NOT NULL DEFAULT 'private' CHECK (surface IN ('private', 'public'));
      UPDATE conversations SET surface = 'public'
        WHERE json_valid(reference_json) AND json_extract(reference_json, '$.conversation.conversationType') = 'public';
    `,
  },
  {
    version: 10,
    name: 'content kind of messages and request summaries',
    sql: `
      -- Who may read a message, decided when it is written: administrative, clinical or emergency.
      -- NULL only on a patient's message not triaged yet (clinical until it is).
      ALTER TABLE messages ADD COLUMN kind TEXT CHECK (kind IN ('administrative', 'clinical', 'emergency'));
      -- A request summary repeats the patient's answers: as sensitive as the most sensitive of them.
      ALTER TABLE escalations ADD COLUMN summary_kind TEXT CHECK (summary_kind IN ('administrative', 'clinical', 'emergency'));
      ${contentKindBackfill('instr')}
    `,
  },
  {
    version: 11,
    name: 'emergency bursts from one source',
    sql: `
      -- Emergencies from one source (a web chat address) in a short window share one queue item:
      -- how many messages it counts, and from which conversations. No text is kept here.
      ${emergencyBurstTables('INTEGER', 'TEXT')}
    `,
  },
  {
    version: 12,
    name: 'conversation language',
    sql: `
      -- The language the bot writes to the patient in ('en' or 'es'), NULL until a message made it
      -- clear; language_chosen = 1 once the patient asked for it ("English please", "en español").
      ALTER TABLE conversations ADD COLUMN language TEXT CHECK (language IN ('en', 'es'));
      ALTER TABLE conversations ADD COLUMN language_chosen INTEGER NOT NULL DEFAULT 0 CHECK (language_chosen IN (0, 1));
    `,
  },
  {
    version: 13,
    name: 'canned responses per language',
    sql: `
      -- The language a canned response is written in, so staff answer a patient in theirs.
      ALTER TABLE canned_responses ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es'));
      INSERT INTO canned_responses (title, text, position, created_at, updated_at, language) VALUES
        ('Llámenos', 'Gracias por su mensaje. Llame a la clínica en horario de atención para que podamos ayudarle directamente.', 4, 0, 0, 'es'),
        ('Solicitud recibida', 'Gracias, recibimos su solicitud y le confirmaremos los detalles aquí en breve.', 5, 0, 0, 'es'),
        ('Use el portal del paciente', 'Para cualquier cosa con datos personales de salud, escríbanos por el portal del paciente para que se mantenga privado.', 6, 0, 0, 'es');
    `,
  },
  {
    version: 14,
    name: 'staff availability, capacity and the round robin pointers; canned replies with variables',
    sql: `
      ${assignmentTables('INTEGER', 'TEXT')}
    `,
  },
  {
    version: 15,
    name: 'needs of a message that asked several things',
    sql: `
      -- JSON list of {kind, intent, summary, contentKind}: every need of the message behind the item
      -- when it asked several things; each summary is shown to the roles that may read its kind.
      ALTER TABLE escalations ADD COLUMN needs TEXT;
    `,
  },
  {
    version: 16,
    name: 'report indexes',
    sql: `
      -- Reports read a window of days: messages and escalations by the time they were written.
      CREATE INDEX messages_created ON messages (created_at);
      CREATE INDEX escalations_created ON escalations (created_at);
    `,
  },
  {
    version: 17,
    name: 'single sign-on',
    sql: `
      -- The identity provider's subject of the staff member (OpenID Connect "sub"), set at the first
      -- single sign-on; password_login = 0 when this person may sign in through the provider only.
      ALTER TABLE staff_users ADD COLUMN oidc_subject TEXT;
      CREATE UNIQUE INDEX staff_users_oidc_subject ON staff_users (oidc_subject) WHERE oidc_subject IS NOT NULL;
      ALTER TABLE staff_users ADD COLUMN password_login INTEGER NOT NULL DEFAULT 1 CHECK (password_login IN (0, 1));
    `,
  },
  {
    version: 18,
    name: 'attachments',
    sql: `
      ${attachmentsTable('INTEGER', 'TEXT', 'BLOB')}
    `,
  },
  {
    version: 19,
    name: 'reply mail for web-chat patients',
    sql: `
      ${replyMailTable('INTEGER', 'TEXT')}
    `,
  },
  {
    version: 20,
    name: 'training labels',
    sql: `
      ${trainingLabelsTable('INTEGER', 'TEXT')}
    `,
  },
];

/**
 * Migration 10's backfill of content kinds, in SQL both stores run: a message's kind from its route;
 * an assistant message or a request summary that contains a clinical patient message of its
 * conversation is clinical. `find` is the store's substring-position function (SQLite's instr,
 * PostgreSQL's strpos: the same arguments).
 */
export function contentKindBackfill(find: 'instr' | 'strpos'): string {
  const repeatsClinical = (table: string, column: string) =>
    `EXISTS (SELECT 1 FROM messages p WHERE p.conversation_id = ${table}.conversation_id AND p.direction = 'in'
        AND COALESCE(p.kind, 'clinical') <> 'administrative' AND length(p.text) >= 4
        AND ${find}(lower(${table}.${column}), lower(p.text)) > 0)`;
  return `
      UPDATE messages SET kind = CASE
        WHEN route = 'emergency' THEN 'emergency'
        WHEN route = 'clinical' THEN 'clinical'
        WHEN author = 'bot' THEN 'administrative'
        WHEN route IS NULL THEN NULL
        ELSE 'administrative' END;
      UPDATE messages SET kind = 'clinical' WHERE author = 'bot' AND ${repeatsClinical('messages', 'text')};
      UPDATE escalations SET summary_kind = CASE WHEN ${repeatsClinical('escalations', 'summary')} THEN 'clinical' ELSE 'administrative' END
        WHERE summary IS NOT NULL;`;
}

/**
 * Migration 11's tables in both stores' types (SQLite INTEGER/TEXT, PostgreSQL bigint/text): the
 * emergency items a source's later emergencies join, and the conversations counted into each.
 */
export function emergencyBurstTables(id: 'INTEGER' | 'bigint', text: 'TEXT' | 'text'): string {
  const count = 'INTEGER';
  return `CREATE TABLE emergency_bursts (
        escalation_id ${id} PRIMARY KEY REFERENCES escalations(id),
        source_key ${text} NOT NULL,
        first_at ${id} NOT NULL,
        last_at ${id} NOT NULL,
        messages ${count} NOT NULL DEFAULT 1
      );
      CREATE INDEX emergency_bursts_source ON emergency_bursts (source_key, first_at);
      CREATE TABLE emergency_burst_members (
        escalation_id ${id} NOT NULL REFERENCES emergency_bursts(escalation_id),
        conversation_id ${id} NOT NULL REFERENCES conversations(id),
        at ${id} NOT NULL,
        PRIMARY KEY (escalation_id, conversation_id)
      );`;
}

/**
 * Migration 14 in both stores' types: each staff member's availability (available, away, off) and
 * capacity (open items assigned at most; NULL: the server's default), the round robin pointer of
 * each pool of staff (the last person given an item), and the canned replies with variables.
 */
export function assignmentTables(id: 'INTEGER' | 'bigint', text: 'TEXT' | 'text'): string {
  return `CREATE TABLE staff_availability (
        user_id ${id} PRIMARY KEY REFERENCES staff_users(id),
        status ${text} NOT NULL DEFAULT 'off' CHECK (status IN ('available', 'away', 'off')),
        capacity INTEGER CHECK (capacity >= 0),
        changed_at ${id} NOT NULL
      );
      CREATE TABLE assignment_pointers (
        pool ${text} PRIMARY KEY,
        last_user_id ${id}
      );
      INSERT INTO assignment_pointers (pool) VALUES ('clinical'), ('front_desk');
      CREATE INDEX escalations_assigned_open ON escalations (assigned_to, status);
      INSERT INTO canned_responses (title, text, position, created_at, updated_at, language) VALUES
        ('Crisis: call or text 988', 'Hi {patient_first_name}, thank you for telling us. If you are thinking about hurting yourself or are in crisis, call or text 988 (the Suicide & Crisis Lifeline) now, any time of day or night. In an emergency call 911. {staff_first_name} at {practice_name} will also contact you by {reply_by}.', 7, 0, 0, 'en'),
        ('We will reply by', 'Hi {patient_first_name}, this is {staff_first_name} at {practice_name}. We have your message and will get back to you by {reply_by}.', 8, 0, 0, 'en'),
        ('Crisis: llame o escriba al 988', 'Hola, {patient_first_name}: gracias por contárnoslo. Si está pensando en hacerse daño o está en crisis, llame o envíe un mensaje de texto al 988 (Línea de Prevención del Suicidio y Crisis) ahora, a cualquier hora. En una emergencia llame al 911. {staff_first_name}, de {practice_name}, también se comunicará con usted {reply_by}.', 9, 0, 0, 'es'),
        ('Le responderemos', 'Hola, {patient_first_name}: le escribe {staff_first_name}, de {practice_name}. Recibimos su mensaje y le responderemos {reply_by}.', 10, 0, 0, 'es');`;
}

/**
 * Migration 18's table in both stores' types: what patients attach to a message (a photo, a PDF),
 * downloaded from the platform's expiring URL into the database itself, so every instance sharing
 * it serves the same bytes. `kind` is who may see it (NULL: as its message); `source_url` is kept
 * only until the download ends; an upload from the chat page waits with `owner` until its turn
 * links it to the message.
 */
export function attachmentsTable(id: 'INTEGER' | 'bigint', text: 'TEXT' | 'text', blob: 'BLOB' | 'bytea'): string {
  return `CREATE TABLE attachments (
        id ${id === 'INTEGER' ? 'INTEGER PRIMARY KEY' : 'bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY'},
        conversation_id ${id} REFERENCES conversations(id),
        message_id ${id} REFERENCES messages(id),
        position INTEGER NOT NULL DEFAULT 0,
        channel ${text} NOT NULL,
        platform_type ${text} NOT NULL,
        source_url ${text},
        status ${text} NOT NULL CHECK (status IN ('pending', 'stored', 'unavailable', 'too_large')),
        content_type ${text},
        size ${id},
        bytes ${blob},
        kind ${text} CHECK (kind IN ('administrative', 'clinical', 'emergency')),
        owner ${text},
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at ${id} NOT NULL,
        claimed_until ${id},
        give_up_at ${id} NOT NULL,
        created_at ${id} NOT NULL
      );
      CREATE UNIQUE INDEX attachments_message_position ON attachments (message_id, position);
      CREATE INDEX attachments_due ON attachments (status, next_attempt_at);
      CREATE INDEX attachments_conversation ON attachments (conversation_id);`;
}

/**
 * Migration 19's table in both stores' types: a web-chat patient's address for "email me when you
 * reply" (one per conversation), with the random id and key its links are signed with.
 * Unsubscribing or erasure deletes the row.
 */
export function replyMailTable(id: 'INTEGER' | 'bigint', text: 'TEXT' | 'text'): string {
  return `CREATE TABLE reply_mail (
        conversation_id ${id} PRIMARY KEY REFERENCES conversations(id),
        address ${text} NOT NULL,
        link_id ${text} NOT NULL UNIQUE,
        link_key ${text} NOT NULL,
        created_at ${id} NOT NULL
      );`;
}

/**
 * Migration 20's table in both stores' types: staff's labels on patient messages; an accepted
 * label keeps the message's text as the practice's own training example (example_text).
 */
export function trainingLabelsTable(id: 'INTEGER' | 'bigint', text: 'TEXT' | 'text'): string {
  return `CREATE TABLE training_labels (
        id ${id === 'INTEGER' ? 'INTEGER PRIMARY KEY' : 'bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY'},
        message_id ${id} NOT NULL REFERENCES messages(id),
        conversation_id ${id} NOT NULL REFERENCES conversations(id),
        escalation_id ${id} REFERENCES escalations(id),
        intent ${text} NOT NULL,
        source ${text} NOT NULL CHECK (source IN ('label', 'reroute')),
        status ${text} NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'superseded')),
        labelled_by ${text} NOT NULL,
        labelled_at ${id} NOT NULL,
        reviewed_by ${text},
        reviewed_at ${id},
        example_text ${text}
      );
      CREATE INDEX training_labels_status ON training_labels (status, id);
      CREATE INDEX training_labels_message ON training_labels (message_id);
      CREATE INDEX training_labels_conversation ON training_labels (conversation_id);`;
}
