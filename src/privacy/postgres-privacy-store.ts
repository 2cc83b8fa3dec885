import type { PostgresPool } from '../store/postgres/postgres-pool';
import { PostgresPrivacyRepo } from './postgres-privacy-repo';
import type { PrivacyStore } from './privacy-store';

/** Retention and patients' data requests on PostgreSQL. */
export function postgresPrivacyRepos(pool: PostgresPool): PrivacyStore {
  return { privacy: new PostgresPrivacyRepo(pool) };
}
