import type { SqliteConnection } from '../store/sqlite-connection';
import { SqliteReportRepo, type ReportRepo } from './report-repo';

/** What the practice manager's reports read. */
export interface ReportStore {
  reports: ReportRepo;
}

export function reportRepos(sql: SqliteConnection): ReportStore {
  return { reports: new SqliteReportRepo(sql) };
}
