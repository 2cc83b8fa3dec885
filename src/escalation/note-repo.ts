import type { Db } from '../store/open-database';
import type { SqliteConnection } from '../store/sqlite-connection';

export interface Note {
  id: number;
  escalationId: number;
  conversationId: number;
  actor: string;
  text: string;
  /** Clinical notes are shown to clinicians only (minimum necessary). */
  clinical: boolean;
  createdAt: number;
}

/** A row of `escalation_notes`, with its escalation's route, as both stores read it. */
export interface NoteRow {
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

export function toNote(r: NoteRow): Note {
  return {
    id: r.id,
    escalationId: r.escalation_id,
    conversationId: r.conversation_id,
    actor: r.actor,
    text: r.text,
    clinical: r.clinical === null ? r.escalation_route !== 'request' && r.escalation_route !== 'human' : r.clinical === 1,
    createdAt: r.created_at,
  };
}

/** What NoteRepo.add is given. */
export interface NewNote {
  escalationId: number;
  conversationId: number;
  actor: string;
  text: string;
  clinical?: boolean;
  at: number;
}

/** The note NoteRepo.add just stored under `id`, with its `clinical` decided. */
export function addedNote(id: number, input: NewNote, clinical: boolean): Note {
  return {
    id,
    escalationId: input.escalationId,
    conversationId: input.conversationId,
    actor: input.actor,
    text: input.text,
    clinical,
    createdAt: input.at,
  };
}

/** Internal staff notes on a conversation: never sent to the patient, append-only (schema triggers). */
export interface NoteRepo {
  /** `clinical` unset counts as clinical: a note nobody classified is withheld from front-desk agents. */
  add(input: NewNote): Promise<Note>;
  listForConversation(conversationId: number): Promise<Note[]>;
  maxId(): Promise<number>;
}

/** NoteRepo on SQLite. */
export class SqliteNoteRepo implements NoteRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  /** `clinical` unset counts as clinical: a note nobody classified is withheld from front-desk agents. */
  add(input: NewNote): Promise<Note> {
    return this.sql.run(() => {
      const clinical = input.clinical ?? true;
      const result = this.db
        .prepare(
          'INSERT INTO escalation_notes (escalation_id, conversation_id, actor, text, clinical, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(input.escalationId, input.conversationId, input.actor, input.text, clinical ? 1 : 0, input.at);
      return addedNote(Number(result.lastInsertRowid), input, clinical);
    });
  }

  listForConversation(conversationId: number): Promise<Note[]> {
    return this.sql.run(() => {
      const rows = this.db
        .prepare(
          `SELECT n.*, e.route AS escalation_route FROM escalation_notes n LEFT JOIN escalations e ON e.id = n.escalation_id
         WHERE n.conversation_id = ? ORDER BY n.id`,
        )
        .all(conversationId) as NoteRow[];
      return rows.map(toNote);
    });
  }

  maxId(): Promise<number> {
    return this.sql.run(() => {
      return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM escalation_notes').get() as { n: number }).n;
    });
  }
}
