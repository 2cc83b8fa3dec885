import { createHash } from 'node:crypto';
import type { Db } from '../store/open-database';
import type { SqliteConnection } from '../store/sqlite-connection';

export const LABEL_STATUSES = ['pending', 'accepted', 'rejected', 'superseded'] as const;
export type LabelStatus = (typeof LABEL_STATUSES)[number];

/** Where a label came from: a person marking a message's intent, or a queue item moved to another route. */
export type LabelSource = 'label' | 'reroute';

/** Staff's word on a patient message's intent, pending an admin's review. It never holds the text. */
export interface TrainingLabel {
  id: number;
  messageId: number;
  conversationId: number;
  escalationId: number | null;
  intent: string;
  source: LabelSource;
  status: LabelStatus;
  labelledBy: string;
  labelledAt: number;
  reviewedBy: string | null;
  reviewedAt: number | null;
}

/** A row of `training_labels` (the columns both stores read). */
export interface TrainingLabelRow {
  id: number;
  message_id: number;
  conversation_id: number;
  escalation_id: number | null;
  intent: string;
  source: LabelSource;
  status: LabelStatus;
  labelled_by: string;
  labelled_at: number;
  reviewed_by: string | null;
  reviewed_at: number | null;
}

/** The columns of a label, without the example text (read only by the trainer and the export). */
export const LABEL_COLUMNS =
  'id, message_id, conversation_id, escalation_id, intent, source, status, labelled_by, labelled_at, reviewed_by, reviewed_at';

export function toLabel(row: TrainingLabelRow): TrainingLabel {
  return {
    id: row.id,
    messageId: row.message_id,
    conversationId: row.conversation_id,
    escalationId: row.escalation_id,
    intent: row.intent,
    source: row.source,
    status: row.status,
    labelledBy: row.labelled_by,
    labelledAt: row.labelled_at,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
  };
}

export interface NewLabel {
  messageId: number;
  conversationId: number;
  escalationId: number | null;
  intent: string;
  source: LabelSource;
  actor: string;
  at: number;
}

/** An accepted label: the intent and the message's text as it was accepted. */
export interface AcceptedExample {
  id: number;
  intent: string;
  text: string;
}

/**
 * The version of the accepted examples: it changes whenever one is accepted, superseded or erased,
 * so every instance sharing the database sees that its model is out of date.
 */
export function examplesVersion(rows: ReadonlyArray<{ id: number; intent: string }>): string {
  if (rows.length === 0) return 'intents';
  const hash = createHash('sha256')
    .update(rows.map((r) => `${r.id}:${r.intent}`).join(','))
    .digest('hex')
    .slice(0, 12);
  return `labels-${rows.length}-${hash}`;
}

/**
 * Staff labels on patient messages and the practice's own training examples they become. A new
 * label on a message replaces that message's pending one; accepting a label copies the message's
 * text as the example and supersedes the message's earlier accepted label.
 */
export interface TrainingLabelRepo {
  upsertPending(input: NewLabel): Promise<TrainingLabel>;
  get(id: number): Promise<TrainingLabel | undefined>;
  /** Pending labels, oldest first. */
  listPending(limit: number): Promise<TrainingLabel[]>;
  /** Only a pending label: false otherwise. */
  accept(id: number, review: { actor: string; at: number; text: string }): Promise<boolean>;
  reject(id: number, review: { actor: string; at: number }): Promise<boolean>;
  /** The accepted examples, oldest first. */
  acceptedExamples(): Promise<AcceptedExample[]>;
  /** examplesVersion of the accepted examples, read cheaply (every instance polls it). */
  version(): Promise<string>;
  /** A patient's data goes: every label on their conversation, examples included. */
  removeForConversation(conversationId: number): Promise<number>;
}

/** TrainingLabelRepo on SQLite. */
export class SqliteTrainingLabelRepo implements TrainingLabelRepo {
  constructor(private readonly sql: SqliteConnection) {}

  private get db(): Db {
    return this.sql.db;
  }

  private getSync(id: number): TrainingLabel | undefined {
    const row = this.db.prepare(`SELECT ${LABEL_COLUMNS} FROM training_labels WHERE id = ?`).get(id) as TrainingLabelRow | undefined;
    return row && toLabel(row);
  }

  upsertPending(input: NewLabel): Promise<TrainingLabel> {
    return this.sql.run(() =>
      this.db.transaction(() => {
        const pending = this.db
          .prepare(`SELECT id FROM training_labels WHERE message_id = ? AND status = 'pending'`)
          .get(input.messageId) as { id: number } | undefined;
        if (pending) {
          this.db
            .prepare('UPDATE training_labels SET intent = ?, source = ?, labelled_by = ?, labelled_at = ?, escalation_id = ? WHERE id = ?')
            .run(input.intent, input.source, input.actor, input.at, input.escalationId, pending.id);
          return this.getSync(pending.id) as TrainingLabel;
        }
        const result = this.db
          .prepare(
            `INSERT INTO training_labels (message_id, conversation_id, escalation_id, intent, source, status, labelled_by, labelled_at)
           VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
          )
          .run(input.messageId, input.conversationId, input.escalationId, input.intent, input.source, input.actor, input.at);
        return this.getSync(Number(result.lastInsertRowid)) as TrainingLabel;
      })(),
    );
  }

  get(id: number): Promise<TrainingLabel | undefined> {
    return this.sql.run(() => this.getSync(id));
  }

  listPending(limit: number): Promise<TrainingLabel[]> {
    return this.sql.run(() =>
      (
        this.db
          .prepare(`SELECT ${LABEL_COLUMNS} FROM training_labels WHERE status = 'pending' ORDER BY id LIMIT ?`)
          .all(limit) as TrainingLabelRow[]
      ).map(toLabel),
    );
  }

  accept(id: number, review: { actor: string; at: number; text: string }): Promise<boolean> {
    return this.sql.run(() =>
      this.db.transaction(() => {
        const label = this.getSync(id);
        if (!label || label.status !== 'pending') return false;
        this.db
          .prepare(`UPDATE training_labels SET status = 'superseded' WHERE message_id = ? AND status = 'accepted'`)
          .run(label.messageId);
        this.db
          .prepare(`UPDATE training_labels SET status = 'accepted', reviewed_by = ?, reviewed_at = ?, example_text = ? WHERE id = ?`)
          .run(review.actor, review.at, review.text, id);
        return true;
      })(),
    );
  }

  reject(id: number, review: { actor: string; at: number }): Promise<boolean> {
    return this.sql.run(
      () =>
        this.db
          .prepare(`UPDATE training_labels SET status = 'rejected', reviewed_by = ?, reviewed_at = ? WHERE id = ? AND status = 'pending'`)
          .run(review.actor, review.at, id).changes === 1,
    );
  }

  acceptedExamples(): Promise<AcceptedExample[]> {
    return this.sql.run(
      () =>
        this.db
          .prepare(`SELECT id, intent, example_text AS text FROM training_labels WHERE status = 'accepted' ORDER BY id`)
          .all() as AcceptedExample[],
    );
  }

  version(): Promise<string> {
    return this.sql.run(() =>
      examplesVersion(
        this.db.prepare(`SELECT id, intent FROM training_labels WHERE status = 'accepted' ORDER BY id`).all() as Array<{
          id: number;
          intent: string;
        }>,
      ),
    );
  }

  removeForConversation(conversationId: number): Promise<number> {
    return this.sql.run(() => this.db.prepare('DELETE FROM training_labels WHERE conversation_id = ?').run(conversationId).changes);
  }
}
