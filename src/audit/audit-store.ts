import type { Db } from '../store/open-database';
import { AuditRepo } from './audit-repo';

/** The audit log: who read or changed what, and when. */
export interface AuditStore {
  audit: AuditRepo;
}

export function auditRepos(db: Db): AuditStore {
  return { audit: new AuditRepo(db) };
}
