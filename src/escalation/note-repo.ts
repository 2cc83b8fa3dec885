import type { Db } from '../store/open-database';

export interface Note {
  id: number;
  escalationId: number;
  conversationId: number;
  actor: string;
  text: string;
  createdAt: number;
}

interface Row {
  id: number;
  escalation_id: number;
  conversation_id: number;
  actor: string;
  text: string;
  created_at: number;
}

/** Internal staff notes on a conversation: never sent to the patient, append-only (schema triggers). */
export class NoteRepo {
  constructor(private readonly db: Db) {}

  add(input: { escalationId: number; conversationId: number; actor: string; text: string; at: number }): Note {
    const result = this.db
      .prepare('INSERT INTO escalation_notes (escalation_id, conversation_id, actor, text, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(input.escalationId, input.conversationId, input.actor, input.text, input.at);
    return { id: Number(result.lastInsertRowid), ...input, createdAt: input.at };
  }

  listForConversation(conversationId: number): Note[] {
    return (this.db.prepare('SELECT * FROM escalation_notes WHERE conversation_id = ? ORDER BY id').all(conversationId) as Row[]).map((r) => ({
      id: r.id,
      escalationId: r.escalation_id,
      conversationId: r.conversation_id,
      actor: r.actor,
      text: r.text,
      createdAt: r.created_at,
    }));
  }

  maxId(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM escalation_notes').get() as { n: number }).n;
  }
}
