import { addJob, addJobCall } from '../../store/postgres/job-queue';
import type { PostgresPool } from '../../store/postgres/postgres-pool';
import { inboxLaneJob, inboxLaneKey } from '../lane-jobs';
import { toInboxItem } from './inbox-repo';
import type { InboxEvent, InboxItem, InboxRepo, InboxRow } from './inbox-repo';

const COLUMNS = 'id, channel, event_id, payload_json, received_at, attempts, urgent, lane';

/** InboxRepo on PostgreSQL. */
export class PostgresInboxRepo implements InboxRepo {
  constructor(private readonly pool: PostgresPool) {}

  /**
   * Stores every event in one transaction; returns how many were new (duplicates are ignored). Each
   * new event's lane gets a job in the same transaction, so a stored event is always worked on.
   */
  async addAll(channel: string, events: readonly InboxEvent[], at: number): Promise<number> {
    const only = events.length === 1 ? events[0] : undefined;
    if (only?.lane !== undefined) {
      // The usual delivery, one message of one conversation: the row and its job in one statement.
      const lane = `${channel}:${only.lane}`;
      const job = addJobCall(inboxLaneJob(lane, only.urgent === true), 7);
      const { rows } = await this.pool.query(
        `WITH added AS (
           INSERT INTO inbox (channel, event_id, payload_json, received_at, urgent, lane) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT DO NOTHING RETURNING id)
         SELECT ${job.call} FROM added`,
        [channel, only.eventId, JSON.stringify(only.payload), at, only.urgent ? 1 : 0, lane, ...job.values],
      );
      return rows.length;
    }
    return this.pool.withTransaction(async (tx) => {
      let added = 0;
      for (const event of events) {
        const lane = event.lane === undefined ? null : `${channel}:${event.lane}`;
        const { rows } = await tx.query<{ id: number }>(
          'INSERT INTO inbox (channel, event_id, payload_json, received_at, urgent, lane) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id',
          [channel, event.eventId, JSON.stringify(event.payload), at, event.urgent ? 1 : 0, lane],
        );
        const row = rows[0];
        if (!row) continue;
        await addJob(tx, inboxLaneJob(inboxLaneKey(lane, row.id), event.urgent === true));
        added += 1;
      }
      return added;
    });
  }

  /**
   * The head of one lane: its oldest event still to run, and when it may run (a retry waits). The
   * job queue runs one job per lane at a time, so no lease is taken: the head is this job's alone.
   */
  async laneHead(lane: string, maxAttempts: number): Promise<{ item: InboxItem; dueAt: number } | undefined> {
    const single = /^#(\d+)$/.exec(lane);
    const { rows } = await this.pool.query<InboxRow & { claimed_until: number | null }>(
      single
        ? `SELECT ${COLUMNS}, claimed_until FROM inbox WHERE id = $1 AND processed_at IS NULL AND attempts < $2`
        : `SELECT ${COLUMNS}, claimed_until FROM inbox WHERE lane = $1 AND processed_at IS NULL AND attempts < $2 ORDER BY id LIMIT 1`,
      [single ? Number(single[1]) : lane, maxAttempts],
    );
    const row = rows[0];
    return row && { item: toInboxItem(row), dueAt: row.claimed_until ?? 0 };
  }

  /** Every lane with events still to run (the job queue's start-up sweep). */
  async openLanes(maxAttempts: number): Promise<Array<{ lane: string; urgent: boolean }>> {
    const { rows } = await this.pool.query<{ lane: string | null; id: number; urgent: number }>(
      `SELECT lane, MIN(id) AS id, MAX(urgent) AS urgent FROM inbox WHERE processed_at IS NULL AND attempts < $1
       GROUP BY lane, CASE WHEN lane IS NULL THEN id END`,
      [maxAttempts],
    );
    return rows.map((r) => ({ lane: inboxLaneKey(r.lane, r.id), urgent: r.urgent === 1 }));
  }

  /**
   * Leases up to `limit` events that may run now: urgent first, then oldest, and only the oldest
   * unfinished event of each conversation, so one conversation's events run strictly in order.
   * Events this process is running (`inFlight` ids) are never claimed again, even when the clock has
   * passed their lease (a clock step, a suspended machine): a lease only frees what a stopped run left.
   * One statement: rows another instance is claiming at the same moment are locked and skipped, so
   * no event is leased twice; the lane rule still sees them, so nothing of their lane overtakes them.
   */
  async claim(now: number, limit: number, maxAttempts: number, leaseMs: number, inFlight: readonly number[] = []): Promise<InboxItem[]> {
    const { rows } = await this.pool.query<InboxRow>(
      `WITH claimed AS (
         UPDATE inbox SET claimed_until = $2 WHERE id IN (
           SELECT id FROM inbox i
           WHERE processed_at IS NULL AND attempts < $3
             AND (claimed_until IS NULL OR (claimed_until <= $1 AND NOT (id = ANY ($5::bigint[]))))
             AND NOT EXISTS (SELECT 1 FROM inbox j WHERE j.lane = i.lane AND j.processed_at IS NULL AND j.attempts < $3 AND j.id < i.id)
           ORDER BY urgent DESC, id LIMIT $4
           FOR UPDATE SKIP LOCKED)
         RETURNING ${COLUMNS})
       SELECT ${COLUMNS} FROM claimed ORDER BY urgent DESC, id`,
      [now, now + leaseMs, maxAttempts, limit, [...inFlight]],
    );
    return rows.map(toInboxItem);
  }

  /** When the next event whose lease or retry wait runs out becomes claimable; undefined when none waits. */
  async nextLeaseEnd(maxAttempts: number): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ at: number | null }>(
      'SELECT MIN(claimed_until) AS at FROM inbox WHERE processed_at IS NULL AND attempts < $1 AND claimed_until IS NOT NULL',
      [maxAttempts],
    );
    return rows[0]?.at ?? undefined;
  }

  /** Start-up with one instance: leases held by a previous run are void at once. */
  async releaseLeases(): Promise<number> {
    const result = await this.pool.query('UPDATE inbox SET claimed_until = NULL WHERE processed_at IS NULL AND claimed_until IS NOT NULL');
    return result.rowCount ?? 0;
  }

  async pending(limit: number, maxAttempts: number): Promise<InboxItem[]> {
    const { rows } = await this.pool.query<InboxRow>(
      `SELECT ${COLUMNS} FROM inbox WHERE processed_at IS NULL AND attempts < $1 ORDER BY id LIMIT $2`,
      [maxAttempts, limit],
    );
    return rows.map(toInboxItem);
  }

  async markProcessed(id: number, at: number): Promise<void> {
    await this.pool.query('UPDATE inbox SET processed_at = $1 WHERE id = $2', [at, id]);
  }

  /** `errorCode` is our own code, never patient text. */
  async markFailed(id: number, errorCode: string, retryAt?: number): Promise<void> {
    await this.pool.query('UPDATE inbox SET attempts = attempts + 1, last_error = $1, claimed_until = $2 WHERE id = $3', [
      errorCode,
      retryAt ?? null,
      id,
    ]);
  }

  /** Events still to run (not processed, tries left). */
  async countOpen(maxAttempts: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM inbox WHERE processed_at IS NULL AND attempts < $1', [
      maxAttempts,
    ]);
    return rows[0]?.n ?? 0;
  }

  async countUnprocessed(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM inbox WHERE processed_at IS NULL');
    return rows[0]?.n ?? 0;
  }
}
