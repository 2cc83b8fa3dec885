import type { PostgresPool } from '../store/postgres/postgres-pool';
import type { EscalationStore } from './escalation-store';
import { PostgresCannedResponseRepo } from './postgres-canned-response-repo';
import { PostgresEscalationRepo } from './postgres-escalation-repo';
import { PostgresNoteRepo } from './postgres-note-repo';

/** The queue's records on PostgreSQL (the repositories ported so far). */
export function postgresEscalationRepos(pool: PostgresPool): Pick<EscalationStore, 'escalations' | 'notes' | 'cannedResponses'> {
  return {
    escalations: new PostgresEscalationRepo(pool),
    notes: new PostgresNoteRepo(pool),
    cannedResponses: new PostgresCannedResponseRepo(pool),
  };
}
