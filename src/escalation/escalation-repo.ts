import type { EscalationRoute } from '../triage/types';
import type { ContentKind } from '../triage/content-kind';
import { escalationPriority } from './escalation-priority';
import type { Db } from '../store/open-database';
import type { SqliteConnection } from '../store/sqlite-connection';
import type { QueuePolicy } from '../platform/config';
import { MANUAL_QUEUE } from './assignment';
import { followUpHolder } from './follow-up';
import { SqliteAssignmentRepo } from './assignment-repo';

export interface Escalation {
  id: number;
  conversationId: number;
  route: EscalationRoute;
  intent: string;
  priority: number;
  status: 'open' | 'resolved';
  createdAt: number;
  updatedAt: number;
  resolvedAt: number | null;
  resolvedBy: string | null;
  /** Staff user who claimed the item (null: unassigned). */
  assignedTo: number | null;
  assignedAt: number | null;
  /** How a resolved item was closed: answered by staff, or handed back to the bot. */
  resolution: EscalationResolution | null;
  reopenedAt: number | null;
  /** What a guided request collected (appointment or refill details); patient-provided. */
  summary: string | null;
  /** Who may read the summary, decided when it was written: the most sensitive answer it repeats; null without a summary. */
  summaryKind: ContentKind | null;
  /** When the patient was last told that a message joined this item while it waited. */
  acknowledgedAt: number | null;
  /** Every need of the message that opened the item when it asked several things (empty otherwise). */
  needs: EscalationNeed[];
}

/**
 * One need of a message that asked several things: what kind of need it is, its intent, the
 * patient's words for it, and who may read those words (decided when it was written).
 */
export interface EscalationNeed {
  kind: 'question' | 'request' | 'clinical' | 'human';
  intent: string;
  summary: string;
  contentKind: ContentKind;
}

/** The stored needs column (JSON), read leniently: anything unreadable is no needs. */
function readNeeds(json: string | null): EscalationNeed[] {
  if (json === null) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as EscalationNeed[]) : [];
  } catch {
    return [];
  }
}

export type EscalationResolution = 'resolved' | 'handed_back';

/** A row of `escalations`, as both stores read it. */
export interface EscalationRow {
  id: number;
  conversation_id: number;
  route: EscalationRoute;
  intent: string;
  priority: number;
  status: 'open' | 'resolved';
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
  resolved_by: string | null;
  assigned_to: number | null;
  assigned_at: number | null;
  resolution: EscalationResolution | null;
  reopened_at: number | null;
  summary: string | null;
  /** NULL when unknown: withheld as clinical. */
  summary_kind: ContentKind | null;
  acknowledged_at: number | null;
  /** JSON list of EscalationNeed; NULL when the message had one need. */
  needs: string | null;
}

export function toEscalation(row: EscalationRow): Escalation {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    route: row.route,
    intent: row.intent,
    priority: row.priority,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    assignedTo: row.assigned_to,
    assignedAt: row.assigned_at,
    resolution: row.status === 'resolved' ? (row.resolution ?? 'resolved') : null,
    reopenedAt: row.reopened_at,
    summary: row.summary,
    summaryKind: row.summary === null ? null : (row.summary_kind ?? 'clinical'),
    acknowledgedAt: row.acknowledged_at,
    needs: readNeeds(row.needs ?? null),
  };
}

/**
 * Items that are the same request: one per route, and per intent among requests (an appointment and
 * a refill are separate items even though both go to the front desk).
 */
const SAME_REQUEST = `route = ? AND (route <> 'request' OR intent = ?)`;

/**
 * For an UPDATE of `escalations`: no other open item of the row's conversation is the same request
 * (SAME_REQUEST, said of the row being updated). No parameters: the same text on both stores.
 */
export const NO_OTHER_OPEN_SAME_REQUEST = `NOT EXISTS (SELECT 1 FROM escalations o WHERE o.conversation_id = escalations.conversation_id AND o.status = 'open'
             AND o.route = escalations.route AND (o.route <> 'request' OR o.intent = escalations.intent))`;

/**
 * Puts a resolved item back in the queue, unless its conversation has another open item for the
 * same request. Parameters: at, assignee, assigned at, item id.
 */
export const REOPEN_SQL = (p: readonly [string, string, string, string]) =>
  `UPDATE escalations SET status = 'open', resolution = NULL, resolved_at = NULL, resolved_by = NULL, reopened_at = ${p[0]},
     assigned_to = ${p[1]}, assigned_at = ${p[2]}, updated_at = ${p[0]}
   WHERE id = ${p[3]} AND status = 'resolved' AND ${NO_OTHER_OPEN_SAME_REQUEST}`;

/** The live queue's change token (see EscalationRepo.changeToken); no parameters, the same text on both stores. */
export const CHANGE_TOKEN_SQL = `SELECT
  (SELECT COUNT(*) || ':' || COALESCE(SUM(updated_at % 1000003), 0) || ':' || COALESCE(MAX(id), 0) FROM escalations WHERE status = 'open') AS q,
  (SELECT COALESCE(MAX(id), 0) FROM messages) AS m,
  (SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')) AS p,
  (SELECT COALESCE(MAX(id), 0) FROM escalation_notes) AS n,
  (SELECT COUNT(*) FROM escalations WHERE status = 'resolved') AS r`;

export interface ChangeTokenRow {
  q: string;
  m: number;
  p: number;
  n: number;
  r: number;
}

export function changeTokenOf(row: ChangeTokenRow): string {
  return `${row.q}|${row.m}|${row.p}|${row.n}|${row.r}`;
}

/** A reason to put a conversation in front of staff. */
/**
 * The conversation's latest item for the same request (SAME_REQUEST) resolved since a time: a
 * follow-up the patient writes soon after goes back to it. Never an emergency: a new emergency is
 * an item of its own, with its own alert, given at once to whoever is available now. Parameters:
 * conversation, since, route, intent.
 */
export const RECENTLY_RESOLVED_SQL = (p: readonly [string, string, string, string]) =>
  `SELECT * FROM escalations WHERE conversation_id = ${p[0]} AND status = 'resolved' AND resolved_at >= ${p[1]}
     AND route = ${p[2]} AND route <> 'emergency' AND (route <> 'request' OR intent = ${p[3]}) ORDER BY resolved_at DESC, id DESC LIMIT 1`;

export interface EscalationRaise {
  conversationId: number;
  sourceKey: string;
  route: EscalationRoute;
  intent: string;
  at: number;
  separate?: boolean;
}

/**
 * The staff queue: one item per request. A conversation may hold an emergency, a clinical question,
 * an appointment and a refill at once, each with its own route, priority, holder and resolution.
 */
export interface EscalationRepo {
  /**
   * Opens an item for this request, or joins the conversation's open item for the same request (see
   * SAME_REQUEST) and marks it updated. `separate` always opens a new item (a completed guided request
   * is a request of its own). `sourceKey` (the inbound event) makes a replayed turn a no-op. Returns
   * the item and whether it was created.
   *
   * With the queue policy's reopening on, a message for a request resolved within its window
   * reopens that item, assigned to the person who held it (see followUpHolder), instead of a new
   * one (`reopened`). With round robin on, a new or reopened item nobody holds is assigned in the
   * same transaction.
   */
  openOrRaise(input: EscalationRaise): Promise<{
    escalation: Escalation;
    created: boolean;
    reopened?: boolean;
  }>;
  get(id: number): Promise<Escalation | undefined>;
  /** The conversation's newest open item. */
  openForConversation(conversationId: number): Promise<Escalation | undefined>;
  /** The conversation's most recent item, open or resolved; undefined when it never had one. */
  latestForConversation(conversationId: number): Promise<Escalation | undefined>;
  /** The conversation's open items, most urgent first, then oldest first. */
  listOpenForConversation(conversationId: number): Promise<Escalation[]>;
  /** Marks the items as just acknowledged to the patient. */
  markAcknowledged(ids: readonly number[], at: number): Promise<void>;
  /** Open items, most urgent first, then oldest first. */
  listOpen(limit?: number): Promise<Escalation[]>;
  resolve(id: number, actor: string, at: number, resolution?: EscalationResolution): Promise<boolean>;
  /** Items closed since `since`, most recent first (the console's "recently resolved" list, for reopening). */
  listResolved(since: number, limit?: number): Promise<Escalation[]>;
  /**
   * Assigns an open item to `userId` unless someone else holds it. Atomic: of two people claiming
   * at once exactly one wins. Claiming an item you already hold succeeds.
   */
  claim(id: number, userId: number, at: number): Promise<boolean>;
  /** Sets or clears the assignee of an open item, whoever holds it (admin reassign, release). */
  assign(id: number, userId: number | null, at: number): Promise<boolean>;
  /**
   * Puts a resolved item back in the queue, assigned to `userId` (null: unassigned). Refused while
   * its conversation has another open item for the same request (see SAME_REQUEST).
   */
  reopen(id: number, userId: number | null, at: number): Promise<boolean>;
  /** The open item that stops `id` from being reopened (same conversation, same request). */
  openSameRequestAs(id: number): Promise<Escalation | undefined>;
  /**
   * Where the item stands since `since` (its start): the last staff reply sent on this item, and the
   * first patient message after it. The SLA clock runs from that message ("next reply time"). A reply
   * on another item of the same conversation answers that request, not this one.
   */
  replyState(
    escalation: Pick<Escalation, 'id' | 'conversationId'>,
    since: number,
  ): Promise<{ lastStaffAt: number | null; patientSinceStaffAt: number | null }>;
  /** Changes whenever the conversation's transcript, delivery states or notes change (the console refreshes an open thread on it). */
  threadVersion(conversationId: number): Promise<string>;
  /** Why outgoing messages of a conversation are not (yet) delivered, by message id (our own wording, no patient text). */
  deliveryProblems(conversationId: number): Promise<Map<number, string>>;
  /**
   * A cheap value that changes whenever the open queue or any thread in it changes (new item, raise,
   * claim, resolve, new message, delivery status, note): the live queue polls it.
   */
  changeToken(): Promise<string>;
  /** When the conversation's last item was resolved or handed back to the bot (for the bot disclosure). */
  lastClosedAt(conversationId: number): Promise<number | undefined>;
  /** What a guided request collected (appointment or refill details), shown in the queue. */
  setSummary(id: number, summary: string, kind: ContentKind): Promise<void>;
  /**
   * Moves an open item to another route (a handover between the clinical team and the front desk),
   * unassigned, with that route's priority. Refused while its conversation has another open item for
   * the same request on the new route.
   */
  changeRoute(id: number, route: EscalationRoute, intent: string, at: number): Promise<boolean>;
  /** Every need of the message behind the item, when it asked several things. */
  setNeeds(id: number, needs: readonly EscalationNeed[]): Promise<void>;
}

/**
 * Moves an open item to a new route and intent, unless another open item of its conversation is
 * that request. Parameters: route, intent, priority, at, item id.
 */
export const CHANGE_ROUTE_SQL = (p: readonly [string, string, string, string, string]) =>
  `UPDATE escalations SET route = ${p[0]}, intent = ${p[1]}, priority = ${p[2]}, assigned_to = NULL, assigned_at = NULL, updated_at = ${p[3]}
   WHERE id = ${p[4]} AND status = 'open' AND NOT EXISTS (SELECT 1 FROM escalations o WHERE o.conversation_id = escalations.conversation_id
     AND o.status = 'open' AND o.id <> escalations.id AND o.route = ${p[0]} AND (o.route <> 'request' OR o.intent = ${p[1]}))`;

/** EscalationRepo on SQLite. */
export class SqliteEscalationRepo implements EscalationRepo {
  private readonly assignment: SqliteAssignmentRepo;

  constructor(
    private readonly sql: SqliteConnection,
    private readonly policy: QueuePolicy = MANUAL_QUEUE,
  ) {
    this.assignment = new SqliteAssignmentRepo(sql);
  }

  private get db(): Db {
    return this.sql.db;
  }

  /**
   * Opens an item for this request, or joins the conversation's open item for the same request (see
   * SAME_REQUEST) and marks it updated. `separate` always opens a new item (a completed guided request
   * is a request of its own). `sourceKey` (the inbound event) makes a replayed turn a no-op. Returns
   * the item and whether it was created.
   */
  openOrRaise(input: EscalationRaise): Promise<{
    escalation: Escalation;
    created: boolean;
    reopened?: boolean;
  }> {
    return this.sql.run(() => {
      return this.db.transaction(() => {
        const replayed = this.db.prepare('SELECT * FROM escalations WHERE source_key = ?').get(input.sourceKey) as
          EscalationRow | undefined;
        if (replayed) return { escalation: toEscalation(replayed), created: false };
        const existing = input.separate ? undefined : this.openSameRequest(input.conversationId, input.route, input.intent);
        if (existing) {
          this.db.prepare('UPDATE escalations SET updated_at = ? WHERE id = ?').run(input.at, existing.id);
          return { escalation: this.getSync(existing.id) as Escalation, created: false };
        }
        const followUp = input.separate ? undefined : this.recentlyResolved(input);
        if (followUp) {
          const holder = followUpHolder(followUp, this.assignment.staffLoadNow(input.at), this.policy, input.at);
          this.reopenNow(followUp.id, holder, input.at);
          this.assignment.assignWaitingNow(this.policy, input.at);
          return { escalation: this.getSync(followUp.id) as Escalation, created: false, reopened: true };
        }
        const result = this.db
          .prepare(
            `INSERT INTO escalations (conversation_id, source_key, route, intent, priority, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'open', ?, ?)`,
          )
          .run(input.conversationId, input.sourceKey, input.route, input.intent, escalationPriority(input.route), input.at, input.at);
        this.assignment.assignWaitingNow(this.policy, input.at);
        return { escalation: this.getSync(Number(result.lastInsertRowid)) as Escalation, created: true };
      })();
    });
  }

  private recentlyResolved(input: EscalationRaise): EscalationRow | undefined {
    if (this.policy.reopenWithinMs <= 0) return undefined;
    return this.db
      .prepare(RECENTLY_RESOLVED_SQL(['?', '?', '?', '?']))
      .get(input.conversationId, input.at - this.policy.reopenWithinMs, input.route, input.intent) as EscalationRow | undefined;
  }

  get(id: number): Promise<Escalation | undefined> {
    return this.sql.run(() => this.getSync(id));
  }

  private getSync(id: number): Escalation | undefined {
    const row = this.db.prepare('SELECT * FROM escalations WHERE id = ?').get(id) as EscalationRow | undefined;
    return row && toEscalation(row);
  }

  /** The conversation's newest open item. */
  openForConversation(conversationId: number): Promise<Escalation | undefined> {
    return this.sql.run(() => {
      const row = this.db
        .prepare(`SELECT * FROM escalations WHERE conversation_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1`)
        .get(conversationId) as EscalationRow | undefined;
      return row && toEscalation(row);
    });
  }

  /** The conversation's most recent item, open or resolved; undefined when it never had one. */
  latestForConversation(conversationId: number): Promise<Escalation | undefined> {
    return this.sql.run(() => {
      const row = this.db.prepare('SELECT * FROM escalations WHERE conversation_id = ? ORDER BY id DESC LIMIT 1').get(conversationId) as
        EscalationRow | undefined;
      return row && toEscalation(row);
    });
  }

  /** The conversation's open items, most urgent first, then oldest first. */
  listOpenForConversation(conversationId: number): Promise<Escalation[]> {
    return this.sql.run(() => {
      return (
        this.db
          .prepare(`SELECT * FROM escalations WHERE conversation_id = ? AND status = 'open' ORDER BY priority, created_at, id`)
          .all(conversationId) as EscalationRow[]
      ).map(toEscalation);
    });
  }

  private openSameRequest(conversationId: number, route: EscalationRoute, intent: string): Escalation | undefined {
    const row = this.db
      .prepare(`SELECT * FROM escalations WHERE conversation_id = ? AND status = 'open' AND ${SAME_REQUEST} ORDER BY id DESC LIMIT 1`)
      .get(conversationId, route, intent) as EscalationRow | undefined;
    return row && toEscalation(row);
  }

  /** Marks the items as just acknowledged to the patient. */
  markAcknowledged(ids: readonly number[], at: number): Promise<void> {
    return this.sql.run(() => {
      const update = this.db.prepare('UPDATE escalations SET acknowledged_at = ? WHERE id = ?');
      for (const id of ids) update.run(at, id);
    });
  }

  /** Open items, most urgent first, then oldest first. */
  listOpen(limit = 500): Promise<Escalation[]> {
    return this.sql.run(() => {
      return (
        this.db
          .prepare(`SELECT * FROM escalations WHERE status = 'open' ORDER BY priority, created_at, id LIMIT ?`)
          .all(limit) as EscalationRow[]
      ).map(toEscalation);
    });
  }

  resolve(id: number, actor: string, at: number, resolution: EscalationResolution = 'resolved'): Promise<boolean> {
    return this.sql.run(() => {
      const result = this.db
        .prepare(
          `UPDATE escalations SET status = 'resolved', resolution = ?, resolved_at = ?, resolved_by = ?, updated_at = ? WHERE id = ? AND status = 'open'`,
        )
        .run(resolution, at, actor, at, id);
      return result.changes === 1;
    });
  }

  /** Items closed since `since`, most recent first (the console's "recently resolved" list, for reopening). */
  listResolved(since: number, limit = 200): Promise<Escalation[]> {
    return this.sql.run(() => {
      return (
        this.db
          .prepare(`SELECT * FROM escalations WHERE status = 'resolved' AND resolved_at >= ? ORDER BY resolved_at DESC, id DESC LIMIT ?`)
          .all(since, limit) as EscalationRow[]
      ).map(toEscalation);
    });
  }

  /**
   * Assigns an open item to `userId` unless someone else holds it. Atomic: of two people claiming
   * at once exactly one wins. Claiming an item you already hold succeeds.
   */
  claim(id: number, userId: number, at: number): Promise<boolean> {
    return this.sql.run(() => {
      const result = this.db
        .prepare(
          `UPDATE escalations SET assigned_to = ?, assigned_at = CASE WHEN assigned_to = ? THEN assigned_at ELSE ? END, updated_at = ?
         WHERE id = ? AND status = 'open' AND (assigned_to IS NULL OR assigned_to = ?)`,
        )
        .run(userId, userId, at, at, id, userId);
      return result.changes === 1;
    });
  }

  /** Sets or clears the assignee of an open item, whoever holds it (admin reassign, release). */
  assign(id: number, userId: number | null, at: number): Promise<boolean> {
    return this.sql.run(() => {
      const result = this.db
        .prepare(`UPDATE escalations SET assigned_to = ?, assigned_at = ?, updated_at = ? WHERE id = ? AND status = 'open'`)
        .run(userId, userId === null ? null : at, at, id);
      return result.changes === 1;
    });
  }

  /**
   * Puts a resolved item back in the queue, assigned to `userId` (null: unassigned). Refused while
   * its conversation has another open item for the same request (see SAME_REQUEST).
   */
  reopen(id: number, userId: number | null, at: number): Promise<boolean> {
    return this.sql.run(() => {
      return this.reopenNow(id, userId, at);
    });
  }

  private reopenNow(id: number, userId: number | null, at: number): boolean {
    const sql = REOPEN_SQL(['@at', '@userId', '@assignedAt', '@id']);
    return this.db.prepare(sql).run({ at, userId, assignedAt: userId === null ? null : at, id }).changes === 1;
  }

  /** The open item that stops `id` from being reopened (same conversation, same request). */
  openSameRequestAs(id: number): Promise<Escalation | undefined> {
    return this.sql.run(() => {
      const item = this.getSync(id);
      return item && this.openSameRequest(item.conversationId, item.route, item.intent);
    });
  }

  /**
   * Where the item stands since `since` (its start): the last staff reply sent on this item, and the
   * first patient message after it. The SLA clock runs from that message ("next reply time"). A reply
   * on another item of the same conversation answers that request, not this one.
   */
  replyState(
    escalation: Pick<Escalation, 'id' | 'conversationId'>,
    since: number,
  ): Promise<{ lastStaffAt: number | null; patientSinceStaffAt: number | null }> {
    return this.sql.run(() => {
      // Staff replies are queued under the key `staff:<item id>:…` (see reply-to-patient).
      const row = this.db
        .prepare(
          `SELECT MAX(m.created_at) AS last FROM messages m JOIN outbox o ON o.message_id = m.id
         WHERE m.conversation_id = ? AND m.author = 'staff' AND m.created_at >= ? AND o.dedupe_key LIKE ?`,
        )
        .get(escalation.conversationId, since, `staff:${escalation.id}:%`) as { last: number | null };
      if (row.last === null) return { lastStaffAt: null, patientSinceStaffAt: null };
      const after = this.db
        .prepare(`SELECT MIN(created_at) AS first FROM messages WHERE conversation_id = ? AND author = 'patient' AND created_at > ?`)
        .get(escalation.conversationId, row.last) as { first: number | null };
      return { lastStaffAt: row.last, patientSinceStaffAt: after.first };
    });
  }

  /** Changes whenever the conversation's transcript, delivery states or notes change (the console refreshes an open thread on it). */
  threadVersion(conversationId: number): Promise<string> {
    return this.sql.run(() => {
      const row = this.db
        .prepare(
          `SELECT (SELECT COALESCE(MAX(id), 0) || ':' || COUNT(*) || ':' || COALESCE(SUM(status = 'queued'), 0) FROM messages WHERE conversation_id = ?) AS m,
                (SELECT COALESCE(MAX(id), 0) FROM escalation_notes WHERE conversation_id = ?) AS n`,
        )
        .get(conversationId, conversationId) as { m: string; n: number };
      return `${row.m}:${row.n}`;
    });
  }

  /** Why outgoing messages of a conversation are not (yet) delivered, by message id (our own wording, no patient text). */
  deliveryProblems(conversationId: number): Promise<Map<number, string>> {
    return this.sql.run(() => {
      const rows = this.db
        .prepare(
          `SELECT message_id, last_error FROM outbox
         WHERE conversation_id = ? AND message_id IS NOT NULL AND last_error IS NOT NULL AND status <> 'sent'`,
        )
        .all(conversationId) as Array<{ message_id: number; last_error: string }>;
      return new Map(rows.map((r) => [r.message_id, r.last_error]));
    });
  }

  /**
   * A cheap value that changes whenever the open queue or any thread in it changes (new item, raise,
   * claim, resolve, new message, delivery status, note): the live queue polls it.
   */
  changeToken(): Promise<string> {
    return this.sql.run(() => {
      const row = this.db.prepare(CHANGE_TOKEN_SQL).get() as ChangeTokenRow;
      return changeTokenOf(row);
    });
  }

  /** When the conversation's last item was resolved or handed back to the bot (for the bot disclosure). */
  lastClosedAt(conversationId: number): Promise<number | undefined> {
    return this.sql.run(() => {
      const row = this.db
        .prepare(`SELECT MAX(resolved_at) AS at FROM escalations WHERE conversation_id = ? AND status = 'resolved'`)
        .get(conversationId) as { at: number | null };
      return row.at ?? undefined;
    });
  }

  /** What a guided request collected (appointment or refill details), shown in the queue. */
  setSummary(id: number, summary: string, kind: ContentKind): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE escalations SET summary = ?, summary_kind = ? WHERE id = ?').run(summary, kind, id);
    });
  }

  changeRoute(id: number, route: EscalationRoute, intent: string, at: number): Promise<boolean> {
    return this.sql.run(() => {
      const sql = CHANGE_ROUTE_SQL(['@route', '@intent', '@priority', '@at', '@id']);
      return this.db.prepare(sql).run({ route, intent, priority: escalationPriority(route), at, id }).changes === 1;
    });
  }

  setNeeds(id: number, needs: readonly EscalationNeed[]): Promise<void> {
    return this.sql.run(() => {
      this.db.prepare('UPDATE escalations SET needs = ? WHERE id = ?').run(JSON.stringify(needs), id);
    });
  }
}
