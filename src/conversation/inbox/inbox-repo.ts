import type { Db } from '../../store/open-database';
import type { SqliteConnection } from '../../store/sqlite-connection';

export interface InboxItem {
  id: number;
  channel: string;
  eventId: string;
  payload: unknown;
  receivedAt: number;
  attempts: number;
  /** The red-flag pre-scan fired at ingest: processed before anything else. */
  urgent: boolean;
  /** The conversation on its channel (`channel:id`), when the channel named one. */
  lane: string | null;
}

/** One event as the webhook hands it to the inbox. */
export interface InboxEvent {
  eventId: string;
  payload: unknown;
  /** The conversation the event belongs to: its events are processed strictly in arrival order. */
  lane?: string;
  urgent?: boolean;
}

/** A row of `inbox` (the columns both stores read). */
export interface InboxRow {
  id: number;
  channel: string;
  event_id: string;
  payload_json: string;
  received_at: number;
  attempts: number;
  urgent: number;
  lane: string | null;
}

export function toInboxItem(r: InboxRow): InboxItem {
  return {
    id: r.id,
    channel: r.channel,
    eventId: r.event_id,
    payload: JSON.parse(r.payload_json) as unknown,
    receivedAt: r.received_at,
    attempts: r.attempts,
    urgent: r.urgent === 1,
    lane: r.lane,
  };
}

/**
 * Raw webhook events, written before the webhook answers 200 and unique on the platform's event id,
 * so a redelivery is stored once and a crash before processing loses nothing.
 */
export interface InboxRepo {
  /** Stores every event in one transaction; returns how many were new (duplicates are ignored). */
  addAll(channel: string, events: readonly InboxEvent[], at: number): Promise<number>;
  /**
   * Leases up to `limit` events that may run now: urgent first, then oldest, and only the oldest
   * unfinished event of each conversation, so one conversation's events run strictly in order.
   * Events this process is running (`inFlight` ids) are never claimed again, even when the clock has
   * passed their lease (a clock step, a suspended machine): a lease only frees what a stopped run left.
   */
  claim(now: number, limit: number, maxAttempts: number, leaseMs: number, inFlight?: readonly number[]): Promise<InboxItem[]>;
  /** When the next event whose lease or retry wait runs out becomes claimable; undefined when none waits. */
  nextLeaseEnd(maxAttempts: number): Promise<number | undefined>;
  /** Start-up with one instance: leases held by a previous run are void at once. */
  releaseLeases(): Promise<number>;
  pending(limit: number, maxAttempts: number): Promise<InboxItem[]>;
  markProcessed(id: number, at: number): Promise<void>;
  /** `errorCode` is our own code, never patient text. */
  markFailed(id: number, errorCode: string, retryAt?: number): Promise<void>;
  /** Events still to run (not processed, tries left). */
  countOpen(maxAttempts: number): Promise<number>;
  countUnprocessed(): Promise<number>;
}

/** InboxRepo on SQLite. */
export class SqliteInboxRepo implements InboxRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  /**
   * Stores every event in one transaction; returns how many were new (duplicates are ignored). The
   * platform is told "received" right after this, so this commit is synchronous=FULL: the write-ahead
   * log reaches the disk before it returns, and a power loss cannot take back an acknowledged event
   * (nor any commit before it). Other commits stay NORMAL: they survive a crash of the process, and
   * a power loss may undo only those made since the last event was stored.
   */
  addAll(channel: string, events: readonly InboxEvent[], at: number): Promise<number> {
    return this.sql.run(() => {
      const insert = this.db.prepare(
        'INSERT INTO inbox (channel, event_id, payload_json, received_at, urgent, lane) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      );
      const write = this.db.transaction(() => {
        let added = 0;
        for (const event of events) {
          const lane = event.lane === undefined ? null : `${channel}:${event.lane}`;
          added += insert.run(channel, event.eventId, JSON.stringify(event.payload), at, event.urgent ? 1 : 0, lane).changes;
        }
        return added;
      });
      // Inside an open transaction the durable commit is the outer one's; the setting applies to commits only.
      if (this.db.inTransaction) return write();
      this.db.pragma('synchronous = FULL');
      try {
        return write();
      } finally {
        this.db.pragma('synchronous = NORMAL');
      }
    });
  }

  /**
   * Leases up to `limit` events that may run now: urgent first, then oldest, and only the oldest
   * unfinished event of each conversation, so one conversation's events run strictly in order.
   * Events this process is running (`inFlight` ids) are never claimed again, even when the clock has
   * passed their lease (a clock step, a suspended machine): a lease only frees what a stopped run left.
   */
  claim(now: number, limit: number, maxAttempts: number, leaseMs: number, inFlight: readonly number[] = []): Promise<InboxItem[]> {
    return this.sql.run(() => {
      return this.db.transaction(() => {
        const rows = this.db
          .prepare(
            `SELECT id, channel, event_id, payload_json, received_at, attempts, urgent, lane FROM inbox i
           WHERE processed_at IS NULL AND attempts < @max
             AND (claimed_until IS NULL OR (claimed_until <= @now AND id NOT IN (SELECT value FROM json_each(@inFlight))))
             AND NOT EXISTS (SELECT 1 FROM inbox j WHERE j.lane = i.lane AND j.processed_at IS NULL AND j.attempts < @max AND j.id < i.id)
           ORDER BY urgent DESC, id LIMIT @limit`,
          )
          .all({ max: maxAttempts, now, limit, inFlight: JSON.stringify(inFlight) }) as InboxRow[];
        const lease = this.db.prepare('UPDATE inbox SET claimed_until = ? WHERE id = ?');
        for (const row of rows) lease.run(now + leaseMs, row.id);
        return rows.map(toInboxItem);
      })();
    });
  }

  /** When the next event whose lease or retry wait runs out becomes claimable; undefined when none waits. */
  nextLeaseEnd(maxAttempts: number): Promise<number | undefined> {
    return this.sql.run(() => {
      const row = this.db
        .prepare('SELECT MIN(claimed_until) AS at FROM inbox WHERE processed_at IS NULL AND attempts < ? AND claimed_until IS NOT NULL')
        .get(maxAttempts) as { at: number | null };
      return row.at ?? undefined;
    });
  }

  /** Start-up with one instance: leases held by a previous run are void at once. */
  releaseLeases(): Promise<number> {
    return this.sql.run(() => {
      return this.db.prepare('UPDATE inbox SET claimed_until = NULL WHERE processed_at IS NULL AND claimed_until IS NOT NULL').run()
        .changes;
    });
  }

  pending(limit: number, maxAttempts: number): Promise<InboxItem[]> {
    return this.sql.run(() => {
      const rows = this.db
        .prepare(
          'SELECT id, channel, event_id, payload_json, received_at, attempts, urgent, lane FROM inbox WHERE processed_at IS NULL AND attempts < ? ORDER BY id LIMIT ?',
        )
        .all(maxAttempts, limit) as InboxRow[];
      return rows.map(toInboxItem);
    });
  }

  markProcessed(id: number, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE inbox SET processed_at = ? WHERE id = ?').run(at, id);
    });
  }

  /** `errorCode` is our own code, never patient text. */
  markFailed(id: number, errorCode: string, retryAt?: number): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare('UPDATE inbox SET attempts = attempts + 1, last_error = ?, claimed_until = ? WHERE id = ?')
        .run(errorCode, retryAt ?? null, id);
    });
  }

  /** Events still to run (not processed, tries left). */
  countOpen(maxAttempts: number): Promise<number> {
    return this.sql.run(() => {
      return (
        this.db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE processed_at IS NULL AND attempts < ?').get(maxAttempts) as { n: number }
      ).n;
    });
  }

  countUnprocessed(): Promise<number> {
    return this.sql.run(() => {
      return (this.db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE processed_at IS NULL').get() as { n: number }).n;
    });
  }
}
