import type { AuditStore } from '../audit/audit-store';
import type { ConversationStore } from '../conversation/conversation-store';
import type { Db } from '../store/open-database';
import type { StaffDirectory } from './access';
import { CannedResponseRepo } from './canned-response-repo';
import { EscalationRepo } from './escalation-repo';
import { NoteRepo } from './note-repo';

/** The queue's own records: escalations, staff notes and canned responses. */
export interface EscalationStore {
  escalations: EscalationRepo;
  notes: NoteRepo;
  cannedResponses: CannedResponseRepo;
}

/**
 * What the queue's views and actions work on: the conversations, the queue's records, the audit
 * log, and staff accounts only as the access rules read them.
 */
export type QueueStore = ConversationStore & EscalationStore & AuditStore & { staffUsers: StaffDirectory };

export function escalationRepos(db: Db): EscalationStore {
  return { escalations: new EscalationRepo(db), notes: new NoteRepo(db), cannedResponses: new CannedResponseRepo(db) };
}
