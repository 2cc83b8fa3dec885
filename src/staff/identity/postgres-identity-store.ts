import type { PostgresPool } from '../../store/postgres/postgres-pool';
import type { IdentityStore } from './identity-store';
import { PostgresStaffSessionRepo } from './postgres-staff-session-repo';
import { PostgresStaffUserRepo } from './postgres-staff-user-repo';

/** Staff identity's records on PostgreSQL (the repositories ported so far). */
export function postgresIdentityRepos(pool: PostgresPool): Pick<IdentityStore, 'staffUsers' | 'staffSessions'> {
  return {
    staffUsers: new PostgresStaffUserRepo(pool),
    staffSessions: new PostgresStaffSessionRepo(pool),
  };
}
