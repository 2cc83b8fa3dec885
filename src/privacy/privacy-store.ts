import type { SqliteConnection } from '../store/sqlite-connection';
import { SqlitePrivacyRepo, type PrivacyRepo } from './privacy-repo';

/** Retention and patients' data requests: what they read and remove across the other records. */
export interface PrivacyStore {
  privacy: PrivacyRepo;
}

export function privacyRepos(sql: SqliteConnection): PrivacyStore {
  return { privacy: new SqlitePrivacyRepo(sql) };
}
