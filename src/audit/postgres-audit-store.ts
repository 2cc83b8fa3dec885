import type { PostgresPool } from '../store/postgres/postgres-pool';
import type { AuditStore } from './audit-store';
import { PostgresAuditRepo } from './postgres-audit-repo';

/** The audit log on PostgreSQL. */
export function postgresAuditRepos(pool: PostgresPool): AuditStore {
  return { audit: new PostgresAuditRepo(pool) };
}
