import type { Choice } from '../platform/values';
import { kindOfRoute, type ContentKind } from '../triage/content-kind';
import type { Db } from '../store/open-database';
import type { SqliteConnection } from '../store/sqlite-connection';

export type MessageAuthor = 'patient' | 'bot' | 'staff';

export interface Message {
  id: number;
  conversationId: number;
  direction: 'in' | 'out';
  author: MessageAuthor;
  staffActor: string | null;
  text: string;
  quickReplies: QuickReply[];
  intent: string | null;
  route: string | null;
  decidedBy: string | null;
  /** Who may read it, decided when it was written (and when a patient's message was triaged). */
  kind: ContentKind;
  status: string;
  createdAt: number;
}

export type QuickReply = Choice;

/** A row of `messages` (the columns both stores read). */
export interface MessageRow {
  id: number;
  conversation_id: number;
  direction: 'in' | 'out';
  author: MessageAuthor;
  staff_actor: string | null;
  text: string;
  quick_replies_json: string | null;
  intent: string | null;
  route: string | null;
  decided_by: string | null;
  /** NULL on a patient's message not triaged yet: clinical until it is. */
  kind: ContentKind | null;
  status: string;
  created_at: number;
}

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    direction: row.direction,
    author: row.author,
    staffActor: row.staff_actor,
    text: row.text,
    quickReplies: row.quick_replies_json ? (JSON.parse(row.quick_replies_json) as QuickReply[]) : [],
    intent: row.intent,
    route: row.route,
    decidedBy: row.decided_by,
    kind: row.kind ?? (row.author === 'bot' ? 'administrative' : 'clinical'),
    status: row.status,
    createdAt: row.created_at,
  };
}

/** An outgoing message as the transcript stores it. */
export interface OutboundMessage {
  conversationId: number;
  author: 'bot' | 'staff';
  staffActor?: string;
  text: string;
  quickReplies?: QuickReply[];
  /** Who may read it; a text repeating a patient's words is as sensitive as they are. */
  kind: ContentKind;
  status: string;
  at: number;
}

/** The kinds a search may match, as SQL: a message without a kind (not triaged yet) is clinical. */
export const KIND_OF_ROW = `COALESCE(m.kind, 'clinical')`;

/** The transcript: every message in and out of a conversation. */
export interface MessageRepo {
  /** Returns the new id, or undefined when this platform message was already stored (a redelivery). */
  insertInbound(input: { conversationId: number; platformMessageId: string; text: string; at: number }): Promise<number | undefined>;
  findInbound(conversationId: number, platformMessageId: string): Promise<Message | undefined>;
  setTriage(id: number, triage: { intent: string; route: string; decidedBy: string }): Promise<void>;
  insertOutbound(input: OutboundMessage): Promise<number>;
  get(id: number): Promise<Message | undefined>;
  setStatus(id: number, status: string): Promise<void>;
  listByConversation(conversationId: number, afterId?: number): Promise<Message[]>;
  /** The route a staff reply answered (the thread's), so it is shown to the same roles as the thread. */
  setRoute(id: number, route: string): Promise<void>;
  /**
   * The patient's latest message in a conversation, for the queue preview; with `route`, the latest
   * one triaged to that route (why an item of that route exists).
   */
  latestInbound(conversationId: number, route?: string): Promise<Message | undefined>;
  /**
   * Messages whose text matches every word of `words` (full-text index; each word also matches as a
   * prefix), newest first. The words are quoted, so nothing a person types is read as query syntax.
   * Only messages of `kinds` match: a role's search never matches words it may not read.
   */
  search(words: readonly string[], limit: number, kinds: readonly ContentKind[]): Promise<Message[]>;
}

/** MessageRepo on SQLite. */
export class SqliteMessageRepo implements MessageRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  /** Returns the new id, or undefined when this platform message was already stored (a redelivery). */
  insertInbound(input: { conversationId: number; platformMessageId: string; text: string; at: number }): Promise<number | undefined> {
    return this.sql.run(() => {
      const result = this.db
        .prepare(
          `INSERT INTO messages (conversation_id, direction, author, text, platform_message_id, status, created_at)
         VALUES (?, 'in', 'patient', ?, ?, 'received', ?) ON CONFLICT DO NOTHING`,
        )
        .run(input.conversationId, input.text, input.platformMessageId, input.at);
      return result.changes === 1 ? Number(result.lastInsertRowid) : undefined;
    });
  }

  findInbound(conversationId: number, platformMessageId: string): Promise<Message | undefined> {
    return this.sql.run(() => {
      const row = this.db
        .prepare(`SELECT * FROM messages WHERE conversation_id = ? AND platform_message_id = ? AND direction = 'in'`)
        .get(conversationId, platformMessageId) as MessageRow | undefined;
      return row && toMessage(row);
    });
  }

  setTriage(id: number, triage: { intent: string; route: string; decidedBy: string }): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare('UPDATE messages SET intent = ?, route = ?, decided_by = ?, kind = ? WHERE id = ?')
        .run(triage.intent, triage.route, triage.decidedBy, kindOfRoute(triage.route), id);
    });
  }

  insertOutbound(input: OutboundMessage): Promise<number> {
    return this.sql.run(() => {
      const quickReplies = input.quickReplies && input.quickReplies.length > 0 ? JSON.stringify(input.quickReplies) : null;
      const result = this.db
        .prepare(
          `INSERT INTO messages (conversation_id, direction, author, staff_actor, text, quick_replies_json, kind, status, created_at)
         VALUES (?, 'out', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(input.conversationId, input.author, input.staffActor ?? null, input.text, quickReplies, input.kind, input.status, input.at);
      return Number(result.lastInsertRowid);
    });
  }

  get(id: number): Promise<Message | undefined> {
    return this.sql.run(() => {
      const row = this.db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined;
      return row && toMessage(row);
    });
  }

  setStatus(id: number, status: string): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE messages SET status = ? WHERE id = ?').run(status, id);
    });
  }

  listByConversation(conversationId: number, afterId = 0): Promise<Message[]> {
    return this.sql.run(() => {
      return (
        this.db
          .prepare('SELECT * FROM messages WHERE conversation_id = ? AND id > ? ORDER BY id')
          .all(conversationId, afterId) as MessageRow[]
      ).map(toMessage);
    });
  }

  /** The route a staff reply answered (the thread's), so it is shown to the same roles as the thread. */
  setRoute(id: number, route: string): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE messages SET route = ? WHERE id = ?').run(route, id);
    });
  }

  latestInbound(conversationId: number, route?: string): Promise<Message | undefined> {
    return this.sql.run(() => {
      const row = (
        route === undefined
          ? this.db
              .prepare(`SELECT * FROM messages WHERE conversation_id = ? AND direction = 'in' ORDER BY id DESC LIMIT 1`)
              .get(conversationId)
          : this.db
              .prepare(`SELECT * FROM messages WHERE conversation_id = ? AND direction = 'in' AND route = ? ORDER BY id DESC LIMIT 1`)
              .get(conversationId, route)
      ) as MessageRow | undefined;
      return row && toMessage(row);
    });
  }

  /**
   * Messages whose text matches every word of `words` (full-text index; each word also matches as a
   * prefix), newest first. The words are quoted, so nothing a person types is read as query syntax.
   */
  search(words: readonly string[], limit: number, kinds: readonly ContentKind[]): Promise<Message[]> {
    return this.sql.run(() => {
      if (words.length === 0 || kinds.length === 0) return [];
      const query = words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
      return (
        this.db
          .prepare(
            `SELECT m.* FROM messages_fts f JOIN messages m ON m.id = f.rowid
           WHERE messages_fts MATCH ? AND ${KIND_OF_ROW} IN (${kinds.map(() => '?').join(',')}) ORDER BY m.id DESC LIMIT ?`,
          )
          .all(query, ...kinds, limit) as MessageRow[]
      ).map(toMessage);
    });
  }
}
