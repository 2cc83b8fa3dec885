import type { PostgresPool } from '../../store/postgres/postgres-pool';
import { OUTBOX_COLUMNS } from './postgres-outbox-repo';
import { toOutboxItem, type OutboxItem, type OutboxRow } from './outbox-repo';

/** The head of a lane that was not started: whether it is urgent, and its channel. */
export interface LaneHead {
  urgent: boolean;
  channel: string;
}

/**
 * What starting a lane's head came to: started now; or the lane is empty; or its head is for a
 * channel this instance does not send on, or due later, or must wait (the channel's pause, or its
 * next second).
 */
export type LaneStart =
  | { item: OutboxItem }
  | { empty: true }
  | { notMine: LaneHead }
  | { dueAt: number; head: LaneHead }
  | { waitUntil: number; head: LaneHead };

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
   * In one statement, for a recipient lane: its head (the oldest message still to send), and when
   * the head is due, on a channel this instance sends on (`limits` names them, with each one's
   * per-second limit or null), the channel not paused and a send left in this second — the head
   * marked as being sent (one more try). Otherwise says why not: nothing to send, a channel of
   * another instance, due later, or wait until the pause ends or the next second starts.
   */
  async startLaneHead(
    lane: string,
    horizonStart: number,
    now: number,
    limits: Readonly<Record<string, number | null>>,
    leaseMs: number,
  ): Promise<LaneStart> {
    const second = Math.floor(now / 1000);
    const channels = Object.keys(limits);
    const { rows } = await this.pool.query<
      OutboxRow & {
        head_id: number;
        head_channel: string;
        head_urgent: number;
        head_due: number;
        known: boolean;
        paused_until: number | null;
        sends: number | null;
        started: boolean;
      }
    >(
      `WITH head AS (
         SELECT id, channel, urgent, CASE WHEN status = 'sending' THEN 0 ELSE next_attempt_at END AS due
         FROM outbox WHERE lane = $1 AND status IN ('pending', 'sending', 'failed')
           AND (status <> 'failed' OR (handled_at IS NULL AND created_at > $2))
         ORDER BY id LIMIT 1),
       lim AS (SELECT l.lim FROM head JOIN unnest($3::text[], $4::int[]) AS l(channel, lim) ON l.channel = head.channel),
       ready AS (SELECT head.* FROM head WHERE EXISTS (SELECT 1 FROM lim) AND head.due <= $5),
       pause AS (SELECT COALESCE(MAX(until), 0) AS until FROM channel_pauses WHERE channel = (SELECT channel FROM ready)),
       win AS (
         INSERT INTO channel_send_windows (channel, second, sends)
         SELECT r.channel, $6, 1 FROM ready r WHERE (SELECT lim FROM lim) IS NOT NULL AND (SELECT until FROM pause) <= $5
         ON CONFLICT (channel, second) DO UPDATE SET sends = channel_send_windows.sends + 1 RETURNING sends),
       started AS (
         UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_until = $7
         WHERE id = (SELECT id FROM ready) AND (SELECT until FROM pause) <= $5
           AND ((SELECT lim FROM lim) IS NULL OR (SELECT sends FROM win) <= (SELECT lim FROM lim))
         RETURNING ${OUTBOX_COLUMNS})
       SELECT h.id AS head_id, h.channel AS head_channel, h.urgent AS head_urgent, h.due AS head_due,
              EXISTS (SELECT 1 FROM lim) AS known, (SELECT until FROM pause) AS paused_until, w.sends,
              s.id IS NOT NULL AS started, s.*
       FROM head h LEFT JOIN win w ON true LEFT JOIN started s ON true`,
      [lane, horizonStart, channels, channels.map((c) => limits[c] ?? null), now, second, now + leaseMs],
    );
    const row = rows[0];
    if (!row) return { empty: true };
    const head = { urgent: row.head_urgent === 1, channel: row.head_channel };
    if (!row.known) return { notMine: head };
    if (row.head_due > now) return { dueAt: row.head_due, head };
    if (row.started) return { item: toOutboxItem(row) };
    if ((row.paused_until ?? 0) > now) return { waitUntil: row.paused_until!, head };
    // Only this second's sends are gone.
    return { waitUntil: (second + 1) * 1000, head };
  }

  /** Forgets the counts of seconds long past (run now and then). */
  async prune(now: number): Promise<void> {
    await this.pool.query('DELETE FROM channel_send_windows WHERE second < $1', [Math.floor(now / 1000) - 60]);
  }
}
