import type { Db } from '../../store/open-database';
import type { SqliteConnection } from '../../store/sqlite-connection';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'undeliverable' | 'failed';

/** Out of tries or refused for good, including a failed reply in flight for another try. */
export const UNDELIVERED = `status IN ('failed', 'undeliverable', 'sending') AND (status <> 'sending' OR failed_at IS NOT NULL)`;

export interface OutboxItem {
  id: number;
  dedupeKey: string;
  channel: string;
  conversationId: number;
  messageId: number | null;
  payload: Record<string, unknown>;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  /** An emergency reply: sent before anything else. */
  urgent: boolean;
  /** One recipient: a lane's items are sent strictly in id order. */
  lane: string;
  createdAt: number;
  /** When the item used up its tries (it is still retried while the channel recovers within the horizon). */
  failedAt: number | null;
  /** Staff dealt with an undelivered reply another way; it is no longer retried or shown. */
  handledAt: number | null;
  handledBy: string | null;
}

/** A row of `outbox` (the columns both stores read). */
export interface OutboxRow {
  id: number;
  dedupe_key: string;
  channel: string;
  conversation_id: number;
  message_id: number | null;
  payload_json: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  urgent: number;
  lane: string | null;
  created_at: number;
  failed_at: number | null;
  handled_at: number | null;
  handled_by: string | null;
}

export function toOutboxItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    dedupeKey: row.dedupe_key,
    channel: row.channel,
    conversationId: row.conversation_id,
    messageId: row.message_id,
    payload: JSON.parse(row.payload_json) as Record<string, unknown>,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    urgent: row.urgent === 1,
    lane: row.lane ?? `${row.channel}:${row.conversation_id}`,
    createdAt: row.created_at,
    failedAt: row.failed_at,
    handledAt: row.handled_at,
    handledBy: row.handled_by,
  };
}

/** One item for the outbox to deliver. */
export interface OutboxEntry {
  dedupeKey: string;
  channel: string;
  conversationId: number;
  messageId: number | null;
  payload: Record<string, unknown>;
  at: number;
  urgent?: boolean;
  /** The recipient's lane; by default the conversation's, on this channel. */
  lane?: string;
}

/**
 * Messages waiting to leave. `dedupe_key` makes enqueueing idempotent: a turn replayed after a crash
 * enqueues the same keys and so sends nothing twice.
 */
export interface OutboxRepo {
  /** Returns the new row id, or undefined when the key was already enqueued. */
  enqueue(input: OutboxEntry): Promise<number | undefined>;
  get(id: number): Promise<OutboxItem | undefined>;
  findByKey(dedupeKey: string): Promise<OutboxItem | undefined>;
  /**
   * Leases up to `limit` due items of one channel: urgent first, then oldest, and only the head of
   * each recipient's lane (a lane's next item waits until the one before is sent or given up). A
   * failed item inside the retry horizon still heads its lane, so nothing overtakes it. Items this
   * process has in flight (`inFlight` ids) are never claimed again, even when the clock has passed
   * their lease (a clock step, a suspended machine): a lease only frees what a stopped run left.
   */
  claimDue(
    channel: string,
    now: number,
    limit: number,
    leaseMs: number,
    horizonStart: number,
    inFlight?: readonly number[],
  ): Promise<OutboxItem[]>;
  /** The earliest time an unsent item (or a lease) comes due; undefined when nothing waits. */
  nextDueAt(horizonStart?: number): Promise<number | undefined>;
  /** The channel is healthy again: everything waiting out a backoff on it is due now. */
  retryChannelNow(channel: string, now: number, horizonStart: number): Promise<number>;
  /** A rate limit: the try does not count, and the item waits for the channel's pause to end. */
  deferUncounted(id: number, until: number, reason: string): Promise<void>;
  /** Out of tries: shown to staff as undelivered, and tried again at `nextProbeAt` while inside the horizon. */
  markFailed(id: number, at: number, nextProbeAt: number, reason: string): Promise<void>;
  /** Staff send an undelivered reply again: fresh tries, due now. */
  resend(id: number, now: number): Promise<void>;
  /** Staff dealt with an undelivered reply another way (a phone call): no more retries. */
  markHandled(id: number, at: number, actor: string): Promise<void>;
  /**
   * Every reply that did not reach the patient and that staff have not dealt with, oldest first. A
   * failed reply being tried again (in flight, `failed_at` set) is still one: it stays listed until
   * it is delivered, rather than leaving the list for the length of every try.
   */
  undelivered(limit?: number): Promise<OutboxItem[]>;
  /** True while a reply to this conversation waits to be sent (queued, in flight or retrying). */
  hasUnsent(conversationId: number): Promise<boolean>;
  undeliveredFor(conversationId: number): Promise<OutboxItem[]>;
  markSent(id: number, at: number, platformMessageId: string | undefined): Promise<void>;
  /**
   * The item reached the patient: the row is sent, its transcript message shows as sent and the
   * conversation's last outbound time moves, all in one commit.
   */
  markDelivered(
    item: Pick<OutboxItem, 'id' | 'messageId' | 'conversationId'>,
    at: number,
    platformMessageId: string | undefined,
  ): Promise<void>;
  reschedule(id: number, nextAttemptAt: number, reason: string): Promise<void>;
  /** A permanent error: never retried, shown to staff until handled or resent. */
  markUndeliverable(id: number, at: number, reason: string): Promise<void>;
  /**
   * After a crash, rows left in `sending` may or may not have reached the platform. We send them again
   * (at-least-once): losing an emergency reply is worse than a rare duplicate.
   */
  requeueInterrupted(now: number): Promise<number>;
}

/** OutboxRepo on SQLite. */
export class SqliteOutboxRepo implements OutboxRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  /** Returns the new row id, or undefined when the key was already enqueued. */
  enqueue(input: OutboxEntry): Promise<number | undefined> {
    return this.sql.run(() => {
      const lane = input.lane ?? `${input.channel}:${input.conversationId}`;
      const result = this.db
        .prepare(
          `INSERT INTO outbox (dedupe_key, channel, conversation_id, message_id, payload_json, status, next_attempt_at, created_at, urgent, lane)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
        )
        .run(
          input.dedupeKey,
          input.channel,
          input.conversationId,
          input.messageId,
          JSON.stringify(input.payload),
          input.at,
          input.at,
          input.urgent ? 1 : 0,
          lane,
        );
      return result.changes === 1 ? Number(result.lastInsertRowid) : undefined;
    });
  }

  get(id: number): Promise<OutboxItem | undefined> {
    return this.sql.run(() => {
      const row = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
      return row && toOutboxItem(row);
    });
  }

  findByKey(dedupeKey: string): Promise<OutboxItem | undefined> {
    return this.sql.run(() => {
      const row = this.db.prepare('SELECT * FROM outbox WHERE dedupe_key = ?').get(dedupeKey) as OutboxRow | undefined;
      return row && toOutboxItem(row);
    });
  }

  /**
   * Leases up to `limit` due items of one channel: urgent first, then oldest, and only the head of
   * each recipient's lane (a lane's next item waits until the one before is sent or given up). A
   * failed item inside the retry horizon still heads its lane, so nothing overtakes it. Items this
   * process has in flight (`inFlight` ids) are never claimed again, even when the clock has passed
   * their lease (a clock step, a suspended machine): a lease only frees what a stopped run left.
   */
  claimDue(
    channel: string,
    now: number,
    limit: number,
    leaseMs: number,
    horizonStart: number,
    inFlight: readonly number[] = [],
  ): Promise<OutboxItem[]> {
    return this.sql.run(() => {
      return this.db.transaction(() => {
        const rows = this.db
          .prepare(
            `SELECT * FROM outbox o
           WHERE channel = @channel AND status IN ('pending', 'sending', 'failed') AND next_attempt_at <= @now
             AND (status = 'pending' OR (status = 'sending' AND claimed_until <= @now AND id NOT IN (SELECT value FROM json_each(@inFlight)))
                  OR (status = 'failed' AND handled_at IS NULL AND created_at > @horizon))
             AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.lane = o.lane AND p.id < o.id
                  AND p.status IN ('pending', 'sending', 'failed') AND (p.status <> 'failed' OR (p.handled_at IS NULL AND p.created_at > @horizon)))
           ORDER BY urgent DESC, id LIMIT @limit`,
          )
          .all({ channel, now, limit, horizon: horizonStart, inFlight: JSON.stringify(inFlight) }) as OutboxRow[];
        const mark = this.db.prepare(`UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_until = ? WHERE id = ?`);
        for (const row of rows) mark.run(now + leaseMs, row.id);
        // A failed item that is tried again keeps its failed mark until it is delivered.
        return rows.map((row) => toOutboxItem({ ...row, status: 'sending', attempts: row.attempts + 1 }));
      })();
    });
  }

  /** The earliest time an unsent item (or a lease) comes due; undefined when nothing waits. */
  nextDueAt(horizonStart = 0): Promise<number | undefined> {
    return this.sql.run(() => {
      const row = this.db
        .prepare(
          `SELECT MIN(CASE WHEN status = 'sending' THEN claimed_until ELSE next_attempt_at END) AS at FROM outbox
         WHERE status IN ('pending', 'sending') OR (status = 'failed' AND handled_at IS NULL AND created_at > ?)`,
        )
        .get(horizonStart) as { at: number | null };
      return row.at ?? undefined;
    });
  }

  /** The channel is healthy again: everything waiting out a backoff on it is due now. */
  retryChannelNow(channel: string, now: number, horizonStart: number): Promise<number> {
    return this.sql.run(() => {
      return this.db
        .prepare(
          `UPDATE outbox SET next_attempt_at = @now WHERE channel = @channel AND next_attempt_at > @now
           AND (status = 'pending' OR (status = 'failed' AND handled_at IS NULL AND created_at > @horizon))`,
        )
        .run({ channel, now, horizon: horizonStart }).changes;
    });
  }

  /** A rate limit: the try does not count, and the item waits for the channel's pause to end. */
  deferUncounted(id: number, until: number, reason: string): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare(
          `UPDATE outbox SET status = CASE WHEN failed_at IS NULL THEN 'pending' ELSE 'failed' END, attempts = MAX(attempts - 1, 0), next_attempt_at = ?, last_error = ?, claimed_until = NULL WHERE id = ?`,
        )
        .run(until, reason, id);
    });
  }

  /** Out of tries: shown to staff as undelivered, and tried again at `nextProbeAt` while inside the horizon. */
  markFailed(id: number, at: number, nextProbeAt: number, reason: string): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare(
          `UPDATE outbox SET status = 'failed', failed_at = COALESCE(failed_at, ?), next_attempt_at = ?, last_error = ?, claimed_until = NULL WHERE id = ?`,
        )
        .run(at, nextProbeAt, reason, id);
    });
  }

  /** Staff send an undelivered reply again: fresh tries, due now. */
  resend(id: number, now: number): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare(
          `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, failed_at = NULL, handled_at = NULL, handled_by = NULL, claimed_until = NULL WHERE id = ?`,
        )
        .run(now, id);
    });
  }

  /** Staff dealt with an undelivered reply another way (a phone call): no more retries. */
  markHandled(id: number, at: number, actor: string): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare(`UPDATE outbox SET handled_at = ?, handled_by = ? WHERE id = ?`).run(at, actor, id);
    });
  }

  /**
   * Every reply that did not reach the patient and that staff have not dealt with, oldest first. A
   * failed reply being tried again (in flight, `failed_at` set) is still one: it stays listed until
   * it is delivered, rather than leaving the list for the length of every try.
   */
  undelivered(limit = 500): Promise<OutboxItem[]> {
    return this.sql.run(() => {
      const rows = this.db
        .prepare(`SELECT * FROM outbox WHERE ${UNDELIVERED} AND handled_at IS NULL AND message_id IS NOT NULL ORDER BY id LIMIT ?`)
        .all(limit) as OutboxRow[];
      return rows.map(toOutboxItem);
    });
  }

  /** True while a reply to this conversation waits to be sent (queued, in flight or retrying). */
  hasUnsent(conversationId: number): Promise<boolean> {
    return this.sql.run(() => {
      return (
        this.db
          .prepare(`SELECT 1 FROM outbox WHERE conversation_id = ? AND status IN ('pending', 'sending') LIMIT 1`)
          .get(conversationId) !== undefined
      );
    });
  }

  undeliveredFor(conversationId: number): Promise<OutboxItem[]> {
    return this.sql.run(() => {
      const rows = this.db
        .prepare(
          `SELECT * FROM outbox WHERE conversation_id = ? AND ${UNDELIVERED} AND handled_at IS NULL AND message_id IS NOT NULL ORDER BY id`,
        )
        .all(conversationId) as OutboxRow[];
      return rows.map(toOutboxItem);
    });
  }

  markDelivered(
    item: Pick<OutboxItem, 'id' | 'messageId' | 'conversationId'>,
    at: number,
    platformMessageId: string | undefined,
  ): Promise<void> {
    // Results arriving together share one commit (a write per delivery would bound the send rate).
    return this.sql.batched(() =>
      this.sql.run(() => {
        this.db.transaction(() => {
          this.db
            .prepare(
              `UPDATE outbox SET status = 'sent', sent_at = ?, platform_message_id = ?, last_error = NULL, claimed_until = NULL WHERE id = ?`,
            )
            .run(at, platformMessageId ?? null, item.id);
          if (item.messageId !== null) this.db.prepare(`UPDATE messages SET status = 'sent' WHERE id = ?`).run(item.messageId);
          this.db.prepare('UPDATE conversations SET last_outbound_at = ? WHERE id = ?').run(at, item.conversationId);
        })();
      }),
    );
  }

  markSent(id: number, at: number, platformMessageId: string | undefined): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare(
          `UPDATE outbox SET status = 'sent', sent_at = ?, platform_message_id = ?, last_error = NULL, claimed_until = NULL WHERE id = ?`,
        )
        .run(at, platformMessageId ?? null, id);
    });
  }

  reschedule(id: number, nextAttemptAt: number, reason: string): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare(
          `UPDATE outbox SET status = CASE WHEN failed_at IS NULL THEN 'pending' ELSE 'failed' END, next_attempt_at = ?, last_error = ?, claimed_until = NULL WHERE id = ?`,
        )
        .run(nextAttemptAt, reason, id);
    });
  }

  /** A permanent error: never retried, shown to staff until handled or resent. */
  markUndeliverable(id: number, at: number, reason: string): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare(`UPDATE outbox SET status = 'undeliverable', failed_at = ?, last_error = ?, claimed_until = NULL WHERE id = ?`)
        .run(at, reason, id);
    });
  }

  /**
   * After a crash, rows left in `sending` may or may not have reached the platform. We send them again
   * (at-least-once): losing an emergency reply is worse than a rare duplicate.
   */
  requeueInterrupted(now: number): Promise<number> {
    return this.sql.run(() => {
      return this.db
        .prepare(
          `UPDATE outbox SET status = CASE WHEN failed_at IS NULL THEN 'pending' ELSE 'failed' END, next_attempt_at = ?, claimed_until = NULL WHERE status = 'sending'`,
        )
        .run(now).changes;
    });
  }
}
