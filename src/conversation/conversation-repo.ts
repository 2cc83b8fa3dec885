import type { Db } from '../store/open-database';
import type { SqliteConnection } from '../store/sqlite-connection';
import type { Language } from '../triage/types';
import type { Surface } from './surface';

export interface Conversation {
  id: number;
  contactId: number;
  channel: string;
  platformConversationId: string;
  platformUserId: string;
  /** botbuilder ConversationReference, as JSON-able data. */
  reference: Record<string, unknown>;
  /** Where the patient writes in this conversation, from the inbound message's metadata. */
  surface: Surface;
  lastInboundAt: number | null;
  lastOutboundAt: number | null;
  fallbackStreak: number;
  disclosedAt: number | null;
  /** The guided flow in progress (appointment, refill, FAQ feedback), or null. */
  flow: unknown;
  /** When the patient opted out of automated messages (STOP), or null. */
  optedOutAt: number | null;
  /** The patient's name from the channel's profile, when the channel gives one. */
  displayName: string | null;
  /** The language the bot writes in, once the patient's messages made it clear (null before). */
  language: Language | null;
  /** True once the patient asked for the language ("English please", "en español"). */
  languageChosen: boolean;
  createdAt: number;
}

/** A row of `conversations` joined with its contact, as both stores read it. */
export interface ConversationRow {
  id: number;
  contact_id: number;
  channel: string;
  platform_conversation_id: string;
  platform_user_id: string;
  reference_json: string;
  surface: string;
  last_inbound_at: number | null;
  last_outbound_at: number | null;
  fallback_streak: number;
  disclosed_at: number | null;
  flow_json: string | null;
  opted_out_at: number | null;
  display_name: string | null;
  language: string | null;
  language_chosen: number;
  created_at: number;
}

export const SELECT_CONVERSATION = `SELECT c.*, k.platform_user_id, k.opted_out_at, k.display_name FROM conversations c JOIN contacts k ON k.id = c.contact_id`;

export function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    contactId: row.contact_id,
    channel: row.channel,
    platformConversationId: row.platform_conversation_id,
    platformUserId: row.platform_user_id,
    reference: JSON.parse(row.reference_json) as Record<string, unknown>,
    surface: row.surface === 'public' ? 'public' : 'private',
    lastInboundAt: row.last_inbound_at,
    lastOutboundAt: row.last_outbound_at,
    fallbackStreak: row.fallback_streak,
    disclosedAt: row.disclosed_at,
    flow: row.flow_json ? (JSON.parse(row.flow_json) as unknown) : null,
    optedOutAt: row.opted_out_at,
    displayName: row.display_name,
    language: row.language === 'es' || row.language === 'en' ? row.language : null,
    languageChosen: row.language_chosen === 1,
    createdAt: row.created_at,
  };
}

/** A display name as stored: control characters turned into spaces, trimmed, at most 80 characters. */
export function cleanDisplayName(name: string | null): string | null {
  if (name === null) return null;
  return (
    [...name]
      .map((c) => (c < ' ' || c === '\u007f' ? ' ' : c))
      .join('')
      .trim()
      .slice(0, 80) || null
  );
}

/** What an inbound message tells about its contact and conversation. */
export interface InboundConversation {
  channel: string;
  platformUserId: string;
  platformConversationId: string;
  reference: Record<string, unknown>;
  surface: Surface;
  at: number;
}

/** Contacts and their conversations; one conversation per channel and platform conversation id. */
export interface ConversationRepo {
  /** Finds or creates the contact and conversation of an inbound message and refreshes its reference. */
  upsertInbound(input: InboundConversation): Promise<Conversation>;
  get(id: number): Promise<Conversation | undefined>;
  findByPlatform(channel: string, platformConversationId: string): Promise<Conversation | undefined>;
  touchOutbound(id: number, at: number): Promise<void>;
  setFallbackStreak(id: number, streak: number): Promise<void>;
  markDisclosed(id: number, at: number): Promise<void>;
  setFlow(id: number, flow: unknown): Promise<void>;
  /** STOP: no automated messages to this contact on this channel until START. */
  setOptedOut(contactId: number, at: number | null): Promise<void>;
  /** The patient's name from the channel's profile (trimmed, at most 80 characters), or null to forget it. */
  setDisplayName(contactId: number, name: string | null): Promise<void>;
  /** The language the bot writes in; `chosen` when the patient asked for it. */
  setLanguage(id: number, language: Language, chosen: boolean): Promise<void>;
}

/** ConversationRepo on SQLite. */
export class SqliteConversationRepo implements ConversationRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  /** Finds or creates the contact and conversation of an inbound message and refreshes its reference. */
  upsertInbound(input: InboundConversation): Promise<Conversation> {
    return this.sql.run(() => {
      return this.db.transaction(() => {
        this.db
          .prepare('INSERT INTO contacts (channel, platform_user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
          .run(input.channel, input.platformUserId, input.at);
        const contact = this.db
          .prepare('SELECT id FROM contacts WHERE channel = ? AND platform_user_id = ?')
          .get(input.channel, input.platformUserId) as { id: number };
        this.db
          .prepare(
            `INSERT INTO conversations (contact_id, channel, platform_conversation_id, reference_json, surface, last_inbound_at, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (channel, platform_conversation_id) DO UPDATE SET
             reference_json = excluded.reference_json,
             surface = excluded.surface,
             last_inbound_at = MAX(COALESCE(conversations.last_inbound_at, 0), excluded.last_inbound_at)`,
          )
          .run(contact.id, input.channel, input.platformConversationId, JSON.stringify(input.reference), input.surface, input.at, input.at);
        const found = this.findByPlatformSync(input.channel, input.platformConversationId);
        if (!found) throw new Error('conversation upsert lost its row');
        return found;
      })();
    });
  }

  get(id: number): Promise<Conversation | undefined> {
    return this.sql.run(() => {
      const row = this.db.prepare(`${SELECT_CONVERSATION} WHERE c.id = ?`).get(id) as ConversationRow | undefined;
      return row && toConversation(row);
    });
  }

  findByPlatform(channel: string, platformConversationId: string): Promise<Conversation | undefined> {
    return this.sql.run(() => this.findByPlatformSync(channel, platformConversationId));
  }

  private findByPlatformSync(channel: string, platformConversationId: string): Conversation | undefined {
    const row = this.db
      .prepare(`${SELECT_CONVERSATION} WHERE c.channel = ? AND c.platform_conversation_id = ?`)
      .get(channel, platformConversationId) as ConversationRow | undefined;
    return row && toConversation(row);
  }

  touchOutbound(id: number, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE conversations SET last_outbound_at = ? WHERE id = ?').run(at, id);
    });
  }

  setFallbackStreak(id: number, streak: number): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE conversations SET fallback_streak = ? WHERE id = ?').run(streak, id);
    });
  }

  markDisclosed(id: number, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE conversations SET disclosed_at = ? WHERE id = ?').run(at, id);
    });
  }

  setFlow(id: number, flow: unknown): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE conversations SET flow_json = ? WHERE id = ?').run(flow == null ? null : JSON.stringify(flow), id);
    });
  }

  /** STOP: no automated messages to this contact on this channel until START. */
  setOptedOut(contactId: number, at: number | null): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE contacts SET opted_out_at = ? WHERE id = ?').run(at, contactId);
    });
  }

  /** The patient's name from the channel's profile (trimmed, at most 80 characters), or null to forget it. */
  setDisplayName(contactId: number, name: string | null): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE contacts SET display_name = ? WHERE id = ?').run(cleanDisplayName(name), contactId);
    });
  }

  setLanguage(id: number, language: Language, chosen: boolean): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE conversations SET language = ?, language_chosen = ? WHERE id = ?').run(language, chosen ? 1 : 0, id);
    });
  }
}
