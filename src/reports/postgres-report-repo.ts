import type { PostgresPool } from '../store/postgres/postgres-pool';
import { ReportQueries } from './report-repo';

/** `?` placeholders as PostgreSQL's `$1, $2, …`. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** ReportRepo on PostgreSQL: the same queries as SQLite's. */
export class PostgresReportRepo extends ReportQueries {
  constructor(private readonly pool: PostgresPool) {
    super();
  }

  protected async all<T>(query: string, ...values: number[]): Promise<T[]> {
    return (await this.pool.query(numbered(query), values)).rows as T[];
  }
}
