import type { PostgresPool } from '../store/postgres/postgres-pool';
import { examplesVersion, LABEL_COLUMNS, toLabel } from './training-label-repo';
import type { AcceptedExample, NewLabel, TrainingLabel, TrainingLabelRepo, TrainingLabelRow } from './training-label-repo';

/** TrainingLabelRepo on PostgreSQL. */
export class PostgresTrainingLabelRepo implements TrainingLabelRepo {
  constructor(private readonly pool: PostgresPool) {}

  async upsertPending(input: NewLabel): Promise<TrainingLabel> {
    return this.pool.withTransaction(async () => {
      const pending = (
        await this.pool.query<{ id: number }>(`SELECT id FROM training_labels WHERE message_id = $1 AND status = 'pending' FOR UPDATE`, [
          input.messageId,
        ])
      ).rows[0];
      const { rows } = pending
        ? await this.pool.query<TrainingLabelRow>(
            `UPDATE training_labels SET intent = $1, source = $2, labelled_by = $3, labelled_at = $4, escalation_id = $5 WHERE id = $6
             RETURNING ${LABEL_COLUMNS}`,
            [input.intent, input.source, input.actor, input.at, input.escalationId, pending.id],
          )
        : await this.pool.query<TrainingLabelRow>(
            `INSERT INTO training_labels (message_id, conversation_id, escalation_id, intent, source, status, labelled_by, labelled_at)
             VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) RETURNING ${LABEL_COLUMNS}`,
            [input.messageId, input.conversationId, input.escalationId, input.intent, input.source, input.actor, input.at],
          );
      return toLabel(rows[0]!);
    });
  }

  async get(id: number): Promise<TrainingLabel | undefined> {
    const row = (await this.pool.query<TrainingLabelRow>(`SELECT ${LABEL_COLUMNS} FROM training_labels WHERE id = $1`, [id])).rows[0];
    return row && toLabel(row);
  }

  async listPending(limit: number): Promise<TrainingLabel[]> {
    const { rows } = await this.pool.query<TrainingLabelRow>(
      `SELECT ${LABEL_COLUMNS} FROM training_labels WHERE status = 'pending' ORDER BY id LIMIT $1`,
      [limit],
    );
    return rows.map(toLabel);
  }

  async accept(id: number, review: { actor: string; at: number; text: string }): Promise<boolean> {
    return this.pool.withTransaction(async () => {
      const label = (
        await this.pool.query<{ message_id: number }>(
          `SELECT message_id FROM training_labels WHERE id = $1 AND status = 'pending' FOR UPDATE`,
          [id],
        )
      ).rows[0];
      if (!label) return false;
      await this.pool.query(`UPDATE training_labels SET status = 'superseded' WHERE message_id = $1 AND status = 'accepted'`, [
        label.message_id,
      ]);
      await this.pool.query(
        `UPDATE training_labels SET status = 'accepted', reviewed_by = $1, reviewed_at = $2, example_text = $3 WHERE id = $4`,
        [review.actor, review.at, review.text, id],
      );
      return true;
    });
  }

  async reject(id: number, review: { actor: string; at: number }): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE training_labels SET status = 'rejected', reviewed_by = $1, reviewed_at = $2 WHERE id = $3 AND status = 'pending'`,
      [review.actor, review.at, id],
    );
    return result.rowCount === 1;
  }

  async acceptedExamples(): Promise<AcceptedExample[]> {
    return (
      await this.pool.query<AcceptedExample>(
        `SELECT id, intent, example_text AS text FROM training_labels WHERE status = 'accepted' ORDER BY id`,
      )
    ).rows;
  }

  async version(): Promise<string> {
    const { rows } = await this.pool.query<{ id: number; intent: string }>(
      `SELECT id, intent FROM training_labels WHERE status = 'accepted' ORDER BY id`,
    );
    return examplesVersion(rows);
  }

  async removeForConversation(conversationId: number): Promise<number> {
    return (await this.pool.query('DELETE FROM training_labels WHERE conversation_id = $1', [conversationId])).rowCount ?? 0;
  }
}
