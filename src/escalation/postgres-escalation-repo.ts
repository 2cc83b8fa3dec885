import type { ContentKind } from '../triage/content-kind';
import type { PostgresPool } from '../store/postgres/postgres-pool';
import type { EscalationRoute } from '../triage/types';
import { escalationPriority } from './escalation-priority';
import {
  CHANGE_ROUTE_SQL,
  CHANGE_TOKEN_SQL,
  changeTokenOf,
  RECENTLY_RESOLVED_SQL,
  REOPEN_SQL,
  toEscalation,
  type EscalationNeed,
  type EscalationRaise,
} from './escalation-repo';
import type { QueuePolicy } from '../platform/config';
import { MANUAL_QUEUE } from './assignment';
import { PostgresAssignmentRepo } from './postgres-assignment-repo';
import { followUpHolder } from './follow-up';
import type { ChangeTokenRow, Escalation, EscalationRepo, EscalationResolution, EscalationRow } from './escalation-repo';

/**
 * Items that are the same request: one per route, and per intent among requests (an appointment and
 * a refill are separate items even though both go to the front desk).
 */
const SAME_REQUEST = `route = $2 AND (route <> 'request' OR intent = $3)`;

/**
 * Decisions that read the conversation's open items and then write (open or join, reopen) lock the
 * conversation's row first: PostgreSQL runs them side by side, and two of them deciding on the same
 * snapshot would open two items for one request.
 */
const LOCK_CONVERSATION = 'SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE';

/** EscalationRepo on PostgreSQL. */
export class PostgresEscalationRepo implements EscalationRepo {
  private readonly assignment: PostgresAssignmentRepo;

  constructor(
    private readonly pool: PostgresPool,
    private readonly policy: QueuePolicy = MANUAL_QUEUE,
  ) {
    this.assignment = new PostgresAssignmentRepo(pool);
  }

  /**
   * Opens an item for this request, or joins the conversation's open item for the same request (see
   * SAME_REQUEST) and marks it updated. `separate` always opens a new item (a completed guided request
   * is a request of its own). `sourceKey` (the inbound event) makes a replayed turn a no-op. Returns
   * the item and whether it was created.
   */
  openOrRaise(input: EscalationRaise): Promise<{ escalation: Escalation; created: boolean; reopened?: boolean }> {
    return this.pool.withTransaction(async (tx) => {
      await tx.query(LOCK_CONVERSATION, [input.conversationId]);
      const replayed = (await tx.query<EscalationRow>('SELECT * FROM escalations WHERE source_key = $1', [input.sourceKey])).rows[0];
      if (replayed) return { escalation: toEscalation(replayed), created: false };
      const existing = input.separate ? undefined : await this.openSameRequest(input.conversationId, input.route, input.intent);
      if (existing) {
        const { rows } = await tx.query<EscalationRow>('UPDATE escalations SET updated_at = $1 WHERE id = $2 RETURNING *', [
          input.at,
          existing.id,
        ]);
        return { escalation: toEscalation(rows[0]!), created: false };
      }
      const followUp =
        input.separate || this.policy.reopenWithinMs <= 0
          ? undefined
          : (
              await tx.query<EscalationRow>(RECENTLY_RESOLVED_SQL(['$1', '$2', '$3', '$4']), [
                input.conversationId,
                input.at - this.policy.reopenWithinMs,
                input.route,
                input.intent,
              ])
            ).rows[0];
      if (followUp) {
        const holder = followUpHolder(followUp, await this.assignment.staffLoad(input.at), this.policy, input.at);
        await tx.query(REOPEN_SQL(['$1', '$2', '$3', '$4']), [input.at, holder, holder === null ? null : input.at, followUp.id]);
        await this.assignment.assignWaitingNow(this.policy, input.at);
        return { escalation: (await this.get(followUp.id)) as Escalation, created: false, reopened: true };
      }
      const { rows } = await tx.query<EscalationRow>(
        `INSERT INTO escalations (conversation_id, source_key, route, intent, priority, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'open', $6, $6) RETURNING *`,
        [input.conversationId, input.sourceKey, input.route, input.intent, escalationPriority(input.route), input.at],
      );
      if ((await this.assignment.assignWaitingNow(this.policy, input.at)).length === 0)
        return { escalation: toEscalation(rows[0]!), created: true };
      return { escalation: (await this.get(rows[0]!.id)) as Escalation, created: true };
    });
  }

  async get(id: number): Promise<Escalation | undefined> {
    const row = (await this.pool.query<EscalationRow>('SELECT * FROM escalations WHERE id = $1', [id])).rows[0];
    return row && toEscalation(row);
  }

  /** The conversation's newest open item. */
  async openForConversation(conversationId: number): Promise<Escalation | undefined> {
    const { rows } = await this.pool.query<EscalationRow>(
      `SELECT * FROM escalations WHERE conversation_id = $1 AND status = 'open' ORDER BY id DESC LIMIT 1`,
      [conversationId],
    );
    return rows[0] && toEscalation(rows[0]);
  }

  /** The conversation's most recent item, open or resolved; undefined when it never had one. */
  async latestForConversation(conversationId: number): Promise<Escalation | undefined> {
    const { rows } = await this.pool.query<EscalationRow>('SELECT * FROM escalations WHERE conversation_id = $1 ORDER BY id DESC LIMIT 1', [
      conversationId,
    ]);
    return rows[0] && toEscalation(rows[0]);
  }

  /** The conversation's open items, most urgent first, then oldest first. */
  async listOpenForConversation(conversationId: number): Promise<Escalation[]> {
    const { rows } = await this.pool.query<EscalationRow>(
      `SELECT * FROM escalations WHERE conversation_id = $1 AND status = 'open' ORDER BY priority, created_at, id`,
      [conversationId],
    );
    return rows.map(toEscalation);
  }

  private async openSameRequest(conversationId: number, route: EscalationRoute, intent: string): Promise<Escalation | undefined> {
    const { rows } = await this.pool.query<EscalationRow>(
      `SELECT * FROM escalations WHERE conversation_id = $1 AND status = 'open' AND ${SAME_REQUEST} ORDER BY id DESC LIMIT 1`,
      [conversationId, route, intent],
    );
    return rows[0] && toEscalation(rows[0]);
  }

  /** Marks the items as just acknowledged to the patient. */
  async markAcknowledged(ids: readonly number[], at: number): Promise<void> {
    if (ids.length === 0) return;
    await this.pool.query('UPDATE escalations SET acknowledged_at = $1 WHERE id = ANY($2::bigint[])', [at, [...ids]]);
  }

  /** Open items, most urgent first, then oldest first. */
  async listOpen(limit = 500): Promise<Escalation[]> {
    const { rows } = await this.pool.query<EscalationRow>(
      `SELECT * FROM escalations WHERE status = 'open' ORDER BY priority, created_at, id LIMIT $1`,
      [limit],
    );
    return rows.map(toEscalation);
  }

  async resolve(id: number, actor: string, at: number, resolution: EscalationResolution = 'resolved'): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE escalations SET status = 'resolved', resolution = $1, resolved_at = $2, resolved_by = $3, updated_at = $2 WHERE id = $4 AND status = 'open'`,
      [resolution, at, actor, id],
    );
    return result.rowCount === 1;
  }

  /** Items closed since `since`, most recent first (the console's "recently resolved" list, for reopening). */
  async listResolved(since: number, limit = 200): Promise<Escalation[]> {
    const { rows } = await this.pool.query<EscalationRow>(
      `SELECT * FROM escalations WHERE status = 'resolved' AND resolved_at >= $1 ORDER BY resolved_at DESC, id DESC LIMIT $2`,
      [since, limit],
    );
    return rows.map(toEscalation);
  }

  /**
   * Assigns an open item to `userId` unless someone else holds it. Atomic: of two people claiming
   * at once exactly one wins (the second UPDATE waits for the first and re-checks its WHERE on the
   * row the first wrote). Claiming an item you already hold succeeds.
   */
  async claim(id: number, userId: number, at: number): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE escalations SET assigned_to = $1, assigned_at = CASE WHEN assigned_to = $1 THEN assigned_at ELSE $2 END, updated_at = $2
       WHERE id = $3 AND status = 'open' AND (assigned_to IS NULL OR assigned_to = $1)`,
      [userId, at, id],
    );
    return result.rowCount === 1;
  }

  /** Sets or clears the assignee of an open item, whoever holds it (admin reassign, release). */
  async assign(id: number, userId: number | null, at: number): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE escalations SET assigned_to = $1, assigned_at = $2, updated_at = $3 WHERE id = $4 AND status = 'open'`,
      [userId, userId === null ? null : at, at, id],
    );
    return result.rowCount === 1;
  }

  /**
   * Puts a resolved item back in the queue, assigned to `userId` (null: unassigned). Refused while
   * its conversation has another open item for the same request (see SAME_REQUEST).
   */
  reopen(id: number, userId: number | null, at: number): Promise<boolean> {
    return this.pool.withTransaction(async (tx) => {
      const item = (await tx.query<{ conversation_id: number }>('SELECT conversation_id FROM escalations WHERE id = $1', [id])).rows[0];
      if (!item) return false;
      await tx.query(LOCK_CONVERSATION, [item.conversation_id]);
      const result = await tx.query(REOPEN_SQL(['$1', '$2', '$3', '$4']), [at, userId, userId === null ? null : at, id]);
      return result.rowCount === 1;
    });
  }

  /** The open item that stops `id` from being reopened (same conversation, same request). */
  async openSameRequestAs(id: number): Promise<Escalation | undefined> {
    const item = await this.get(id);
    return item && this.openSameRequest(item.conversationId, item.route, item.intent);
  }

  /**
   * Where the item stands since `since` (its start): the last staff reply sent on this item, and the
   * first patient message after it. The SLA clock runs from that message ("next reply time"). A reply
   * on another item of the same conversation answers that request, not this one.
   */
  async replyState(
    escalation: Pick<Escalation, 'id' | 'conversationId'>,
    since: number,
  ): Promise<{ lastStaffAt: number | null; patientSinceStaffAt: number | null }> {
    // Staff replies are queued under the key `staff:<item id>:…` (see reply-to-patient).
    const last = (
      await this.pool.query<{ last: number | null }>(
        `SELECT MAX(m.created_at) AS last FROM messages m JOIN outbox o ON o.message_id = m.id
         WHERE m.conversation_id = $1 AND m.author = 'staff' AND m.created_at >= $2 AND o.dedupe_key LIKE $3`,
        [escalation.conversationId, since, `staff:${escalation.id}:%`],
      )
    ).rows[0]!.last;
    if (last === null) return { lastStaffAt: null, patientSinceStaffAt: null };
    const after = await this.pool.query<{ first: number | null }>(
      `SELECT MIN(created_at) AS first FROM messages WHERE conversation_id = $1 AND author = 'patient' AND created_at > $2`,
      [escalation.conversationId, last],
    );
    return { lastStaffAt: last, patientSinceStaffAt: after.rows[0]!.first };
  }

  /** Changes whenever the conversation's transcript, delivery states or notes change (the console refreshes an open thread on it). */
  async threadVersion(conversationId: number): Promise<string> {
    const { rows } = await this.pool.query<{ m: string; n: number }>(
      `SELECT (SELECT COALESCE(MAX(id), 0) || ':' || COUNT(*) || ':' || COUNT(*) FILTER (WHERE status = 'queued')
                 FROM messages WHERE conversation_id = $1) AS m,
              (SELECT COALESCE(MAX(id), 0) FROM escalation_notes WHERE conversation_id = $1) AS n`,
      [conversationId],
    );
    return `${rows[0]!.m}:${rows[0]!.n}`;
  }

  /** Why outgoing messages of a conversation are not (yet) delivered, by message id (our own wording, no patient text). */
  async deliveryProblems(conversationId: number): Promise<Map<number, string>> {
    const { rows } = await this.pool.query<{ message_id: number; last_error: string }>(
      `SELECT message_id, last_error FROM outbox
       WHERE conversation_id = $1 AND message_id IS NOT NULL AND last_error IS NOT NULL AND status <> 'sent'`,
      [conversationId],
    );
    return new Map(rows.map((r) => [r.message_id, r.last_error]));
  }

  /**
   * A cheap value that changes whenever the open queue or any thread in it changes (new item, raise,
   * claim, resolve, new message, delivery status, note): the live queue polls it.
   */
  async changeToken(): Promise<string> {
    const { rows } = await this.pool.query<ChangeTokenRow>(CHANGE_TOKEN_SQL);
    return changeTokenOf(rows[0]!);
  }

  /** When the conversation's last item was resolved or handed back to the bot (for the bot disclosure). */
  async lastClosedAt(conversationId: number): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ at: number | null }>(
      `SELECT MAX(resolved_at) AS at FROM escalations WHERE conversation_id = $1 AND status = 'resolved'`,
      [conversationId],
    );
    return rows[0]!.at ?? undefined;
  }

  /** What a guided request collected (appointment or refill details), shown in the queue. */
  async setSummary(id: number, summary: string, kind: ContentKind): Promise<void> {
    await this.pool.query('UPDATE escalations SET summary = $1, summary_kind = $2 WHERE id = $3', [summary, kind, id]);
  }

  changeRoute(id: number, route: EscalationRoute, intent: string, at: number): Promise<boolean> {
    return this.pool.withTransaction(async (tx) => {
      const item = (await tx.query<{ conversation_id: number }>('SELECT conversation_id FROM escalations WHERE id = $1', [id])).rows[0];
      if (!item) return false;
      await tx.query(LOCK_CONVERSATION, [item.conversation_id]);
      const result = await tx.query(CHANGE_ROUTE_SQL(['$1', '$2', '$3', '$4', '$5']), [route, intent, escalationPriority(route), at, id]);
      return result.rowCount === 1;
    });
  }

  async setNeeds(id: number, needs: readonly EscalationNeed[]): Promise<void> {
    await this.pool.query('UPDATE escalations SET needs = $1 WHERE id = $2', [JSON.stringify(needs), id]);
  }
}
