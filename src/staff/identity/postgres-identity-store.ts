import type { PostgresPool } from '../../store/postgres/postgres-pool';
import type { IdentityStore } from './identity-store';
import { PostgresApiTokenRepo } from './postgres-api-token-repo';
import { PostgresStaffSessionRepo } from './postgres-staff-session-repo';
import { PostgresStaffUserRepo } from './postgres-staff-user-repo';

/** Staff identity's records on PostgreSQL. */
export function postgresIdentityRepos(pool: PostgresPool): IdentityStore {
  return {
    staffUsers: new PostgresStaffUserRepo(pool),
    staffSessions: new PostgresStaffSessionRepo(pool),
    apiTokens: new PostgresApiTokenRepo(pool),
  };
}
