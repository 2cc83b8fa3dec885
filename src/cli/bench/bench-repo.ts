import type Database from 'better-sqlite3';
import type { Db } from '../../store/open-database';
import type { PostgresPool } from '../../store/postgres/postgres-pool';

/** A reply as the store wrote it for one patient. */
export interface WrittenReply {
  psid: string;
  text: string;
}

/**
 * What the benchmarks read from the database of the server they run, through a read-only handle of
 * their own. That handle has no statement cache, so each statement is prepared once, here.
 */
export interface BenchRepo {
  /** Every outgoing message the bot or staff wrote, with its recipient, in outbox order. */
  writtenReplies(): Promise<WrittenReply[]>;
  /** True when the inbox processed this platform event and the transcript holds it. */
  isProcessedAndStored(eventId: string): Promise<boolean>;
  /** Inbox events not yet processed plus outbox messages not yet sent. */
  countUnfinished(): Promise<number>;
  /** Outbox messages not sent. */
  countUnsent(): Promise<number>;
}

/** BenchRepo on SQLite. */
export class SqliteBenchRepo implements BenchRepo {
  private readonly replies: Database.Statement;
  private readonly processed: Database.Statement;
  private readonly storedInbound: Database.Statement;
  private readonly unfinished: Database.Statement;
  private readonly unsent: Database.Statement;

  constructor(db: Db) {
    this.replies = db.prepare(
      `SELECT c.platform_conversation_id AS psid, json_extract(o.payload_json, '$.text') AS text FROM outbox o JOIN conversations c ON c.id = o.conversation_id WHERE o.message_id IS NOT NULL ORDER BY o.id`,
    );
    this.processed = db.prepare('SELECT 1 FROM inbox WHERE event_id = ? AND processed_at IS NOT NULL');
    this.storedInbound = db.prepare(`SELECT 1 FROM messages WHERE direction = 'in' AND platform_message_id = ?`);
    this.unfinished = db.prepare(
      `SELECT (SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL) + (SELECT COUNT(*) FROM outbox WHERE status <> 'sent') AS n`,
    );
    this.unsent = db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status <> 'sent'`);
  }

  /** Every outgoing message the bot or staff wrote, with its recipient, in outbox order. */
  writtenReplies(): Promise<WrittenReply[]> {
    return Promise.resolve(this.replies.all() as WrittenReply[]);
  }

  /** True when the inbox processed this platform event and the transcript holds it. */
  isProcessedAndStored(eventId: string): Promise<boolean> {
    return Promise.resolve(this.processed.get(eventId) !== undefined && this.storedInbound.get(eventId) !== undefined);
  }

  /** Inbox events not yet processed plus outbox messages not yet sent. */
  countUnfinished(): Promise<number> {
    return Promise.resolve((this.unfinished.get() as { n: number }).n);
  }

  /** Outbox messages not sent. */
  countUnsent(): Promise<number> {
    return Promise.resolve((this.unsent.get() as { n: number }).n);
  }
}

/** BenchRepo on PostgreSQL (the cluster benchmark). */
export class PostgresBenchRepo implements BenchRepo {
  constructor(private readonly pool: PostgresPool) {}

  async writtenReplies(): Promise<WrittenReply[]> {
    const { rows } = await this.pool.query<WrittenReply>(
      `SELECT c.platform_conversation_id AS psid, (o.payload_json::json)->>'text' AS text FROM outbox o
       JOIN conversations c ON c.id = o.conversation_id WHERE o.message_id IS NOT NULL ORDER BY o.id`,
    );
    return rows;
  }

  async isProcessedAndStored(eventId: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM inbox i WHERE i.event_id = $1 AND i.processed_at IS NOT NULL
       AND EXISTS (SELECT 1 FROM messages m WHERE m.direction = 'in' AND m.platform_message_id = $1)`,
      [eventId],
    );
    return rows.length > 0;
  }

  async countUnfinished(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT (SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL) + (SELECT COUNT(*) FROM outbox WHERE status <> 'sent') AS n`,
    );
    return rows[0]?.n ?? 0;
  }

  async countUnsent(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE status <> 'sent'`);
    return rows[0]?.n ?? 0;
  }
}
