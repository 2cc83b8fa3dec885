import type { SqliteConnection } from '../store/sqlite-connection';
import { SqliteAuditRepo, type AuditRepo } from './audit-repo';

/** The audit log: who read or changed what, and when. */
export interface AuditStore {
  audit: AuditRepo;
}

export function auditRepos(sql: SqliteConnection): AuditStore {
  return { audit: new SqliteAuditRepo(sql) };
}
