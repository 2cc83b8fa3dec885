import type { PostgresPool } from '../store/postgres/postgres-pool';
import type { OperationsStore } from './operations-store';
import { PostgresOperationsRepo } from './postgres-operations-repo';

/** What /metrics, /readyz and the delivery alerts read and write, on PostgreSQL. */
export function postgresOperationsRepos(pool: PostgresPool): OperationsStore {
  return { operations: new PostgresOperationsRepo(pool) };
}
