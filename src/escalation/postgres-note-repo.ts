import type { PostgresPool } from '../store/postgres/postgres-pool';
import { addedNote, toNote } from './note-repo';
import type { NewNote, Note, NoteRepo, NoteRow } from './note-repo';

/** NoteRepo on PostgreSQL; the schema's triggers keep notes append-only. */
export class PostgresNoteRepo implements NoteRepo {
  constructor(private readonly pool: PostgresPool) {}

  /** `clinical` unset counts as clinical: a note nobody classified is withheld from front-desk agents. */
  async add(input: NewNote): Promise<Note> {
    const clinical = input.clinical ?? true;
    const result = await this.pool.query<{ id: number }>(
      'INSERT INTO escalation_notes (escalation_id, conversation_id, actor, text, clinical, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [input.escalationId, input.conversationId, input.actor, input.text, clinical ? 1 : 0, input.at],
    );
    return addedNote(result.rows[0]!.id, input, clinical);
  }

  async listForConversation(conversationId: number): Promise<Note[]> {
    const { rows } = await this.pool.query<NoteRow>(
      `SELECT n.*, e.route AS escalation_route FROM escalation_notes n LEFT JOIN escalations e ON e.id = n.escalation_id
       WHERE n.conversation_id = $1 ORDER BY n.id`,
      [conversationId],
    );
    return rows.map(toNote);
  }

  async maxId(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT COALESCE(MAX(id), 0) AS n FROM escalation_notes');
    return rows[0]!.n;
  }
}
