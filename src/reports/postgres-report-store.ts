import type { PostgresPool } from '../store/postgres/postgres-pool';
import { PostgresReportRepo } from './postgres-report-repo';
import type { ReportStore } from './report-store';

/** What the reports read, on PostgreSQL. */
export function postgresReportRepos(pool: PostgresPool): ReportStore {
  return { reports: new PostgresReportRepo(pool) };
}
