import type { ContentKind } from '../triage/content-kind';
import type { Db } from '../store/open-database';
import type { SqliteConnection } from '../store/sqlite-connection';

/** Where an attachment stands: waiting for its download, held, or lost (with why). */
export type AttachmentStatus = 'pending' | 'stored' | 'unavailable' | 'too_large';

/** An attachment without its bytes: what a thread lists. */
export interface Attachment {
  id: number;
  conversationId: number | null;
  messageId: number | null;
  channel: string;
  /** What the platform called it: image, file, video, audio, media. */
  platformType: string;
  status: AttachmentStatus;
  /** Read from the bytes, never from the platform's claim; null until stored. */
  contentType: string | null;
  size: number | null;
  /** Who may see it; null: as its message. */
  kind: ContentKind | null;
  createdAt: number;
}

/** A download the fetcher holds under a lease. */
export interface DueAttachment {
  id: number;
  channel: string;
  url: string;
  attempts: number;
  giveUpAt: number;
}

export interface PendingAttachment {
  conversationId: number;
  messageId: number;
  position: number;
  channel: string;
  platformType: string;
  url: string;
  at: number;
  /** After this the platform's URL has surely expired: the download is given up. */
  giveUpAt: number;
}

export interface AttachmentRow {
  id: number;
  conversation_id: number | null;
  message_id: number | null;
  channel: string;
  platform_type: string;
  status: AttachmentStatus;
  content_type: string | null;
  size: number | null;
  kind: ContentKind | null;
  created_at: number;
}

export const ATTACHMENT_COLUMNS = 'id, conversation_id, message_id, channel, platform_type, status, content_type, size, kind, created_at';

export function toAttachment(r: AttachmentRow): Attachment {
  return {
    id: Number(r.id),
    conversationId: r.conversation_id === null ? null : Number(r.conversation_id),
    messageId: r.message_id === null ? null : Number(r.message_id),
    channel: r.channel,
    platformType: r.platform_type,
    status: r.status,
    contentType: r.content_type,
    size: r.size === null ? null : Number(r.size),
    kind: r.kind,
    createdAt: Number(r.created_at),
  };
}

/** Patients' attachments: their download from the platform, their bytes, and who may see them. */
export interface AttachmentRepo {
  /** Records an attachment to download; a replayed turn adds nothing twice (message and position). */
  addPending(input: PendingAttachment): Promise<void>;
  /** A chat-page upload, already checked and held, waiting for the turn of `owner`'s message. */
  addUpload(input: { channel: string; owner: string; contentType: string; bytes: Buffer; at: number }): Promise<number>;
  /** Links an upload of `owner` to its message; false when it is not theirs or already linked. */
  linkUpload(id: number, owner: string, conversationId: number, messageId: number, position: number): Promise<boolean>;
  /** Removes an upload that was never linked (its send was refused). */
  discardUpload(id: number, owner: string): Promise<void>;
  /** Leases up to `limit` due downloads for `leaseMs`; each claim counts as an attempt. */
  claimDue(now: number, limit: number, leaseMs: number): Promise<DueAttachment[]>;
  /** Earliest time a pending download is due, or undefined when none waits. */
  nextDueAt(): Promise<number | undefined>;
  store(id: number, contentType: string, bytes: Buffer): Promise<void>;
  /** The download is over without bytes: the platform refused it, or it was too large. */
  fail(id: number, status: 'unavailable' | 'too_large', size?: number): Promise<void>;
  retryAt(id: number, at: number): Promise<void>;
  /** The kind the bot gave the message's attachments (the conversation's, at least). */
  setKind(messageId: number, kind: ContentKind): Promise<void>;
  listForConversation(conversationId: number): Promise<Attachment[]>;
  get(id: number): Promise<Attachment | undefined>;
  bytes(id: number): Promise<Buffer | undefined>;
}

/** AttachmentRepo on SQLite. */
export class SqliteAttachmentRepo implements AttachmentRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  addPending(input: PendingAttachment): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare(
          `INSERT INTO attachments (conversation_id, message_id, position, channel, platform_type, source_url, status, next_attempt_at, give_up_at, created_at)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(
          input.conversationId,
          input.messageId,
          input.position,
          input.channel,
          input.platformType,
          input.url,
          input.at,
          input.giveUpAt,
          input.at,
        );
    });
  }

  addUpload(input: { channel: string; owner: string; contentType: string; bytes: Buffer; at: number }): Promise<number> {
    return this.sql.run(() => {
      const result = this.db
        .prepare(
          `INSERT INTO attachments (channel, platform_type, status, content_type, size, bytes, owner, next_attempt_at, give_up_at, created_at)
           VALUES (?, 'upload', 'stored', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(input.channel, input.contentType, input.bytes.length, input.bytes, input.owner, input.at, input.at, input.at);
      return Number(result.lastInsertRowid);
    });
  }

  linkUpload(id: number, owner: string, conversationId: number, messageId: number, position: number): Promise<boolean> {
    return this.sql.run(() => {
      const result = this.db
        .prepare(
          `UPDATE attachments SET conversation_id = ?, message_id = ?, position = ?, owner = NULL
           WHERE id = ? AND owner = ? AND message_id IS NULL`,
        )
        .run(conversationId, messageId, position, id, owner);
      return result.changes === 1;
    });
  }

  discardUpload(id: number, owner: string): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('DELETE FROM attachments WHERE id = ? AND owner = ? AND message_id IS NULL').run(id, owner);
    });
  }

  claimDue(now: number, limit: number, leaseMs: number): Promise<DueAttachment[]> {
    return this.sql.run(() => {
      const rows = this.db
        .prepare(
          `UPDATE attachments SET claimed_until = ?, attempts = attempts + 1
           WHERE id IN (SELECT id FROM attachments WHERE status = 'pending' AND next_attempt_at <= ?
                          AND (claimed_until IS NULL OR claimed_until <= ?) ORDER BY id LIMIT ?)
           RETURNING id, channel, source_url, attempts, give_up_at`,
        )
        .all(now + leaseMs, now, now, limit) as Array<{
        id: number;
        channel: string;
        source_url: string;
        attempts: number;
        give_up_at: number;
      }>;
      return rows.map(toDue);
    });
  }

  nextDueAt(): Promise<number | undefined> {
    return this.sql.run(() => {
      const row = this.db
        .prepare(`SELECT MIN(MAX(next_attempt_at, COALESCE(claimed_until, 0))) AS at FROM attachments WHERE status = 'pending'`)
        .get() as { at: number | null };
      return row.at ?? undefined;
    });
  }

  store(id: number, contentType: string, bytes: Buffer): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare(
          `UPDATE attachments SET status = 'stored', content_type = ?, size = ?, bytes = ?, source_url = NULL, claimed_until = NULL WHERE id = ?`,
        )
        .run(contentType, bytes.length, bytes, id);
    });
  }

  fail(id: number, status: 'unavailable' | 'too_large', size?: number): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare(`UPDATE attachments SET status = ?, size = ?, source_url = NULL, claimed_until = NULL WHERE id = ?`)
        .run(status, size ?? null, id);
    });
  }

  retryAt(id: number, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE attachments SET next_attempt_at = ?, claimed_until = NULL WHERE id = ?').run(at, id);
    });
  }

  setKind(messageId: number, kind: ContentKind): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE attachments SET kind = ? WHERE message_id = ?').run(kind, messageId);
    });
  }

  listForConversation(conversationId: number): Promise<Attachment[]> {
    return this.sql.run(() => {
      return (
        this.db
          .prepare(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE conversation_id = ? ORDER BY message_id, position`)
          .all(conversationId) as AttachmentRow[]
      ).map(toAttachment);
    });
  }

  get(id: number): Promise<Attachment | undefined> {
    return this.sql.run(() => {
      const row = this.db.prepare(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE id = ?`).get(id) as AttachmentRow | undefined;
      return row && toAttachment(row);
    });
  }

  bytes(id: number): Promise<Buffer | undefined> {
    return this.sql.run(() => {
      const row = this.db.prepare(`SELECT bytes FROM attachments WHERE id = ? AND status = 'stored'`).get(id) as
        { bytes: Buffer | null } | undefined;
      return row?.bytes ?? undefined;
    });
  }
}

export function toDue(r: { id: number; channel: string; source_url: string; attempts: number; give_up_at: number }): DueAttachment {
  return { id: Number(r.id), channel: r.channel, url: r.source_url, attempts: Number(r.attempts), giveUpAt: Number(r.give_up_at) };
}
