import type { PostgresPool } from '../../store/postgres/postgres-pool';

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

  /** Forgets the counts of seconds long past (run now and then). */
  async prune(now: number): Promise<void> {
    await this.pool.query('DELETE FROM channel_send_windows WHERE second < $1', [Math.floor(now / 1000) - 60]);
  }
}
