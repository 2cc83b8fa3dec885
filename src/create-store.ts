import { auditRepos, type AuditStore } from './audit/audit-store';
import { postgresAuditRepos } from './audit/postgres-audit-store';
import { conversationRepos, type ConversationStore } from './conversation/conversation-store';
import { postgresConversationRepos } from './conversation/postgres-conversation-store';
import { escalationRepos, type EscalationStore } from './escalation/escalation-store';
import { postgresEscalationRepos } from './escalation/postgres-escalation-store';
import { operationsRepos, type OperationsStore } from './operations/operations-store';
import { postgresOperationsRepos } from './operations/postgres-operations-store';
import type { Logger } from './platform/logger';
import type { PostgresConfig } from './platform/postgres-config';
import { postgresPrivacyRepos } from './privacy/postgres-privacy-store';
import { privacyRepos, type PrivacyStore } from './privacy/privacy-store';
import { postgresReportRepos } from './reports/postgres-report-store';
import { reportRepos, type ReportStore } from './reports/report-store';
import { identityRepos, type IdentityStore } from './staff/identity/identity-store';
import { postgresIdentityRepos } from './staff/identity/postgres-identity-store';
import { openDatabaseHandle, type DatabaseHandle, type SqliteHandle } from './store/database-handle';
import { openPostgresHandle, type PostgresHandle } from './store/postgres/postgres-handle';
import type { QueuePolicy } from './platform/config';

/** Every component's repositories over one database: what the server, the CLI and tests open. */
export interface Store
  extends DatabaseHandle, ConversationStore, EscalationStore, AuditStore, IdentityStore, PrivacyStore, OperationsStore, ReportStore {}

/** The Store on SQLite; its connection stays reachable for SQLite-specific checks. */
export interface SqliteStore extends Store, SqliteHandle {}

/** The Store on PostgreSQL; its pool is shared with the job queue. */
export interface PostgresStore extends Store, PostgresHandle {}

/** `queue`: how new queue items are shared out (the server's policy; none for tools). */
export function createStore(file: string, queue?: QueuePolicy): SqliteStore {
  const handle = openDatabaseHandle(file);
  return {
    ...handle,
    ...conversationRepos(handle.sql),
    ...escalationRepos(handle.sql, queue),
    ...auditRepos(handle.sql),
    ...identityRepos(handle.sql),
    ...privacyRepos(handle.sql),
    ...operationsRepos(handle.sql),
    ...reportRepos(handle.sql),
  };
}

/** Opens PostgreSQL at DATABASE_URL, migrated to this version (once across instances). */
export async function createPostgresStore(
  config: Readonly<PostgresConfig>,
  log: Pick<Logger, 'info' | 'warn' | 'error'>,
  queue?: QueuePolicy,
): Promise<PostgresStore> {
  const handle = await openPostgresHandle(config, log);
  return {
    ...handle,
    ...postgresConversationRepos(handle.pool),
    ...postgresEscalationRepos(handle.pool, queue),
    ...postgresAuditRepos(handle.pool),
    ...postgresIdentityRepos(handle.pool),
    ...postgresPrivacyRepos(handle.pool),
    ...postgresOperationsRepos(handle.pool),
    ...postgresReportRepos(handle.pool),
  };
}

/** The store the configuration names: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export async function openStore(
  config: { databasePath: string; postgres?: Readonly<PostgresConfig> | undefined; queue?: QueuePolicy },
  log: Pick<Logger, 'info' | 'warn' | 'error'>,
): Promise<SqliteStore | PostgresStore> {
  return config.postgres ? createPostgresStore(config.postgres, log, config.queue) : createStore(config.databasePath, config.queue);
}

export function isPostgresStore(store: Store): store is PostgresStore {
  return 'pool' in store;
}
