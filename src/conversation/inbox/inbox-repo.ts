import type { Db } from '../../store/open-database';

export interface InboxItem {
  id: number;
  channel: string;
  eventId: string;
  payload: unknown;
  receivedAt: number;
  attempts: number;
}

/**
 * Raw webhook events, written before the webhook answers 200 and unique on the platform's event id,
 * so a redelivery is stored once and a crash before processing loses nothing.
 */
export class InboxRepo {
  constructor(private readonly db: Db) {}

  /** Stores every event in one transaction; returns how many were new (duplicates are ignored). */
  addAll(channel: string, events: ReadonlyArray<{ eventId: string; payload: unknown }>, at: number): number {
    const insert = this.db.prepare(
      'INSERT INTO inbox (channel, event_id, payload_json, received_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    return this.db.transaction(() => {
      let added = 0;
      for (const event of events) added += insert.run(channel, event.eventId, JSON.stringify(event.payload), at).changes;
      return added;
    })();
  }

  pending(limit: number, maxAttempts: number): InboxItem[] {
    const rows = this.db
      .prepare(
        'SELECT id, channel, event_id, payload_json, received_at, attempts FROM inbox WHERE processed_at IS NULL AND attempts < ? ORDER BY id LIMIT ?',
      )
      .all(maxAttempts, limit) as Array<{
      id: number;
      channel: string;
      event_id: string;
      payload_json: string;
      received_at: number;
      attempts: number;
    }>;
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      eventId: r.event_id,
      payload: JSON.parse(r.payload_json) as unknown,
      receivedAt: r.received_at,
      attempts: r.attempts,
    }));
  }

  markProcessed(id: number, at: number): void {
    this.db.prepare('UPDATE inbox SET processed_at = ? WHERE id = ?').run(at, id);
  }

  /** `errorCode` is our own code, never patient text. */
  markFailed(id: number, errorCode: string): void {
    this.db.prepare('UPDATE inbox SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(errorCode, id);
  }

  countUnprocessed(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE processed_at IS NULL').get() as { n: number }).n;
  }
}
