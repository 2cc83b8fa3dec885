import type { Db } from '../store/open-database';
import type { SqliteConnection } from '../store/sqlite-connection';

/**
 * Where a polling channel (the X poller) has read up to, one row per stream, so a restart resumes
 * where it stopped. Each channel owns its own rows.
 */
export interface ChannelCursorRepo {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string, at: number): Promise<void>;
}

/** ChannelCursorRepo on SQLite. */
export class SqliteChannelCursorRepo implements ChannelCursorRepo {
  constructor(
    private readonly sql: SqliteConnection,
    private readonly channel: string,
  ) {}

  private get db(): Db {
    return this.sql.db;
  }

  get(name: string): Promise<string | undefined> {
    return this.sql.run(() => {
      const row = this.db.prepare('SELECT value FROM channel_cursors WHERE channel = ? AND name = ?').get(this.channel, name) as
        { value: string } | undefined;
      return row?.value;
    });
  }

  set(name: string, value: string, at: number): Promise<void> {
    return this.sql.run(() => {
      this.db
        .prepare(
          `INSERT INTO channel_cursors (channel, name, value, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (channel, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        )
        .run(this.channel, name, value, at);
    });
  }
}
