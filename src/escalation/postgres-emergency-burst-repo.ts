import type { PostgresPool } from '../store/postgres/postgres-pool';
import { OPEN_BURST_SQL, toBurst, type EmergencyBurst, type EmergencyBurstRepo, type EmergencyBurstRow } from './emergency-burst-repo';

/** EmergencyBurstRepo on PostgreSQL. */
export class PostgresEmergencyBurstRepo implements EmergencyBurstRepo {
  constructor(private readonly pool: PostgresPool) {}

  async start(escalationId: number, sourceKey: string, conversationId: number, at: number): Promise<void> {
    await this.pool.withTransaction(async (tx) => {
      await tx.query(
        'INSERT INTO emergency_bursts (escalation_id, source_key, first_at, last_at) VALUES ($1, $2, $3, $3) ON CONFLICT DO NOTHING',
        [escalationId, sourceKey, at],
      );
      await tx.query(
        'INSERT INTO emergency_burst_members (escalation_id, conversation_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [escalationId, conversationId, at],
      );
    });
  }

  join(sourceKey: string, since: number, conversationId: number, at: number): Promise<number | undefined> {
    return this.pool.withTransaction(async (tx) => {
      const open = (await tx.query<{ escalation_id: number }>(`${OPEN_BURST_SQL((n) => `$${n}`)} FOR UPDATE OF b`, [sourceKey, since]))
        .rows[0];
      if (!open) return undefined;
      const own = (
        await tx.query<{ conversation_id: number }>('SELECT conversation_id FROM escalations WHERE id = $1', [open.escalation_id])
      ).rows[0];
      if (own?.conversation_id === conversationId) return undefined;
      await tx.query('UPDATE emergency_bursts SET messages = messages + 1, last_at = $1 WHERE escalation_id = $2', [
        at,
        open.escalation_id,
      ]);
      await tx.query(
        'INSERT INTO emergency_burst_members (escalation_id, conversation_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [open.escalation_id, conversationId, at],
      );
      await tx.query('UPDATE escalations SET updated_at = $1 WHERE id = $2', [at, open.escalation_id]);
      return open.escalation_id;
    });
  }

  async get(escalationId: number): Promise<EmergencyBurst | undefined> {
    const row = (await this.pool.query<EmergencyBurstRow>('SELECT * FROM emergency_bursts WHERE escalation_id = $1', [escalationId]))
      .rows[0];
    if (!row) return undefined;
    const { rows } = await this.pool.query<{ conversation_id: number }>(
      'SELECT conversation_id FROM emergency_burst_members WHERE escalation_id = $1 ORDER BY at, conversation_id',
      [escalationId],
    );
    return toBurst(
      row,
      rows.map((m) => m.conversation_id),
    );
  }
}
