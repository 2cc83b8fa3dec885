import type { Db } from '../../store/open-database';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'undeliverable' | 'failed';

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
}

interface Row {
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
}

function toItem(row: Row): OutboxItem {
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
  };
}

/**
 * Messages waiting to leave. `dedupe_key` makes enqueueing idempotent: a turn replayed after a crash
 * enqueues the same keys and so sends nothing twice.
 */
export class OutboxRepo {
  constructor(private readonly db: Db) {}

  /** Returns the new row id, or undefined when the key was already enqueued. */
  enqueue(input: {
    dedupeKey: string;
    channel: string;
    conversationId: number;
    messageId: number | null;
    payload: Record<string, unknown>;
    at: number;
  }): number | undefined {
    const result = this.db
      .prepare(
        `INSERT INTO outbox (dedupe_key, channel, conversation_id, message_id, payload_json, status, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
      )
      .run(input.dedupeKey, input.channel, input.conversationId, input.messageId, JSON.stringify(input.payload), input.at, input.at);
    return result.changes === 1 ? Number(result.lastInsertRowid) : undefined;
  }

  get(id: number): OutboxItem | undefined {
    const row = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
    return row && toItem(row);
  }

  findByKey(dedupeKey: string): OutboxItem | undefined {
    const row = this.db.prepare('SELECT * FROM outbox WHERE dedupe_key = ?').get(dedupeKey) as Row | undefined;
    return row && toItem(row);
  }

  /** Atomically moves due rows to `sending` and returns them, oldest first. */
  claimDue(now: number, limit: number): OutboxItem[] {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(`SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`)
        .all(now, limit) as Row[];
      const mark = this.db.prepare(`UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?`);
      for (const row of rows) mark.run(row.id);
      return rows.map((row) => toItem({ ...row, status: 'sending', attempts: row.attempts + 1 }));
    })();
  }

  nextDueAt(): number | undefined {
    const row = this.db.prepare(`SELECT MIN(next_attempt_at) AS at FROM outbox WHERE status = 'pending'`).get() as { at: number | null };
    return row.at ?? undefined;
  }

  markSent(id: number, at: number, platformMessageId: string | undefined): void {
    this.db
      .prepare(`UPDATE outbox SET status = 'sent', sent_at = ?, platform_message_id = ?, last_error = NULL WHERE id = ?`)
      .run(at, platformMessageId ?? null, id);
  }

  reschedule(id: number, nextAttemptAt: number, reason: string): void {
    this.db.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ?`).run(nextAttemptAt, reason, id);
  }

  markFinal(id: number, status: 'undeliverable' | 'failed', reason: string): void {
    this.db.prepare('UPDATE outbox SET status = ?, last_error = ? WHERE id = ?').run(status, reason, id);
  }

  /**
   * After a crash, rows left in `sending` may or may not have reached the platform. We send them again
   * (at-least-once): losing an emergency reply is worse than a rare duplicate.
   */
  requeueInterrupted(now: number): number {
    return this.db.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE status = 'sending'`).run(now).changes;
  }
}
