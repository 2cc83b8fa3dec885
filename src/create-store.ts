import { auditRepos, type AuditStore } from './audit/audit-store';
import { conversationRepos, type ConversationStore } from './conversation/conversation-store';
import { escalationRepos, type EscalationStore } from './escalation/escalation-store';
import { operationsRepos, type OperationsStore } from './operations/operations-store';
import { privacyRepos, type PrivacyStore } from './privacy/privacy-store';
import { identityRepos, type IdentityStore } from './staff/identity/identity-store';
import { openDatabaseHandle, type DatabaseHandle, type SqliteHandle } from './store/database-handle';

/** Every component's repositories over one database: what the server, the CLI and tests open. */
export interface Store
  extends DatabaseHandle, ConversationStore, EscalationStore, AuditStore, IdentityStore, PrivacyStore, OperationsStore {}

/** The Store on SQLite; its connection stays reachable for SQLite-specific checks. */
export interface SqliteStore extends Store, SqliteHandle {}

export function createStore(file: string): SqliteStore {
  const handle = openDatabaseHandle(file);
  return {
    ...handle,
    ...conversationRepos(handle.sql),
    ...escalationRepos(handle.sql),
    ...auditRepos(handle.sql),
    ...identityRepos(handle.sql),
    ...privacyRepos(handle.sql),
    ...operationsRepos(handle.sql),
  };
}
