import type Database from 'better-sqlite3';
import type { Db } from '../../store/open-database';

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
