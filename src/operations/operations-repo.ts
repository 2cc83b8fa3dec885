import type { Db } from '../store/open-database';
import type { SqliteConnection } from '../store/sqlite-connection';

/** The two queues whose depths are read. */
export type Queue = 'inbox' | 'outbox';

/** One queue's waiting items on one channel at one priority. */
export interface QueueDepth {
  channel: string;
  priority: string;
  n: number;
  /** When the oldest of them was stored. */
  oldest: number;
}

/** Messages on one channel that failed at least once and are still waiting. */
export interface WaitingFailures {
  channel: string;
  /** When the oldest of them was queued. */
  since: number;
  failing: number;
  /** The lowest conversation id among them. */
  conversationId: number;
  /** The latest error among the channel's waiting messages. */
  lastError: string | null;
  /** The channel's latest delivery, or null when it never delivered. */
  lastSent: number | null;
}

/** A patient's wait for the first delivered reply to their message. */
export interface FirstReplyWait {
  /** Who wrote the reply (bot or staff). */
  author: string;
  /** When the inbox stored the patient's message. */
  receivedAt: number;
}

/**
 * For an outgoing message just delivered: who wrote it and when the inbox stored the patient
 * message it answers (the latest inbound one before it, on `channel`) — only when no other reply
 * to that message was delivered before it. One statement, the same on both stores (`p` names the n-th parameter).
 */
export const FIRST_REPLY_WAIT_SQL = (p: (n: number) => string) => `
  SELECT m.author, r.received_at
  FROM messages m
  JOIN messages i ON i.id = (
    SELECT MAX(id) FROM messages q WHERE q.conversation_id = m.conversation_id AND q.direction = 'in' AND q.id < m.id)
  JOIN inbox r ON r.channel = ${p(2)} AND r.event_id = i.platform_message_id
  WHERE m.id = ${p(1)}
    AND NOT EXISTS (
      SELECT 1 FROM messages s WHERE s.conversation_id = m.conversation_id AND s.direction = 'out'
        AND s.id > i.id AND s.id <> m.id AND s.status = 'sent')`;

export const toFirstReplyWait = (row: { author: string; received_at: number }): FirstReplyWait => ({
  author: row.author,
  receivedAt: row.received_at,
});

/** A row of the waiting-failures query, as both stores return it. */
export interface WaitingFailuresRow {
  channel: string;
  since: number;
  failing: number;
  conversation_id: number;
  last_error: string | null;
  last_sent: number | null;
}

export const toWaitingFailures = (r: WaitingFailuresRow): WaitingFailures => ({
  channel: r.channel,
  since: r.since,
  failing: r.failing,
  conversationId: r.conversation_id,
  lastError: r.last_error,
  lastSent: r.last_sent,
});

/** What the health checks and the metrics read from the store, and the readiness heartbeat. */
export interface OperationsRepo {
  /** The patient's wait `messageId` ended, when it is the first delivered reply to their message (see FIRST_REPLY_WAIT_SQL). */
  firstReplyWait(messageId: number, channel: string): Promise<FirstReplyWait | undefined>;
  /** Per channel, the waiting messages queued by `now` that failed at least once. */
  waitingFailuresByChannel(now: number): Promise<WaitingFailures[]>;
  /** Writes the one-row heartbeat; throws when the database takes no write. */
  writeHeartbeat(at: number): Promise<void>;
  /** When the longest-due outbox item waiting to be delivered became due, or null when none is due by `now`. */
  oldestDueAt(now: number): Promise<number | null>;
  /** Unprocessed inbox events, by channel and priority. */
  inboxDepths(): Promise<QueueDepth[]>;
  /** Messages waiting to be delivered (pending or being sent), by channel and priority. */
  outboxDepths(): Promise<QueueDepth[]>;
  countAudited(action: string): Promise<number>;
}

/** OperationsRepo on SQLite. */
export class SqliteOperationsRepo implements OperationsRepo {
  /** The schema is fixed once the database is open, so each queue's priority source is read once. */
  private readonly priorities = new Map<Queue, string>();

  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  firstReplyWait(messageId: number, channel: string): Promise<FirstReplyWait | undefined> {
    return this.sql.run(() => {
      const row = this.db.prepare(FIRST_REPLY_WAIT_SQL((n) => `@p${n}`)).get({ p1: messageId, p2: channel }) as
        { author: string; received_at: number } | undefined;
      return row && toFirstReplyWait(row);
    });
  }

  /** Per channel, the waiting messages queued by `now` that failed at least once. */
  waitingFailuresByChannel(now: number): Promise<WaitingFailures[]> {
    return this.sql.run(() => {
      const rows = this.db
        .prepare(
          `SELECT channel, MIN(created_at) AS since, COUNT(*) AS failing, MIN(conversation_id) AS conversation_id,
              (SELECT last_error FROM outbox l WHERE l.channel = o.channel AND l.status IN ('pending', 'sending') AND l.last_error IS NOT NULL ORDER BY l.id DESC LIMIT 1) AS last_error,
              (SELECT MAX(sent_at) FROM outbox s WHERE s.channel = o.channel AND s.status = 'sent') AS last_sent
       FROM outbox o WHERE status IN ('pending', 'sending') AND last_error IS NOT NULL AND created_at <= ?
       GROUP BY channel`,
        )
        .all(now) as WaitingFailuresRow[];
      return rows.map(toWaitingFailures);
    });
  }

  /** Writes the one-row heartbeat; throws when the database takes no write. */
  writeHeartbeat(at: number): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('INSERT INTO heartbeat (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at').run(at);
    });
  }

  /** When the longest-due outbox item waiting to be delivered became due, or null when none is due by `now`. */
  oldestDueAt(now: number): Promise<number | null> {
    return this.sql.run(() => {
      const row = this.db
        .prepare(`SELECT MIN(next_attempt_at) AS at FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?`)
        .get(now) as { at: number | null };
      return row.at;
    });
  }

  /** Unprocessed inbox events, by channel and priority. */
  inboxDepths(): Promise<QueueDepth[]> {
    return this.sql.run(() => {
      return this.db
        .prepare(
          `SELECT channel, ${this.priorityExpression('inbox')} AS priority, COUNT(*) AS n, MIN(received_at) AS oldest FROM inbox WHERE processed_at IS NULL GROUP BY 1, 2`,
        )
        .all() as QueueDepth[];
    });
  }

  /** Messages waiting to be delivered (pending or being sent), by channel and priority. */
  outboxDepths(): Promise<QueueDepth[]> {
    return this.sql.run(() => {
      return this.db
        .prepare(
          `SELECT channel, ${this.priorityExpression('outbox')} AS priority, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE status IN ('pending', 'sending') GROUP BY 1, 2`,
        )
        .all() as QueueDepth[];
    });
  }

  countAudited(action: string): Promise<number> {
    return this.sql.run(() => {
      return (this.db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE action = ?').get(action) as { n: number }).n;
    });
  }

  /**
   * Where a queue row's priority comes from: a `priority` or `urgent` column when the schema has one,
   * otherwise every row is `normal`.
   */
  private priorityExpression(table: Queue): string {
    let expression = this.priorities.get(table);
    if (expression === undefined) {
      const columns = new Set((this.db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name));
      if (columns.has('priority')) expression = 'CAST(priority AS TEXT)';
      else if (columns.has('urgent')) expression = "CASE WHEN urgent THEN 'urgent' ELSE 'normal' END";
      else expression = "'normal'";
      this.priorities.set(table, expression);
    }
    return expression;
  }
}
