import pg from 'pg';
import type { ChangeFeed } from '../../platform/change-feed';
import type { Logger } from '../../platform/logger';
import { backoffMs } from '../../platform/worker-health';
import type { PostgresPool } from './postgres-pool';

const CHANNEL = 'frontdesk_changes';
/** Signals closer together than this are sent as one. */
const COALESCE_MS = 50;

/**
 * The change feed on PostgreSQL: NOTIFY on publish, and one LISTEN connection per instance that
 * comes back by itself after the server restarts or the network drops (with a signal then, since
 * changes may have been missed meanwhile).
 */
export class PostgresChangeFeed implements ChangeFeed {
  private readonly listeners: Array<() => void> = [];
  private client: pg.Client | undefined;
  private pending: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly pool: PostgresPool,
    private readonly connectionString: string,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  async start(): Promise<void> {
    await this.listen();
  }

  publish(): void {
    if (this.pending || this.closed) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, '']).catch((err: unknown) => {
        this.log.warn({ error: (err as Error).name }, 'change feed: notify failed; other instances see the change at their next poll');
      });
    }, COALESCE_MS);
    this.pending.unref();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.pending) clearTimeout(this.pending);
    if (this.retry) clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'frontdesk-changes' });
    client.on('notification', () => this.emit());
    client.on('error', () => this.reconnect(client));
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      this.log.warn({ error: (err as Error).name }, 'change feed: cannot listen; trying again');
      this.reconnect(client);
      return;
    }
    this.client = client;
    if (this.failures > 0) this.emit();
    this.failures = 0;
  }

  private reconnect(client: pg.Client): void {
    if (this.closed || (this.client !== client && this.client !== undefined)) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (this.retry) return;
    this.failures += 1;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.listen();
    }, backoffMs(this.failures));
    this.retry.unref();
  }
}
