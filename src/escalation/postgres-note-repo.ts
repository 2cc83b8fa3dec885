import type { PostgresPool } from '../store/postgres/postgres-pool';
import type { Note, NoteRepo } from './note-repo';

interface Row {
  id: number;
  escalation_id: number;
  conversation_id: number;
  actor: string;
  text: string;
  /** 0/1; NULL on notes written before notes were marked: clinical when their escalation was. */
  clinical: number | null;
  escalation_route: string | null;
  created_at: number;
}

/** NoteRepo on PostgreSQL; the schema's triggers keep notes append-only. */
export class PostgresNoteRepo implements NoteRepo {
  constructor(private readonly pool: PostgresPool) {}

  /** `clinical` unset counts as clinical: a note nobody classified is withheld from front-desk agents. */
  async add(input: {
    escalationId: number;
    conversationId: number;
    actor: string;
    text: string;
    clinical?: boolean;
    at: number;
  }): Promise<Note> {
    const clinical = input.clinical ?? true;
    const result = await this.pool.query<{ id: number }>(
      'INSERT INTO escalation_notes (escalation_id, conversation_id, actor, text, clinical, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [input.escalationId, input.conversationId, input.actor, input.text, clinical ? 1 : 0, input.at],
    );
    return {
      id: result.rows[0]!.id,
      escalationId: input.escalationId,
      conversationId: input.conversationId,
      actor: input.actor,
      text: input.text,
      clinical,
      createdAt: input.at,
    };
  }

  async listForConversation(conversationId: number): Promise<Note[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT n.*, e.route AS escalation_route FROM escalation_notes n LEFT JOIN escalations e ON e.id = n.escalation_id
       WHERE n.conversation_id = $1 ORDER BY n.id`,
      [conversationId],
    );
    return rows.map((r) => ({
      id: r.id,
      escalationId: r.escalation_id,
      conversationId: r.conversation_id,
      actor: r.actor,
      text: r.text,
      clinical: r.clinical === null ? r.escalation_route !== 'request' && r.escalation_route !== 'human' : r.clinical === 1,
      createdAt: r.created_at,
    }));
  }

  async maxId(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT COALESCE(MAX(id), 0) AS n FROM escalation_notes');
    return rows[0]!.n;
  }
}
