import { visibleRoutes, type Role } from '../escalation/access';
import { dueAt } from '../practice/business-hours';
import type { PracticeProfile } from '../practice/practice-profile';
import { addDays, localParts, zonedTimeToUtc } from '../practice/zoned-time';
import { ESCALATION_ROUTES, type EscalationRoute } from '../triage/types';
import { businessMsBetween } from './business-time';
import type { InboundActivity, ReportEscalation } from './report-repo';

/** The longest window a report reads: a year and a day. */
export const MAX_REPORT_DAYS = 366;

/** Two percentiles of durations, in seconds of opening hours; null when nothing was measured. */
export interface Percentiles {
  p50: number | null;
  p90: number | null;
  count: number;
}

export interface DayFigures {
  /** The practice's local date, YYYY-MM-DD. */
  date: string;
  conversations: number;
  messages: number;
  escalations: number;
  /** Per channel id and per patient language: conversations and patient messages that day. */
  byChannel: Record<string, { conversations: number; messages: number }>;
  byLanguage: Record<string, { conversations: number; messages: number }>;
}

/** A "didn't understand" message as the reader's role may see it. */
export interface NotUnderstood {
  text: string;
  count: number;
  withheld: boolean;
}

/** The figures of GET /api/reports/summary. */
export interface ReportSummary {
  days: number;
  from: string;
  to: string;
  timeZone: string;
  /** `front-desk`: the reader's role covers request and general items only, and so do the queue figures. */
  scope: 'all' | 'front-desk';
  routes: readonly EscalationRoute[];
  conversations: number;
  messages: number;
  escalations: number;
  /** Conversations in the window that no escalation came from, over all conversations; null without any. */
  assistantHandledShare: number | null;
  escalationsByRoute: Partial<Record<EscalationRoute, number>>;
  /** From an escalation to the first staff reply, in opening hours. */
  firstResponseSeconds: Percentiles;
  firstResponseByRole: Array<Percentiles & { role: string }>;
  /** From an escalation to its resolution, in opening hours. */
  resolutionSeconds: Percentiles;
  resolutionByRole: Array<Percentiles & { role: string }>;
  /** Escalations first answered after the practice's SLA target, or still unanswered past it. */
  slaBreaches: { total: number; byRoute: Partial<Record<EscalationRoute, number>> };
  byDay: DayFigures[];
  notUnderstood: NotUnderstood[];
}

/** The window of a report: from the start of the practice's day `days - 1` days ago, to now. */
export function reportWindow(profile: PracticeProfile, now: number, days: number): { from: number; to: number; dates: string[] } {
  const today = localParts(now, profile.timeZone).date;
  const first = addDays(today, -(days - 1));
  const dates: string[] = [];
  for (let d = first; d <= today; d = addDays(d, 1)) dates.push(d);
  return { from: zonedTimeToUtc(first, 0, profile.timeZone), to: now + 1, dates };
}

/** Nearest-rank percentiles of durations in milliseconds, as whole seconds. */
export function percentiles(durationsMs: readonly number[]): Percentiles {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const rank = (p: number) => {
    const value = sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
    return value === undefined ? null : Math.round(value / 1000);
  };
  return { p50: rank(0.5), p90: rank(0.9), count: sorted.length };
}

function byRole(items: ReadonlyArray<{ role: string; ms: number }>): Array<Percentiles & { role: string }> {
  const groups = new Map<string, number[]>();
  for (const { role, ms } of items) groups.set(role, [...(groups.get(role) ?? []), ms]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([role, ms]) => ({ role, ...percentiles(ms) }));
}

function count<K extends string>(keys: readonly K[]): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const key of keys) out[key] = (out[key] ?? 0) + 1;
  return out;
}

/**
 * The report's figures from the rows of one window, for one reader: a front-desk agent's queue
 * figures cover the routes the agent handles; counts of conversations and messages are everyone's.
 */
export function summarize(input: {
  profile: PracticeProfile;
  role: Role;
  now: number;
  days: number;
  activity: readonly InboundActivity[];
  escalations: readonly ReportEscalation[];
  notUnderstood: NotUnderstood[];
}): ReportSummary {
  const { profile, now, days } = input;
  const { from, dates } = reportWindow(profile, now, days);
  const routes = visibleRoutes(input.role);
  const dayOf = (at: number) => localParts(at, profile.timeZone).date;

  const day = new Map<string, DayFigures>(
    dates.map((date) => [date, { date, conversations: 0, messages: 0, escalations: 0, byChannel: {}, byLanguage: {} }]),
  );
  const seen = new Set<string>();
  const conversations = new Set<number>();
  let messages = 0;
  for (const a of input.activity) {
    const figures = day.get(dayOf(a.bucket));
    if (!figures) continue;
    conversations.add(a.conversationId);
    messages += a.messages;
    const first = !seen.has(`${figures.date}:${a.conversationId}`);
    seen.add(`${figures.date}:${a.conversationId}`);
    figures.messages += a.messages;
    if (first) figures.conversations += 1;
    for (const [group, key] of [
      [figures.byChannel, a.channel],
      [figures.byLanguage, a.language],
    ] as const) {
      const cell = (group[key] ??= { conversations: 0, messages: 0 });
      cell.messages += a.messages;
      if (first) cell.conversations += 1;
    }
  }

  const escalated = new Set(input.escalations.map((e) => e.conversationId));
  const handledAlone = [...conversations].filter((id) => !escalated.has(id)).length;
  const shown = input.escalations.filter((e) => routes.includes(e.route) && e.createdAt >= from);
  for (const e of shown) {
    const figures = day.get(dayOf(e.createdAt));
    if (figures) figures.escalations += 1;
  }

  const responses = shown
    .filter((e) => e.firstReplyAt !== null)
    .map((e) => ({ role: e.firstResponderRole ?? 'service', ms: businessMsBetween(profile, e.createdAt, e.firstReplyAt as number) }));
  const resolutions = shown
    .filter((e) => e.status === 'resolved' && e.resolvedAt !== null)
    .map((e) => ({ role: e.resolverRole ?? 'service', ms: businessMsBetween(profile, e.createdAt, e.resolvedAt as number) }));
  const breached = shown.filter((e) => {
    const answeredAt = e.firstReplyAt ?? (e.status === 'resolved' ? e.resolvedAt : null);
    return (answeredAt ?? now) > dueAt(e.route, e.createdAt, profile);
  });

  return {
    days,
    from: new Date(from).toISOString(),
    to: new Date(now).toISOString(),
    timeZone: profile.timeZone,
    scope: routes.length < ESCALATION_ROUTES.length ? 'front-desk' : 'all',
    routes,
    conversations: conversations.size,
    messages,
    escalations: shown.length,
    assistantHandledShare: conversations.size === 0 ? null : handledAlone / conversations.size,
    escalationsByRoute: count(shown.map((e) => e.route)),
    firstResponseSeconds: percentiles(responses.map((r) => r.ms)),
    firstResponseByRole: byRole(responses),
    resolutionSeconds: percentiles(resolutions.map((r) => r.ms)),
    resolutionByRole: byRole(resolutions),
    slaBreaches: { total: breached.length, byRoute: count(breached.map((e) => e.route)) },
    byDay: [...day.values()],
    notUnderstood: input.notUnderstood,
  };
}
