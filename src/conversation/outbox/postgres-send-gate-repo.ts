import type { PostgresPool } from '../../store/postgres/postgres-pool';
import { OUTBOX_COLUMNS } from './postgres-outbox-repo';
import { toOutboxItem, type OutboxItem, type OutboxRow } from './outbox-repo';

/** What starting a lane's head came to: sent now, or wait until a time (the channel's pause, or its next second). */
export type SendStart = { item: OutboxItem } | { waitUntil: number } | { gone: true };

/**
 * What every instance sending on a channel shares: the channel's rate-limit pause (a 429 seen by
 * one instance pauses all of them) and the count of sends started in each second against the
 * platform's per-second limit.
 */
export class PostgresSendGateRepo {
  constructor(private readonly pool: PostgresPool) {}

  /** Until when the channel is paused; 0 when it is not. */
  async pausedUntil(channel: string): Promise<number> {
    const { rows } = await this.pool.query<{ until: number }>('SELECT until FROM channel_pauses WHERE channel = $1', [channel]);
    return rows[0]?.until ?? 0;
  }

  /** Pauses the channel until `until`, or longer when another instance paused it longer. */
  async pause(channel: string, until: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO channel_pauses (channel, until) VALUES ($1, $2)
       ON CONFLICT (channel) DO UPDATE SET until = GREATEST(channel_pauses.until, excluded.until)`,
      [channel, until],
    );
  }

  /**
   * Takes one of the channel's sends for the current second. Returns undefined when taken, or the
   * time the next second starts when this one's `limit` sends are gone (the caller waits until then).
   */
  async takeSend(channel: string, now: number, limit: number): Promise<number | undefined> {
    const second = Math.floor(now / 1000);
    const { rows } = await this.pool.query<{ sends: number }>(
      `INSERT INTO channel_send_windows (channel, second, sends) VALUES ($1, $2, 1)
       ON CONFLICT (channel, second) DO UPDATE SET sends = channel_send_windows.sends + 1 RETURNING sends`,
      [channel, second],
    );
    if ((rows[0]?.sends ?? 0) <= limit) return undefined;
    return (second + 1) * 1000;
  }

  /**
   * In one statement: the channel's pause, one of its sends for this second (when it has a
   * per-second `limit`), and the item marked as being sent (one more try). Only when the channel
   * is not paused and this second has a send left is the item started; otherwise says until when
   * to wait. `gone` when the item is no longer there to send.
   */
  async startSend(id: number, channel: string, now: number, limit: number | undefined, leaseMs: number): Promise<SendStart> {
    const second = Math.floor(now / 1000);
    const { rows } = await this.pool.query<OutboxRow & { paused_until: number; sends: number | null; started: boolean }>(
      `WITH pause AS (SELECT COALESCE(MAX(until), 0) AS until FROM channel_pauses WHERE channel = $1),
       win AS (
         INSERT INTO channel_send_windows (channel, second, sends) SELECT $1, $2, 1 WHERE $3::int IS NOT NULL AND (SELECT until FROM pause) <= $4
         ON CONFLICT (channel, second) DO UPDATE SET sends = channel_send_windows.sends + 1 RETURNING sends),
       started AS (
         UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_until = $5
         WHERE id = $6 AND (SELECT until FROM pause) <= $4 AND ($3::int IS NULL OR (SELECT sends FROM win) <= $3)
         RETURNING ${OUTBOX_COLUMNS})
       SELECT p.until AS paused_until, w.sends, s.id IS NOT NULL AS started, s.*
       FROM pause p LEFT JOIN win w ON true LEFT JOIN started s ON true`,
      [channel, second, limit ?? null, now, now + leaseMs, id],
    );
    const row = rows[0];
    if (!row) return { gone: true };
    if (row.paused_until > now) return { waitUntil: row.paused_until };
    if (row.started) return { item: toOutboxItem(row) };
    if (limit !== undefined && (row.sends ?? 0) > limit) return { waitUntil: (second + 1) * 1000 };
    return { gone: true };
  }

  /** Forgets the counts of seconds long past (run now and then). */
  async prune(now: number): Promise<void> {
    await this.pool.query('DELETE FROM channel_send_windows WHERE second < $1', [Math.floor(now / 1000) - 60]);
  }
}
