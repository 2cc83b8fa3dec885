import type { SqliteConnection } from '../../store/sqlite-connection';
import { SqliteApiTokenRepo, type ApiTokenRepo } from './api-token-repo';
import { SqliteStaffSessionRepo, type StaffSessionRepo } from './staff-session-repo';
import { SqliteStaffUserRepo, type StaffUserRepo } from './staff-user-repo';

/** Staff identity's records: accounts, console sessions and personal API tokens. */
export interface IdentityStore {
  staffUsers: StaffUserRepo;
  staffSessions: StaffSessionRepo;
  apiTokens: ApiTokenRepo;
}

export function identityRepos(sql: SqliteConnection): IdentityStore {
  return {
    staffUsers: new SqliteStaffUserRepo(sql),
    staffSessions: new SqliteStaffSessionRepo(sql),
    apiTokens: new SqliteApiTokenRepo(sql),
  };
}
