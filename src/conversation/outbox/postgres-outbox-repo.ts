import { addJob } from '../../store/postgres/job-queue';
import type { PostgresPool } from '../../store/postgres/postgres-pool';
import { outboxLaneJob } from '../lane-jobs';
import { toOutboxItem, UNDELIVERED, type OutboxEntry } from './outbox-repo';
import type { OutboxItem, OutboxRepo, OutboxRow } from './outbox-repo';

export const OUTBOX_COLUMNS = `id, dedupe_key, channel, conversation_id, message_id, payload_json, status, attempts, next_attempt_at, last_error,
  urgent, lane, created_at, failed_at, handled_at, handled_by`;

/** OutboxRepo on PostgreSQL. */
export class PostgresOutboxRepo implements OutboxRepo {
  constructor(private readonly pool: PostgresPool) {}

  /**
   * Returns the new row id, or undefined when the key was already enqueued. The recipient's lane
   * gets a job in the same transaction: the message is sent once the transaction that wrote it commits.
   */
  enqueue(input: OutboxEntry): Promise<number | undefined> {
    const write = async () => {
      const id = await this.insert(input);
      const lane = laneOf(input);
      const urgent = input.urgent === true;
      // One job per lane and priority per commit: it sends the lane from its head, every message this transaction queued on it included.
      if (id !== undefined && this.pool.firstInTransaction(`outbox:${urgent ? 'urgent' : 'ordinary'}:${lane}`)) {
        await addJob(this.pool.current(), outboxLaneJob(lane, urgent));
      }
      return id;
    };
    // Inside a turn's transaction already (the usual case): no savepoint needed.
    return this.pool.inTransaction ? write() : this.pool.withTransaction(write);
  }

  private async insert(input: OutboxEntry): Promise<number | undefined> {
    const lane = laneOf(input);
    const { rows } = await this.pool.query<{ id: number }>(
      `INSERT INTO outbox (dedupe_key, channel, conversation_id, message_id, payload_json, status, next_attempt_at, created_at, urgent, lane)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6, $7, $8) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [
        input.dedupeKey,
        input.channel,
        input.conversationId,
        input.messageId,
        JSON.stringify(input.payload),
        input.at,
        input.urgent ? 1 : 0,
        lane,
      ],
    );
    return rows[0]?.id;
  }

  async get(id: number): Promise<OutboxItem | undefined> {
    const { rows } = await this.pool.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE id = $1`, [id]);
    return rows[0] && toOutboxItem(rows[0]);
  }

  async findByKey(dedupeKey: string): Promise<OutboxItem | undefined> {
    const { rows } = await this.pool.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE dedupe_key = $1`, [dedupeKey]);
    return rows[0] && toOutboxItem(rows[0]);
  }

  /**
   * Leases up to `limit` due items of one channel: urgent first, then oldest, and only the head of
   * each recipient's lane (a lane's next item waits until the one before is sent or given up). A
   * failed item inside the retry horizon still heads its lane, so nothing overtakes it. Items this
   * process has in flight (`inFlight` ids) are never claimed again, even when the clock has passed
   * their lease (a clock step, a suspended machine): a lease only frees what a stopped run left.
   * One statement: rows another instance is claiming at the same moment are locked and skipped, so
   * no item is sent by two instances; the lane rule still sees them, so nothing overtakes them.
   * A failed item that is tried again keeps its failed mark until it is delivered.
   */
  async claimDue(
    channel: string,
    now: number,
    limit: number,
    leaseMs: number,
    horizonStart: number,
    inFlight: readonly number[] = [],
  ): Promise<OutboxItem[]> {
    const { rows } = await this.pool.query<OutboxRow>(
      `WITH claimed AS (
         UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_until = $3 WHERE id IN (
           SELECT id FROM outbox o
           WHERE channel = $1 AND status IN ('pending', 'sending', 'failed') AND next_attempt_at <= $2
             AND (status = 'pending' OR (status = 'sending' AND claimed_until <= $2 AND NOT (id = ANY ($6::bigint[])))
                  OR (status = 'failed' AND handled_at IS NULL AND created_at > $5))
             AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.lane = o.lane AND p.id < o.id
                  AND p.status IN ('pending', 'sending', 'failed') AND (p.status <> 'failed' OR (p.handled_at IS NULL AND p.created_at > $5)))
           ORDER BY urgent DESC, id LIMIT $4
           FOR UPDATE SKIP LOCKED)
         RETURNING ${OUTBOX_COLUMNS})
       SELECT ${OUTBOX_COLUMNS} FROM claimed ORDER BY urgent DESC, id`,
      [channel, now, now + leaseMs, limit, horizonStart, [...inFlight]],
    );
    return rows.map(toOutboxItem);
  }

  /** The earliest time an unsent item (or a lease) comes due; undefined when nothing waits. */
  async nextDueAt(horizonStart = 0): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ at: number | null }>(
      `SELECT MIN(CASE WHEN status = 'sending' THEN claimed_until ELSE next_attempt_at END) AS at FROM outbox
       WHERE status IN ('pending', 'sending') OR (status = 'failed' AND handled_at IS NULL AND created_at > $1)`,
      [horizonStart],
    );
    return rows[0]?.at ?? undefined;
  }

  /** The channel is healthy again: everything waiting out a backoff on it is due now (and its lanes are nudged). */
  retryChannelNow(channel: string, now: number, horizonStart: number): Promise<number> {
    return this.pool.withTransaction(async (tx) => {
      const { rows } = await tx.query<{ lane: string; urgent: number }>(
        `UPDATE outbox SET next_attempt_at = $2 WHERE channel = $1 AND next_attempt_at > $2
         AND (status = 'pending' OR (status = 'failed' AND handled_at IS NULL AND created_at > $3)) RETURNING lane, urgent`,
        [channel, now, horizonStart],
      );
      await this.nudge(rows);
      return rows.length;
    });
  }

  /** One job per lane named, at the priority of its most urgent row. */
  private async nudge(rows: ReadonlyArray<{ lane: string; urgent: number }>): Promise<void> {
    const lanes = new Map<string, boolean>();
    for (const row of rows) lanes.set(row.lane, (lanes.get(row.lane) ?? false) || row.urgent === 1);
    for (const [lane, urgent] of lanes) await addJob(this.pool.current(), outboxLaneJob(lane, urgent));
  }

  /**
   * The head of one recipient's lane: its oldest message still to send (a failed one inside the
   * horizon still heads it), and when it is due. The job queue runs one job per lane at a time, so
   * a head left in 'sending' is one an instance that stopped was sending: it is sent again.
   */
  async laneHead(lane: string, horizonStart: number): Promise<{ item: OutboxItem; dueAt: number } | undefined> {
    const { rows } = await this.pool.query<OutboxRow>(
      `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE lane = $1 AND status IN ('pending', 'sending', 'failed')
       AND (status <> 'failed' OR (handled_at IS NULL AND created_at > $2)) ORDER BY id LIMIT 1`,
      [lane, horizonStart],
    );
    const row = rows[0];
    return row && { item: toOutboxItem(row), dueAt: row.status === 'sending' ? 0 : row.next_attempt_at };
  }

  /** Marks a lane's head as being sent (one more try); the lease only tells staff views it is in flight. */
  async startSending(id: number, now: number, leaseMs: number): Promise<OutboxItem | undefined> {
    const { rows } = await this.pool.query<OutboxRow>(
      `UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_until = $2 WHERE id = $1 RETURNING ${OUTBOX_COLUMNS}`,
      [id, now + leaseMs],
    );
    return rows[0] && toOutboxItem(rows[0]);
  }

  /** True while a message is being sent or is due to be (tests and tools waiting for the queue to settle). */
  async busy(now: number, horizonStart: number): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM outbox WHERE status = 'sending'
       OR ((status = 'pending' OR (status = 'failed' AND handled_at IS NULL AND created_at > $2)) AND next_attempt_at <= $1) LIMIT 1`,
      [now, horizonStart],
    );
    return rows.length > 0;
  }

  /** Every lane with messages still to send (the job queue's start-up sweep). */
  async openLanes(horizonStart: number): Promise<Array<{ lane: string; urgent: boolean }>> {
    const { rows } = await this.pool.query<{ lane: string; urgent: number }>(
      `SELECT lane, MAX(urgent) AS urgent FROM outbox WHERE status IN ('pending', 'sending')
       OR (status = 'failed' AND handled_at IS NULL AND created_at > $1) GROUP BY lane`,
      [horizonStart],
    );
    return rows.map((r) => ({ lane: r.lane, urgent: r.urgent === 1 }));
  }

  /** A rate limit: the try does not count, and the item waits for the channel's pause to end. */
  async deferUncounted(id: number, until: number, reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE outbox SET status = CASE WHEN failed_at IS NULL THEN 'pending' ELSE 'failed' END, attempts = GREATEST(attempts - 1, 0),
       next_attempt_at = $1, last_error = $2, claimed_until = NULL WHERE id = $3`,
      [until, reason, id],
    );
  }

  /** Out of tries: shown to staff as undelivered, and tried again at `nextProbeAt` while inside the horizon. */
  async markFailed(id: number, at: number, nextProbeAt: number, reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE outbox SET status = 'failed', failed_at = COALESCE(failed_at, $1), next_attempt_at = $2, last_error = $3, claimed_until = NULL WHERE id = $4`,
      [at, nextProbeAt, reason, id],
    );
  }

  /** Staff send an undelivered reply again: fresh tries, due now. */
  async resend(id: number, now: number): Promise<void> {
    await this.pool.withTransaction(async (tx) => {
      const { rows } = await tx.query<{ lane: string; urgent: number }>(
        `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1, failed_at = NULL, handled_at = NULL, handled_by = NULL, claimed_until = NULL
         WHERE id = $2 RETURNING lane, urgent`,
        [now, id],
      );
      await this.nudge(rows);
    });
  }

  /** Staff dealt with an undelivered reply another way (a phone call): no more retries. */
  async markHandled(id: number, at: number, actor: string): Promise<void> {
    await this.pool.query('UPDATE outbox SET handled_at = $1, handled_by = $2 WHERE id = $3', [at, actor, id]);
  }

  /**
   * Every reply that did not reach the patient and that staff have not dealt with, oldest first. A
   * failed reply being tried again (in flight, `failed_at` set) is still one: it stays listed until
   * it is delivered, rather than leaving the list for the length of every try.
   */
  async undelivered(limit = 500): Promise<OutboxItem[]> {
    const { rows } = await this.pool.query<OutboxRow>(
      `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE ${UNDELIVERED} AND handled_at IS NULL AND message_id IS NOT NULL ORDER BY id LIMIT $1`,
      [limit],
    );
    return rows.map(toOutboxItem);
  }

  /** True while a reply to this conversation waits to be sent (queued, in flight or retrying). */
  async hasUnsent(conversationId: number): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT 1 FROM outbox WHERE conversation_id = $1 AND status IN ('pending', 'sending') LIMIT 1`, [
      conversationId,
    ]);
    return rows.length > 0;
  }

  async undeliveredFor(conversationId: number): Promise<OutboxItem[]> {
    const { rows } = await this.pool.query<OutboxRow>(
      `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE conversation_id = $1 AND ${UNDELIVERED} AND handled_at IS NULL AND message_id IS NOT NULL ORDER BY id`,
      [conversationId],
    );
    return rows.map(toOutboxItem);
  }

  /** One statement, so one round trip and its own commit. */
  async markDelivered(
    item: Pick<OutboxItem, 'id' | 'messageId' | 'conversationId'>,
    at: number,
    platformMessageId: string | undefined,
  ): Promise<void> {
    await this.pool.query(
      `WITH sent AS (
         UPDATE outbox SET status = 'sent', sent_at = $1, platform_message_id = $2, last_error = NULL, claimed_until = NULL WHERE id = $3),
       shown AS (UPDATE messages SET status = 'sent' WHERE id = $4)
       UPDATE conversations SET last_outbound_at = $1 WHERE id = $5`,
      [at, platformMessageId ?? null, item.id, item.messageId, item.conversationId],
    );
  }

  async markSent(id: number, at: number, platformMessageId: string | undefined): Promise<void> {
    await this.pool.query(
      `UPDATE outbox SET status = 'sent', sent_at = $1, platform_message_id = $2, last_error = NULL, claimed_until = NULL WHERE id = $3`,
      [at, platformMessageId ?? null, id],
    );
  }

  async reschedule(id: number, nextAttemptAt: number, reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE outbox SET status = CASE WHEN failed_at IS NULL THEN 'pending' ELSE 'failed' END, next_attempt_at = $1, last_error = $2, claimed_until = NULL WHERE id = $3`,
      [nextAttemptAt, reason, id],
    );
  }

  /** A permanent error: never retried, shown to staff until handled or resent. */
  async markUndeliverable(id: number, at: number, reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE outbox SET status = 'undeliverable', failed_at = $1, last_error = $2, claimed_until = NULL WHERE id = $3`,
      [at, reason, id],
    );
  }

  /**
   * After a crash, rows left in `sending` may or may not have reached the platform. We send them again
   * (at-least-once): losing an emergency reply is worse than a rare duplicate.
   */
  async requeueInterrupted(now: number): Promise<number> {
    const result = await this.pool.query(
      `UPDATE outbox SET status = CASE WHEN failed_at IS NULL THEN 'pending' ELSE 'failed' END, next_attempt_at = $1, claimed_until = NULL WHERE status = 'sending'`,
      [now],
    );
    return result.rowCount ?? 0;
  }
}

function laneOf(input: OutboxEntry): string {
  return input.lane ?? `${input.channel}:${input.conversationId}`;
}
