import type { Db } from '../../store/open-database';
import { ApiTokenRepo } from './api-token-repo';
import { StaffSessionRepo } from './staff-session-repo';
import { StaffUserRepo } from './staff-user-repo';

/** Staff identity's records: accounts, console sessions and personal API tokens. */
export interface IdentityStore {
  staffUsers: StaffUserRepo;
  staffSessions: StaffSessionRepo;
  apiTokens: ApiTokenRepo;
}

export function identityRepos(db: Db): IdentityStore {
  return { staffUsers: new StaffUserRepo(db), staffSessions: new StaffSessionRepo(db), apiTokens: new ApiTokenRepo(db) };
}
