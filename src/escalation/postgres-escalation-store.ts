import { PostgresEmergencyBurstRepo } from './postgres-emergency-burst-repo';
import type { PostgresPool } from '../store/postgres/postgres-pool';
import type { EscalationStore } from './escalation-store';
import { PostgresCannedResponseRepo } from './postgres-canned-response-repo';
import { PostgresEscalationRepo } from './postgres-escalation-repo';
import { PostgresNoteRepo } from './postgres-note-repo';
import { PostgresThreadSearchRepo } from './postgres-thread-search-repo';
import type { QueuePolicy } from '../platform/config';
import { PostgresAssignmentRepo } from './postgres-assignment-repo';
import { MANUAL_QUEUE } from './assignment';
import { PostgresTrainingLabelRepo } from './postgres-training-label-repo';

/** The queue's records on PostgreSQL; `policy`: how new items are shared out (none outside the server). */
export function postgresEscalationRepos(pool: PostgresPool, policy: QueuePolicy = MANUAL_QUEUE): EscalationStore {
  return {
    escalations: new PostgresEscalationRepo(pool, policy),
    assignment: new PostgresAssignmentRepo(pool),
    notes: new PostgresNoteRepo(pool),
    cannedResponses: new PostgresCannedResponseRepo(pool),
    threadSearch: new PostgresThreadSearchRepo(pool),
    emergencyBursts: new PostgresEmergencyBurstRepo(pool),
    trainingLabels: new PostgresTrainingLabelRepo(pool),
  };
}
