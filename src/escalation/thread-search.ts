import type { Principal } from '../staff/identity/principal';
import { canSeeRoute } from '../staff/identity/roles';
import { iso } from '../platform/values';
import { zonedTimeToUtc, addDays } from '../practice/zoned-time';
import type { EscalationRoute } from './escalation-priority';
import { maySearch, messageKind } from './minimum-necessary';
import { previewOf } from './patient-name';
import { ActorNames, queueItem, type QueueItem, type ViewDeps } from './queue-view';

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

interface Row {
  id: number;
  conversation_id: number;
}

/**
 * Threads by patient name, transcript words, status, channel, route and date, as this principal may
 * see them: threads of routes the role does not cover are never returned, and words only match
 * messages the role may read (an agent searching a diagnosis finds nothing, not a hidden thread).
 */
export function searchThreads(deps: ViewDeps, principal: Principal, query: SearchQuery): SearchHit[] {
  const { store } = deps;
  const words = searchWords(query.q);
  const textMatches = new Map<number, { messageId: number; text: string; at: number }>();
  let nameMatches = new Set<number>();
  if (words.length > 0) {
    for (const m of store.messages.search(words, 1000)) {
      if (!maySearch(principal.role, messageKind(m)) || textMatches.has(m.conversationId)) continue;
      textMatches.set(m.conversationId, { messageId: m.id, text: previewOf(m.text, 160), at: m.createdAt });
    }
    nameMatches = new Set(conversationsByName(deps, words.join(' ')));
  }

  const where: string[] = [];
  const params: Array<string | number> = [];
  if (query.status) {
    where.push('e.status = ?');
    params.push(query.status);
  }
  if (query.channel) {
    where.push('c.channel = ?');
    params.push(query.channel);
  }
  if (query.route) {
    where.push('e.route = ?');
    params.push(query.route);
  }
  const tz = deps.practice.timeZone;
  if (query.from) {
    where.push('e.created_at >= ?');
    params.push(zonedTimeToUtc(query.from, 0, tz));
  }
  if (query.to) {
    where.push('e.created_at < ?');
    params.push(zonedTimeToUtc(addDays(query.to, 1), 0, tz));
  }
  if (words.length > 0) {
    const ids = [...new Set([...textMatches.keys(), ...nameMatches])];
    if (ids.length === 0) return [];
    where.push(`e.conversation_id IN (${ids.map(() => '?').join(',')})`);
    params.push(...ids);
  }
  const rows = store.db
    .prepare(
      `SELECT e.id, e.conversation_id FROM escalations e JOIN conversations c ON c.id = e.conversation_id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY e.created_at DESC, e.id DESC LIMIT 2000`,
    )
    .all(...params) as Row[];

  const at = deps.now();
  const names = new ActorNames(store);
  const hits: SearchHit[] = [];
  for (const row of rows) {
    const escalation = store.escalations.get(row.id);
    if (!escalation || !canSeeRoute(principal.role, escalation.route)) continue;
    const text = textMatches.get(row.conversation_id);
    hits.push({
      ...queueItem(deps, escalation, at, names, principal.role),
      match: text ? { messageId: text.messageId, text: text.text, at: iso(text.at) } : null,
      matchedBy: words.length === 0 ? 'filters' : nameMatches.has(row.conversation_id) ? 'name' : 'text',
    });
    if (hits.length >= SEARCH_LIMIT) break;
  }
  return hits;
}

/** Conversations whose patient's profile name or alias ("Patient 4F2A") contains the words. */
function conversationsByName(deps: ViewDeps, phrase: string): number[] {
  const like = `%${phrase.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return (
    deps.store.db
      .prepare(
        `SELECT c.id FROM conversations c JOIN contacts k ON k.id = c.contact_id
         WHERE k.display_name LIKE ? ESCAPE '\\' OR printf('Patient %04X', (k.id * 40503) % 65536) LIKE ? ESCAPE '\\'
         LIMIT 1000`,
      )
      .all(like, like) as Array<{ id: number }>
  ).map((r) => r.id);
}
