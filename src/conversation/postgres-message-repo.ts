import type { PostgresPool } from '../store/postgres/postgres-pool';
import { KIND_OF_ROW, toMessage, type OutboundMessage } from './message-repo';
import { kindOfRoute, type ContentKind } from '../triage/content-kind';
import type { Message, MessageRepo, MessageRow } from './message-repo';

/** Every column but the search index's words, which only PostgreSQL reads. */
const COLUMNS = `id, conversation_id, direction, author, staff_actor, text, quick_replies_json, intent, route, decided_by, kind, status, created_at`;

/**
 * One typed word as a tsquery: its letters-and-digits runs as a phrase, the last one also matching
 * as a prefix, each quoted so nothing in it is read as tsquery syntax. Undefined when the word has
 * no letter or digit.
 */
function wordQuery(word: string): string | undefined {
  const tokens = word.split(/[^\p{L}\p{N}]+/u).filter((t) => t !== '');
  if (tokens.length === 0) return undefined;
  const quoted = tokens.map((t) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`);
  return `(${quoted.join(' <-> ')}:*)`;
}

/** MessageRepo on PostgreSQL. */
export class PostgresMessageRepo implements MessageRepo {
  constructor(private readonly pool: PostgresPool) {}

  /** Returns the new id, or undefined when this platform message was already stored (a redelivery). */
  async insertInbound(input: { conversationId: number; platformMessageId: string; text: string; at: number }): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ id: number }>(
      `INSERT INTO messages (conversation_id, direction, author, text, platform_message_id, status, created_at)
       VALUES ($1, 'in', 'patient', $2, $3, 'received', $4) ON CONFLICT DO NOTHING RETURNING id`,
      [input.conversationId, input.text, input.platformMessageId, input.at],
    );
    return rows[0]?.id;
  }

  async findInbound(conversationId: number, platformMessageId: string): Promise<Message | undefined> {
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT ${COLUMNS} FROM messages WHERE conversation_id = $1 AND platform_message_id = $2 AND direction = 'in'`,
      [conversationId, platformMessageId],
    );
    return rows[0] && toMessage(rows[0]);
  }

  async setTriage(id: number, triage: { intent: string; route: string; decidedBy: string }): Promise<void> {
    await this.pool.query('UPDATE messages SET intent = $1, route = $2, decided_by = $3, kind = $4 WHERE id = $5', [
      triage.intent,
      triage.route,
      triage.decidedBy,
      kindOfRoute(triage.route),
      id,
    ]);
  }

  async insertOutbound(input: OutboundMessage): Promise<number> {
    const quickReplies = input.quickReplies && input.quickReplies.length > 0 ? JSON.stringify(input.quickReplies) : null;
    const { rows } = await this.pool.query<{ id: number }>(
      `INSERT INTO messages (conversation_id, direction, author, staff_actor, text, quick_replies_json, kind, status, created_at)
       VALUES ($1, 'out', $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [input.conversationId, input.author, input.staffActor ?? null, input.text, quickReplies, input.kind, input.status, input.at],
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error('message insert returned no id');
    return id;
  }

  async get(id: number): Promise<Message | undefined> {
    const { rows } = await this.pool.query<MessageRow>(`SELECT ${COLUMNS} FROM messages WHERE id = $1`, [id]);
    return rows[0] && toMessage(rows[0]);
  }

  async setStatus(id: number, status: string): Promise<void> {
    await this.pool.query('UPDATE messages SET status = $1 WHERE id = $2', [status, id]);
  }

  async listByConversation(conversationId: number, afterId = 0): Promise<Message[]> {
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT ${COLUMNS} FROM messages WHERE conversation_id = $1 AND id > $2 ORDER BY id`,
      [conversationId, afterId],
    );
    return rows.map(toMessage);
  }

  /** The route a staff reply answered (the thread's), so it is shown to the same roles as the thread. */
  async setRoute(id: number, route: string): Promise<void> {
    await this.pool.query('UPDATE messages SET route = $1 WHERE id = $2', [route, id]);
  }

  async latestInbound(conversationId: number, route?: string): Promise<Message | undefined> {
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT ${COLUMNS} FROM messages WHERE conversation_id = $1 AND direction = 'in' AND ($2::text IS NULL OR route = $2)
       ORDER BY id DESC LIMIT 1`,
      [conversationId, route ?? null],
    );
    return rows[0] && toMessage(rows[0]);
  }

  /**
   * Messages whose text matches every word of `words` (full-text index; each word also matches as a
   * prefix), newest first. The words are quoted, so nothing a person types is read as query syntax.
   * A word with no letter or digit is left out, as the SQLite tokenizer leaves it out.
   */
  async search(words: readonly string[], limit: number, kinds: readonly ContentKind[]): Promise<Message[]> {
    const parts = words.map(wordQuery).filter((p): p is string => p !== undefined);
    if (parts.length === 0 || kinds.length === 0) return [];
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT ${COLUMNS} FROM messages m WHERE text_search @@ to_tsquery('frontdesk_search', $1) AND ${KIND_OF_ROW} = ANY($3::text[])
       ORDER BY id DESC LIMIT $2`,
      [parts.join(' & '), limit, [...kinds]],
    );
    return rows.map(toMessage);
  }
}
