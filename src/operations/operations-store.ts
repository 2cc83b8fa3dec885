import type { SqliteConnection } from '../store/sqlite-connection';
import { SqliteOperationsRepo, type OperationsRepo } from './operations-repo';

/** What /metrics, /readyz and the delivery alerts read and write. */
export interface OperationsStore {
  operations: OperationsRepo;
}

export function operationsRepos(sql: SqliteConnection): OperationsStore {
  return { operations: new SqliteOperationsRepo(sql) };
}
