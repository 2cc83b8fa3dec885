import type { PostgresPool } from '../store/postgres/postgres-pool';
import { cleanDisplayName, SELECT_CONVERSATION, toConversation, type InboundConversation } from './conversation-repo';
import type { Conversation, ConversationRepo, ConversationRow } from './conversation-repo';
import type { Language } from '../triage/types';

/** ConversationRepo on PostgreSQL. */
export class PostgresConversationRepo implements ConversationRepo {
  constructor(private readonly pool: PostgresPool) {}

  /**
   * Finds or creates the contact and conversation of an inbound message and refreshes its
   * reference, in one statement (a turn's first write; one round trip). A contact inserted by the
   * statement is not in its snapshot yet: its fields come from the insert; an existing
   * conversation keeps its own contact, read from the table. One conversation's turns run one at a
   * time, so no other statement creates the same contact meanwhile.
   */
  async upsertInbound(input: InboundConversation): Promise<Conversation> {
    const { rows } = await this.pool.query<ConversationRow>(
      `WITH inserted AS (
         INSERT INTO contacts (channel, platform_user_id, created_at) VALUES ($1, $2, $6) ON CONFLICT DO NOTHING
         RETURNING id, platform_user_id, opted_out_at, display_name),
       contact AS (
         SELECT * FROM inserted
         UNION ALL SELECT id, platform_user_id, opted_out_at, display_name FROM contacts WHERE channel = $1 AND platform_user_id = $2
         LIMIT 1),
       c AS (
         INSERT INTO conversations (contact_id, channel, platform_conversation_id, reference_json, surface, last_inbound_at, created_at)
         SELECT contact.id, $1, $3, $4, $5, $6, $6 FROM contact
         ON CONFLICT (channel, platform_conversation_id) DO UPDATE SET
           reference_json = excluded.reference_json,
           surface = excluded.surface,
           last_inbound_at = GREATEST(COALESCE(conversations.last_inbound_at, 0), excluded.last_inbound_at)
         RETURNING *)
       SELECT c.*, COALESCE(k.platform_user_id, contact.platform_user_id) AS platform_user_id,
         CASE WHEN k.id IS NULL THEN contact.opted_out_at ELSE k.opted_out_at END AS opted_out_at,
         CASE WHEN k.id IS NULL THEN contact.display_name ELSE k.display_name END AS display_name
       FROM c LEFT JOIN contacts k ON k.id = c.contact_id LEFT JOIN contact ON contact.id = c.contact_id`,
      [input.channel, input.platformUserId, input.platformConversationId, JSON.stringify(input.reference), input.surface, input.at],
    );
    const row = rows[0];
    if (!row) throw new Error('conversation upsert lost its row');
    return toConversation(row);
  }

  async get(id: number): Promise<Conversation | undefined> {
    const { rows } = await this.pool.query<ConversationRow>(`${SELECT_CONVERSATION} WHERE c.id = $1`, [id]);
    return rows[0] && toConversation(rows[0]);
  }

  async findByPlatform(channel: string, platformConversationId: string): Promise<Conversation | undefined> {
    const { rows } = await this.pool.query<ConversationRow>(
      `${SELECT_CONVERSATION} WHERE c.channel = $1 AND c.platform_conversation_id = $2`,
      [channel, platformConversationId],
    );
    return rows[0] && toConversation(rows[0]);
  }

  async touchOutbound(id: number, at: number): Promise<void> {
    await this.pool.query('UPDATE conversations SET last_outbound_at = $1 WHERE id = $2', [at, id]);
  }

  async setFallbackStreak(id: number, streak: number): Promise<void> {
    await this.pool.query('UPDATE conversations SET fallback_streak = $1 WHERE id = $2', [streak, id]);
  }

  async markDisclosed(id: number, at: number): Promise<void> {
    await this.pool.query('UPDATE conversations SET disclosed_at = $1 WHERE id = $2', [at, id]);
  }

  async setFlow(id: number, flow: unknown): Promise<void> {
    await this.pool.query('UPDATE conversations SET flow_json = $1 WHERE id = $2', [flow == null ? null : JSON.stringify(flow), id]);
  }

  /** STOP: no automated messages to this contact on this channel until START. */
  async setOptedOut(contactId: number, at: number | null): Promise<void> {
    await this.pool.query('UPDATE contacts SET opted_out_at = $1 WHERE id = $2', [at, contactId]);
  }

  /** The patient's name from the channel's profile (trimmed, at most 80 characters), or null to forget it. */
  async setDisplayName(contactId: number, name: string | null): Promise<void> {
    await this.pool.query('UPDATE contacts SET display_name = $1 WHERE id = $2', [cleanDisplayName(name), contactId]);
  }

  async setLanguage(id: number, language: Language, chosen: boolean): Promise<void> {
    await this.pool.query('UPDATE conversations SET language = $1, language_chosen = $2 WHERE id = $3', [language, chosen ? 1 : 0, id]);
  }
}
