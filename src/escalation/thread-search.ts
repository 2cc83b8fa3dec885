import { canSeeRoute, type Principal } from './access';
import { iso } from '../platform/values';
import { zonedTimeToUtc, addDays } from '../practice/zoned-time';
import type { DatabaseHandle } from '../store/database-handle';
import type { EscalationRoute } from '../triage/types';
import { readsFor } from './redacted-reads';
import { previewOf } from './patient-name';
import { ActorNames, queueItem, type QueueItem, type ViewDeps } from './queue-view';
import type { ThreadFilter } from './thread-search-repo';

export interface SearchQuery {
  /** Words to find in the patient's name (or alias) and in the transcript. */
  q?: string;
  status?: 'open' | 'resolved';
  channel?: string;
  route?: EscalationRoute;
  /** Practice-local dates (YYYY-MM-DD), inclusive: when the thread was opened. */
  from?: string;
  to?: string;
}

export interface SearchHit extends QueueItem {
  /** The newest message that matched the words (only messages this viewer may read ever match). */
  match: { messageId: number; text: string; at: string } | null;
  matchedBy: 'name' | 'text' | 'filters';
}

export const SEARCH_LIMIT = 50;
const MAX_WORDS = 8;

/** The words of a query: letters and digits only, so nothing typed is read as query syntax. */
export function searchWords(q: string | undefined): string[] {
  return (q ?? '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, MAX_WORDS)
    .map((w) => w.slice(0, 64));
}

/**
 * Threads by patient name, transcript words, status, channel, route and date, as this principal may
 * see them: threads of routes the role does not cover are never returned, and words only match
 * messages the role may read (an agent searching a diagnosis finds nothing, not a hidden thread).
 */
export async function searchThreads(
  deps: ViewDeps & { store: DatabaseHandle },
  principal: Principal,
  query: SearchQuery,
): Promise<SearchHit[]> {
  const { store } = deps;
  const repo = store.threadSearch;
  const words = searchWords(query.q);
  const tz = deps.practice.timeZone;
  const filter: ThreadFilter = {
    status: query.status,
    channel: query.channel,
    route: query.route,
    openedFrom: query.from ? zonedTimeToUtc(query.from, 0, tz) : undefined,
    openedBefore: query.to ? zonedTimeToUtc(addDays(query.to, 1), 0, tz) : undefined,
  };
  const textMatches = new Map<number, { messageId: number; text: string; at: number }>();
  let nameMatches = new Set<number>();
  if (words.length > 0) {
    // The reader's search matches only messages of kinds the role may read, in the index query itself.
    for (const m of await readsFor(store, principal.role).search(words, 1000)) {
      if (m.withheld || textMatches.has(m.conversationId)) continue;
      textMatches.set(m.conversationId, { messageId: m.id, text: previewOf(m.text, 160), at: m.createdAt });
    }
    nameMatches = new Set(await repo.conversationIdsByName(words.join(' ')));
    filter.conversationIds = [...new Set([...textMatches.keys(), ...nameMatches])];
    if (filter.conversationIds.length === 0) return [];
  }
  const rows = await repo.escalationsMatching(filter);

  const at = deps.now();
  const names = new ActorNames(store);
  const hits: SearchHit[] = [];
  for (const row of rows) {
    const escalation = await store.escalations.get(row.escalationId);
    if (!escalation || !canSeeRoute(principal.role, escalation.route)) continue;
    const text = textMatches.get(row.conversationId);
    hits.push({
      ...(await queueItem(deps, escalation, at, names, principal.role)),
      match: text ? { messageId: text.messageId, text: text.text, at: iso(text.at) } : null,
      matchedBy: words.length === 0 ? 'filters' : nameMatches.has(row.conversationId) ? 'name' : 'text',
    });
    if (hits.length >= SEARCH_LIMIT) break;
  }
  return hits;
}
