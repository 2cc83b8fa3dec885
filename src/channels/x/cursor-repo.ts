import type { Db } from '../../store/open-database';

/** Where the X poller has read up to, one row per stream, so a restart resumes where it stopped. */
export class XCursorRepo {
  constructor(
    private readonly db: Db,
    private readonly channel = 'x',
  ) {}

  get(name: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM channel_cursors WHERE channel = ? AND name = ?').get(this.channel, name) as
      { value: string } | undefined;
    return row?.value;
  }

  set(name: string, value: string, at: number): void {
    this.db
      .prepare(
        `INSERT INTO channel_cursors (channel, name, value, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (channel, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(this.channel, name, value, at);
  }
}
