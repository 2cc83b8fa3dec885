import type { PostgresPool } from '../store/postgres/postgres-pool';
import {
  newLinkSecrets,
  toReplyMailAddress,
  UPSERT_REPLY_MAIL,
  type ReplyMailAddress,
  type ReplyMailRepo,
  type ReplyMailRow,
} from './reply-mail-repo';

/** ReplyMailRepo on PostgreSQL. */
export class PostgresReplyMailRepo implements ReplyMailRepo {
  constructor(private readonly pool: PostgresPool) {}

  async set(conversationId: number, address: string, at: number): Promise<ReplyMailAddress> {
    const { linkId, linkKey } = newLinkSecrets();
    const { rows } = await this.pool.query<ReplyMailRow>(`${UPSERT_REPLY_MAIL((n) => `$${n}`)} RETURNING *`, [
      conversationId,
      address,
      linkId,
      linkKey,
      at,
    ]);
    return toReplyMailAddress(rows[0] as ReplyMailRow);
  }

  async get(conversationId: number): Promise<ReplyMailAddress | undefined> {
    const { rows } = await this.pool.query<ReplyMailRow>('SELECT * FROM reply_mail WHERE conversation_id = $1', [conversationId]);
    return rows[0] ? toReplyMailAddress(rows[0]) : undefined;
  }

  async findByLinkId(linkId: string): Promise<ReplyMailAddress | undefined> {
    const { rows } = await this.pool.query<ReplyMailRow>('SELECT * FROM reply_mail WHERE link_id = $1', [linkId]);
    return rows[0] ? toReplyMailAddress(rows[0]) : undefined;
  }

  async remove(conversationId: number): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM reply_mail WHERE conversation_id = $1', [conversationId]);
    return (rowCount ?? 0) > 0;
  }
}
