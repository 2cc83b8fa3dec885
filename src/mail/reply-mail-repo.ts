import { randomBytes } from 'node:crypto';
import type { Db } from '../store/open-database';
import type { SqliteConnection } from '../store/sqlite-connection';

/**
 * A web-chat patient's "email me when you reply": one address per conversation, and the secret its
 * links are signed with. Unsubscribing or erasing the patient's data deletes the row: nothing of it
 * is kept.
 */
export interface ReplyMailAddress {
  conversationId: number;
  address: string;
  /** Random, names the row in links without naming the conversation. */
  linkId: string;
  /** Signs the links of this row only; never leaves the server. */
  linkKey: string;
  createdAt: number;
}

export interface ReplyMailRepo {
  /** Sets (or replaces) the conversation's address; a new address gets new links, so older mails' links stop working. */
  set(conversationId: number, address: string, at: number): Promise<ReplyMailAddress>;
  get(conversationId: number): Promise<ReplyMailAddress | undefined>;
  findByLinkId(linkId: string): Promise<ReplyMailAddress | undefined>;
  /** Unsubscribe, or erasure: true when there was an address. */
  remove(conversationId: number): Promise<boolean>;
}

/** A new row's link id and key (128 and 256 random bits). */
export function newLinkSecrets(): { linkId: string; linkKey: string } {
  return { linkId: randomBytes(16).toString('hex'), linkKey: randomBytes(32).toString('hex') };
}

/** A row of `reply_mail` (the columns both stores read). */
export interface ReplyMailRow {
  conversation_id: number;
  address: string;
  link_id: string;
  link_key: string;
  created_at: number;
}

export function toReplyMailAddress(row: ReplyMailRow): ReplyMailAddress {
  return {
    conversationId: Number(row.conversation_id),
    address: row.address,
    linkId: row.link_id,
    linkKey: row.link_key,
    createdAt: Number(row.created_at),
  };
}

/** What `set` keeps: the same address keeps its links (a patient confirming it twice). */
export const UPSERT_REPLY_MAIL = (p: (n: number) => string) =>
  `INSERT INTO reply_mail (conversation_id, address, link_id, link_key, created_at) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})
   ON CONFLICT (conversation_id) DO UPDATE SET
     link_id = CASE WHEN reply_mail.address = excluded.address THEN reply_mail.link_id ELSE excluded.link_id END,
     link_key = CASE WHEN reply_mail.address = excluded.address THEN reply_mail.link_key ELSE excluded.link_key END,
     created_at = CASE WHEN reply_mail.address = excluded.address THEN reply_mail.created_at ELSE excluded.created_at END,
     address = excluded.address`;

/** ReplyMailRepo on SQLite. */
export class SqliteReplyMailRepo implements ReplyMailRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  async set(conversationId: number, address: string, at: number): Promise<ReplyMailAddress> {
    const { linkId, linkKey } = newLinkSecrets();
    await this.sql.run(() => {
      this.db.prepare(UPSERT_REPLY_MAIL(() => '?')).run(conversationId, address, linkId, linkKey, at);
    });
    return (await this.get(conversationId)) as ReplyMailAddress;
  }

  get(conversationId: number): Promise<ReplyMailAddress | undefined> {
    return this.sql.run(() => {
      const row = this.db.prepare('SELECT * FROM reply_mail WHERE conversation_id = ?').get(conversationId) as ReplyMailRow | undefined;
      return row ? toReplyMailAddress(row) : undefined;
    });
  }

  findByLinkId(linkId: string): Promise<ReplyMailAddress | undefined> {
    return this.sql.run(() => {
      const row = this.db.prepare('SELECT * FROM reply_mail WHERE link_id = ?').get(linkId) as ReplyMailRow | undefined;
      return row ? toReplyMailAddress(row) : undefined;
    });
  }

  remove(conversationId: number): Promise<boolean> {
    return this.sql.run(() => this.db.prepare('DELETE FROM reply_mail WHERE conversation_id = ?').run(conversationId).changes > 0);
  }
}
