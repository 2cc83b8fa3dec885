import type { PostgresPool } from '../store/postgres/postgres-pool';
import {
  FIRST_REPLY_WAIT_SQL,
  toFirstReplyWait,
  toWaitingFailures,
  type FirstReplyWait,
  type OperationsRepo,
  type Queue,
  type QueueDepth,
  type WaitingFailures,
  type WaitingFailuresRow,
} from './operations-repo';

/** OperationsRepo on PostgreSQL. */
export class PostgresOperationsRepo implements OperationsRepo {
  /** The schema is fixed once the database is open, so each queue's priority source is read once. */
  private readonly priorities = new Map<Queue, Promise<string>>();

  constructor(private readonly pool: PostgresPool) {}

  async firstReplyWait(messageId: number, channel: string): Promise<FirstReplyWait | undefined> {
    const { rows } = await this.pool.query<{ author: string; received_at: number }>(
      FIRST_REPLY_WAIT_SQL((n) => `$${n}`),
      [messageId, channel],
    );
    return rows[0] && toFirstReplyWait(rows[0]);
  }

  /** Per channel, the waiting messages queued by `now` that failed at least once. */
  async waitingFailuresByChannel(now: number): Promise<WaitingFailures[]> {
    const { rows } = await this.pool.query<WaitingFailuresRow>(
      `SELECT channel, MIN(created_at) AS since, COUNT(*) AS failing, MIN(conversation_id) AS conversation_id,
              (SELECT last_error FROM outbox l WHERE l.channel = o.channel AND l.status IN ('pending', 'sending') AND l.last_error IS NOT NULL ORDER BY l.id DESC LIMIT 1) AS last_error,
              (SELECT MAX(sent_at) FROM outbox s WHERE s.channel = o.channel AND s.status = 'sent') AS last_sent
       FROM outbox o WHERE status IN ('pending', 'sending') AND last_error IS NOT NULL AND created_at <= $1
       GROUP BY channel`,
      [now],
    );
    return rows.map(toWaitingFailures);
  }

  /** Writes the one-row heartbeat; throws when the database takes no write. */
  async writeHeartbeat(at: number): Promise<void> {
    await this.pool.query('INSERT INTO heartbeat (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = excluded.at', [at]);
  }

  /** When the longest-due outbox item waiting to be delivered became due, or null when none is due by `now`. */
  async oldestDueAt(now: number): Promise<number | null> {
    const { rows } = await this.pool.query<{ at: number | null }>(
      `SELECT MIN(next_attempt_at) AS at FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1`,
      [now],
    );
    return rows[0]!.at;
  }

  /** Unprocessed inbox events, by channel and priority. */
  async inboxDepths(): Promise<QueueDepth[]> {
    const priority = await this.priorityExpression('inbox');
    return (
      await this.pool.query<QueueDepth>(
        `SELECT channel, ${priority} AS priority, COUNT(*) AS n, MIN(received_at) AS oldest FROM inbox WHERE processed_at IS NULL GROUP BY 1, 2`,
      )
    ).rows;
  }

  /** Messages waiting to be delivered (pending or being sent), by channel and priority. */
  async outboxDepths(): Promise<QueueDepth[]> {
    const priority = await this.priorityExpression('outbox');
    return (
      await this.pool.query<QueueDepth>(
        `SELECT channel, ${priority} AS priority, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE status IN ('pending', 'sending') GROUP BY 1, 2`,
      )
    ).rows;
  }

  async countAudited(action: string): Promise<number> {
    return (await this.pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log WHERE action = $1', [action])).rows[0]!.n;
  }

  /**
   * Where a queue row's priority comes from: a `priority` or `urgent` column when the schema has one,
   * otherwise every row is `normal`.
   */
  private priorityExpression(table: Queue): Promise<string> {
    let expression = this.priorities.get(table);
    if (expression === undefined) {
      expression = this.pool
        .query<{ column_name: string }>(
          'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1',
          [table],
        )
        .then(({ rows }) => {
          const columns = new Set(rows.map((c) => c.column_name));
          if (columns.has('priority')) return 'CAST(priority AS text)';
          if (columns.has('urgent')) return "CASE WHEN urgent <> 0 THEN 'urgent' ELSE 'normal' END";
          return "'normal'";
        });
      // A failed look-up is tried again next time rather than remembered.
      expression.catch(() => this.priorities.delete(table));
      this.priorities.set(table, expression);
    }
    return expression;
  }
}
