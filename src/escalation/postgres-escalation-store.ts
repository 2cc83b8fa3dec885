import { PostgresEmergencyBurstRepo } from './postgres-emergency-burst-repo';
import type { PostgresPool } from '../store/postgres/postgres-pool';
import type { EscalationStore } from './escalation-store';
import { PostgresCannedResponseRepo } from './postgres-canned-response-repo';
import { PostgresEscalationRepo } from './postgres-escalation-repo';
import { PostgresNoteRepo } from './postgres-note-repo';
import { PostgresThreadSearchRepo } from './postgres-thread-search-repo';

/** The queue's records on PostgreSQL. */
export function postgresEscalationRepos(pool: PostgresPool): EscalationStore {
  return {
    escalations: new PostgresEscalationRepo(pool),
    notes: new PostgresNoteRepo(pool),
    cannedResponses: new PostgresCannedResponseRepo(pool),
    threadSearch: new PostgresThreadSearchRepo(pool),
    emergencyBursts: new PostgresEmergencyBurstRepo(pool),
  };
}
