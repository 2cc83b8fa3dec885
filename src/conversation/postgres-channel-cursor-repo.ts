import type { PostgresPool } from '../store/postgres/postgres-pool';
import type { ChannelCursorRepo } from './channel-cursor-repo';

/** ChannelCursorRepo on PostgreSQL. */
export class PostgresChannelCursorRepo implements ChannelCursorRepo {
  constructor(
    private readonly pool: PostgresPool,
    private readonly channel: string,
  ) {}

  async get(name: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM channel_cursors WHERE channel = $1 AND name = $2', [
      this.channel,
      name,
    ]);
    return rows[0]?.value;
  }

  async set(name: string, value: string, at: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO channel_cursors (channel, name, value, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (channel, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [this.channel, name, value, at],
    );
  }
}
