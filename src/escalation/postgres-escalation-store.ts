import type { PostgresPool } from '../store/postgres/postgres-pool';
import type { EscalationStore } from './escalation-store';
import { PostgresNoteRepo } from './postgres-note-repo';

/** The queue's records on PostgreSQL (the repositories ported so far). */
export function postgresEscalationRepos(pool: PostgresPool): Pick<EscalationStore, 'notes'> {
  return {
    notes: new PostgresNoteRepo(pool),
  };
}
