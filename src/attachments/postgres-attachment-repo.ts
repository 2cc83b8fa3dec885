import type { PostgresPool } from '../store/postgres/postgres-pool';
import type { ContentKind } from '../triage/content-kind';
import {
  ATTACHMENT_COLUMNS,
  toAttachment,
  toDue,
  type Attachment,
  type AttachmentRepo,
  type AttachmentRow,
  type DueAttachment,
  type PendingAttachment,
} from './attachment-repo';

/** AttachmentRepo on PostgreSQL: instances sharing the database lease downloads with SKIP LOCKED. */
export class PostgresAttachmentRepo implements AttachmentRepo {
  constructor(private readonly pool: PostgresPool) {}

  async addPending(input: PendingAttachment): Promise<void> {
    await this.pool.query(
      `INSERT INTO attachments (conversation_id, message_id, position, channel, platform_type, source_url, status, next_attempt_at, give_up_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $7) ON CONFLICT DO NOTHING`,
      [input.conversationId, input.messageId, input.position, input.channel, input.platformType, input.url, input.at, input.giveUpAt],
    );
  }

  async addUpload(input: { channel: string; owner: string; contentType: string; bytes: Buffer; at: number }): Promise<number> {
    const { rows } = await this.pool.query<{ id: number }>(
      `INSERT INTO attachments (channel, platform_type, status, content_type, size, bytes, owner, next_attempt_at, give_up_at, created_at)
       VALUES ($1, 'upload', 'stored', $2, $3, $4, $5, $6, $6, $6) RETURNING id`,
      [input.channel, input.contentType, input.bytes.length, input.bytes, input.owner, input.at],
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error('attachment insert returned no id');
    return Number(id);
  }

  async linkUpload(id: number, owner: string, conversationId: number, messageId: number, position: number): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE attachments SET conversation_id = $1, message_id = $2, position = $3, owner = NULL
       WHERE id = $4 AND owner = $5 AND message_id IS NULL`,
      [conversationId, messageId, position, id, owner],
    );
    return result.rowCount === 1;
  }

  async discardUpload(id: number, owner: string): Promise<void> {
    await this.pool.query('DELETE FROM attachments WHERE id = $1 AND owner = $2 AND message_id IS NULL', [id, owner]);
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<DueAttachment[]> {
    const { rows } = await this.pool.query<{ id: number; channel: string; source_url: string; attempts: number; give_up_at: number }>(
      `UPDATE attachments SET claimed_until = $1, attempts = attempts + 1
       WHERE id IN (SELECT id FROM attachments WHERE status = 'pending' AND next_attempt_at <= $2
                      AND (claimed_until IS NULL OR claimed_until <= $2) ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, channel, source_url, attempts, give_up_at`,
      [now + leaseMs, now, limit],
    );
    return rows.map(toDue);
  }

  async nextDueAt(): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ at: string | null }>(
      `SELECT MIN(GREATEST(next_attempt_at, COALESCE(claimed_until, 0))) AS at FROM attachments WHERE status = 'pending'`,
    );
    const at = rows[0]?.at;
    return at === null || at === undefined ? undefined : Number(at);
  }

  async store(id: number, contentType: string, bytes: Buffer): Promise<void> {
    await this.pool.query(
      `UPDATE attachments SET status = 'stored', content_type = $1, size = $2, bytes = $3, source_url = NULL, claimed_until = NULL WHERE id = $4`,
      [contentType, bytes.length, bytes, id],
    );
  }

  async fail(id: number, status: 'unavailable' | 'too_large', size?: number): Promise<void> {
    await this.pool.query(`UPDATE attachments SET status = $1, size = $2, source_url = NULL, claimed_until = NULL WHERE id = $3`, [
      status,
      size ?? null,
      id,
    ]);
  }

  async retryAt(id: number, at: number): Promise<void> {
    await this.pool.query('UPDATE attachments SET next_attempt_at = $1, claimed_until = NULL WHERE id = $2', [at, id]);
  }

  async setKind(messageId: number, kind: ContentKind): Promise<void> {
    await this.pool.query('UPDATE attachments SET kind = $1 WHERE message_id = $2', [kind, messageId]);
  }

  async listForConversation(conversationId: number): Promise<Attachment[]> {
    const { rows } = await this.pool.query<AttachmentRow>(
      `SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE conversation_id = $1 ORDER BY message_id, position`,
      [conversationId],
    );
    return rows.map(toAttachment);
  }

  async get(id: number): Promise<Attachment | undefined> {
    const { rows } = await this.pool.query<AttachmentRow>(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE id = $1`, [id]);
    return rows[0] && toAttachment(rows[0]);
  }

  async bytes(id: number): Promise<Buffer | undefined> {
    const { rows } = await this.pool.query<{ bytes: Buffer | null }>(`SELECT bytes FROM attachments WHERE id = $1 AND status = 'stored'`, [
      id,
    ]);
    return rows[0]?.bytes ?? undefined;
  }
}
