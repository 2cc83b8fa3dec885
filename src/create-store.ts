import { auditRepos, type AuditStore } from './audit/audit-store';
import { conversationRepos, type ConversationStore } from './conversation/conversation-store';
import { escalationRepos, type EscalationStore } from './escalation/escalation-store';
import { identityRepos, type IdentityStore } from './staff/identity/identity-store';
import { openDatabaseHandle, type DatabaseHandle } from './store/database-handle';

/** Every component's repositories over one database: what the server, the CLI and tests open. */
export interface Store extends DatabaseHandle, ConversationStore, EscalationStore, AuditStore, IdentityStore {}

export function createStore(file: string): Store {
  const handle = openDatabaseHandle(file);
  return {
    ...handle,
    ...conversationRepos(handle.db),
    ...escalationRepos(handle.db),
    ...auditRepos(handle.db),
    ...identityRepos(handle.db),
  };
}
