import type { EscalationRoute, Language } from '../triage/types';
import type { ContentKind } from '../triage/content-kind';
import type { SqliteConnection } from '../store/sqlite-connection';

/** Patient messages bucketed to this many milliseconds; every time zone's offset is a multiple of it. */
export const ACTIVITY_BUCKET_MS = 15 * 60_000;

/** One conversation's patient messages in one quarter hour. */
export interface InboundActivity {
  conversationId: number;
  channel: string;
  language: Language;
  /** The start of the quarter hour (ms since epoch). */
  bucket: number;
  messages: number;
}

/** An escalation with what the reports measure of it. */
export interface ReportEscalation {
  id: number;
  conversationId: number;
  route: EscalationRoute;
  createdAt: number;
  status: 'open' | 'resolved';
  resolvedAt: number | null;
  /** The role of who resolved it; null when resolved by a service token or a removed account. */
  resolverRole: string | null;
  /** The first staff message in the conversation at or after the escalation; null while unanswered. */
  firstReplyAt: number | null;
  firstResponderRole: string | null;
}

/** A patient message the assistant did not understand, with how often the same words came. */
export interface FallbackMessage {
  /** Lower-cased, trimmed: the same words written differently count together. */
  text: string;
  kind: ContentKind | null;
  count: number;
  lastAt: number;
}

/** What the reports read: raw, bounded rows over a window `[from, to)`; figures are computed from them. */
export interface ReportRepo {
  inboundActivity(from: number, to: number): Promise<InboundActivity[]>;
  escalations(from: number, to: number): Promise<ReportEscalation[]>;
  /** The most frequent "didn't understand" patient messages, most frequent first, at most `limit`. */
  fallbackMessages(from: number, to: number, limit: number): Promise<FallbackMessage[]>;
}

/** The reports' queries, in SQL both stores run, with `?` placeholders. */
export const REPORT_SQL = {
  inboundActivity: `
    SELECT m.conversation_id, c.channel, COALESCE(c.language, 'en') AS language,
      (m.created_at / ${ACTIVITY_BUCKET_MS}) * ${ACTIVITY_BUCKET_MS} AS bucket, COUNT(*) AS messages
    FROM messages m JOIN conversations c ON c.id = m.conversation_id
    WHERE m.direction = 'in' AND m.created_at >= ? AND m.created_at < ?
    GROUP BY m.conversation_id, c.channel, COALESCE(c.language, 'en'), (m.created_at / ${ACTIVITY_BUCKET_MS}) * ${ACTIVITY_BUCKET_MS}`,
  escalations: `
    SELECT e.id, e.conversation_id, e.route, e.created_at, e.status, e.resolved_at,
      (SELECT u.role FROM staff_users u WHERE e.resolved_by = 'user:' || u.id) AS resolver_role,
      f.created_at AS first_reply_at,
      (SELECT u.role FROM staff_users u WHERE f.staff_actor = 'user:' || u.id) AS first_responder_role
    FROM escalations e
    LEFT JOIN messages f ON f.id = (
      SELECT MIN(m.id) FROM messages m
      WHERE m.conversation_id = e.conversation_id AND m.author = 'staff' AND m.created_at >= e.created_at)
    WHERE e.created_at >= ? AND e.created_at < ?
    ORDER BY e.id`,
  fallbackMessages: `
    SELECT lower(trim(m.text)) AS text, m.kind, COUNT(*) AS count, MAX(m.created_at) AS last_at
    FROM messages m
    WHERE m.direction = 'in' AND m.route = 'fallback' AND m.created_at >= ? AND m.created_at < ? AND trim(m.text) <> ''
    GROUP BY lower(trim(m.text)), m.kind
    ORDER BY count DESC, last_at DESC, text
    LIMIT ?`,
} as const;

/** Rows as both stores return them. */
export interface InboundActivityRow {
  conversation_id: number;
  channel: string;
  language: Language;
  bucket: number;
  messages: number;
}
export interface ReportEscalationRow {
  id: number;
  conversation_id: number;
  route: EscalationRoute;
  created_at: number;
  status: 'open' | 'resolved';
  resolved_at: number | null;
  resolver_role: string | null;
  first_reply_at: number | null;
  first_responder_role: string | null;
}
export interface FallbackMessageRow {
  text: string;
  kind: ContentKind | null;
  count: number;
  last_at: number;
}

export const toInboundActivity = (r: InboundActivityRow): InboundActivity => ({
  conversationId: r.conversation_id,
  channel: r.channel,
  language: r.language,
  bucket: r.bucket,
  messages: r.messages,
});
export const toReportEscalation = (r: ReportEscalationRow): ReportEscalation => ({
  id: r.id,
  conversationId: r.conversation_id,
  route: r.route,
  createdAt: r.created_at,
  status: r.status,
  resolvedAt: r.resolved_at,
  resolverRole: r.resolver_role,
  firstReplyAt: r.first_reply_at,
  firstResponderRole: r.first_responder_role,
});
export const toFallbackMessage = (r: FallbackMessageRow): FallbackMessage => ({
  text: r.text,
  kind: r.kind,
  count: r.count,
  lastAt: r.last_at,
});

/** The reports' reads over a store that runs REPORT_SQL: each store says only how it runs a query. */
export abstract class ReportQueries implements ReportRepo {
  protected abstract all<T>(query: string, ...values: number[]): Promise<T[]>;

  async inboundActivity(from: number, to: number): Promise<InboundActivity[]> {
    return (await this.all<InboundActivityRow>(REPORT_SQL.inboundActivity, from, to)).map(toInboundActivity);
  }

  async escalations(from: number, to: number): Promise<ReportEscalation[]> {
    return (await this.all<ReportEscalationRow>(REPORT_SQL.escalations, from, to)).map(toReportEscalation);
  }

  async fallbackMessages(from: number, to: number, limit: number): Promise<FallbackMessage[]> {
    return (await this.all<FallbackMessageRow>(REPORT_SQL.fallbackMessages, from, to, limit)).map(toFallbackMessage);
  }
}

/** ReportRepo on SQLite. */
export class SqliteReportRepo extends ReportQueries {
  constructor(private readonly sql: SqliteConnection) {
    super();
  }

  protected all<T>(query: string, ...values: number[]): Promise<T[]> {
    return this.sql.run(() => this.sql.db.prepare(query).all(...values) as T[]);
  }
}
