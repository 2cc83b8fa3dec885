import { SqliteEmergencyBurstRepo, type EmergencyBurstRepo } from './emergency-burst-repo';
import type { AuditStore } from '../audit/audit-store';
import type { ConversationStore } from '../conversation/conversation-store';
import type { SqliteConnection } from '../store/sqlite-connection';
import type { StaffDirectory } from './access';
import { SqliteCannedResponseRepo, type CannedResponseRepo } from './canned-response-repo';
import { SqliteEscalationRepo, type EscalationRepo } from './escalation-repo';
import { SqliteNoteRepo, type NoteRepo } from './note-repo';
import { SqliteThreadSearchRepo, type ThreadSearchRepo } from './thread-search-repo';
import type { QueuePolicy } from '../platform/config';
import { SqliteAssignmentRepo, type AssignmentRepo } from './assignment-repo';
import { MANUAL_QUEUE } from './assignment';
import { SqliteTrainingLabelRepo, type TrainingLabelRepo } from './training-label-repo';

/** The queue's own records: escalations, staff notes, canned responses, thread search, and staff's labels on messages. */
export interface EscalationStore {
  escalations: EscalationRepo;
  notes: NoteRepo;
  cannedResponses: CannedResponseRepo;
  threadSearch: ThreadSearchRepo;
  emergencyBursts: EmergencyBurstRepo;
  /** Availability, capacity and the round robin. */
  assignment: AssignmentRepo;
  trainingLabels: TrainingLabelRepo;
}

/**
 * What the queue's views and actions work on: the conversations, the queue's records, the audit
 * log, and staff accounts only as the access rules read them.
 */
export type QueueStore = ConversationStore & EscalationStore & AuditStore & { staffUsers: StaffDirectory };

/** The queue's records on SQLite; `policy`: how new items are shared out (none outside the server). */
export function escalationRepos(sql: SqliteConnection, policy: QueuePolicy = MANUAL_QUEUE): EscalationStore {
  return {
    escalations: new SqliteEscalationRepo(sql, policy),
    assignment: new SqliteAssignmentRepo(sql),
    notes: new SqliteNoteRepo(sql),
    cannedResponses: new SqliteCannedResponseRepo(sql),
    threadSearch: new SqliteThreadSearchRepo(sql),
    emergencyBursts: new SqliteEmergencyBurstRepo(sql),
    trainingLabels: new SqliteTrainingLabelRepo(sql),
  };
}
