import { isRecord } from '../../platform/values';
import { parseAccountActivity, type XParseResult } from './parse-events';
import { parseMentionsPage } from './parse-v2';
import { emptySkips, xId, type XInboundEvent, type XSkipCounts } from './x-event';

/** X Activity API event types Frontdesk subscribes to: DMs to the account, and posts that mention it. */
export const X_ACTIVITY_EVENT_TYPES = ['dm.received', 'post.mention.create'] as const;

/**
 * True for an X Activity API webhook delivery (`{data: {event_type, filter, payload, …}}`), as
 * opposed to an Account Activity one (`{for_user_id, …_events}`).
 */
export function isXActivityDelivery(body: unknown): boolean {
  return isRecord(body) && body.for_user_id === undefined && (isRecord(body.data) || Array.isArray(body.data));
}

/**
 * Reads an X Activity API delivery into the same events an Account Activity delivery or a poll
 * gives: `dm.received` carries Account Activity DM events (`payload.direct_message_events`), and
 * `post.mention.create` a v2 post (`payload`, with the author in `includes.users`). The same DM or
 * post read any of these ways has the same event id, so the inbox stores it once. Other event types
 * (the account's own `dm.sent`, follows, profile updates) are skipped and counted. Never throws.
 */
export function parseXActivity(body: unknown): XParseResult {
  if (!isRecord(body)) return { ok: false, code: 'invalid_payload', message: 'Expected a JSON object with "data".' };
  const envelopes = Array.isArray(body.data) ? (body.data as unknown[]) : [body.data];
  const events: XInboundEvent[] = [];
  const skipped = emptySkips();
  // Stored whole, like every X delivery (the body limit bounds it): X does not deliver an acknowledged one again.
  for (const envelope of envelopes) readEnvelope(envelope, events, skipped);
  return { ok: true, events, skipped };
}

function readEnvelope(envelope: unknown, events: XInboundEvent[], skipped: XSkipCounts): void {
  const filter = isRecord(envelope) && isRecord(envelope.filter) ? envelope.filter : undefined;
  const accountId = xId(filter?.user_id);
  const payload = isRecord(envelope) && isRecord(envelope.payload) ? envelope.payload : undefined;
  if (!isRecord(envelope) || accountId === undefined || payload === undefined) {
    skipped.invalid += 1;
    return;
  }
  let result: { events: XInboundEvent[]; skipped: XSkipCounts } | undefined;
  if (envelope.event_type === 'dm.received') {
    const read = parseAccountActivity({ for_user_id: accountId, direct_message_events: payload.direct_message_events ?? [] });
    result = read.ok ? read : undefined;
  } else if (envelope.event_type === 'post.mention.create') {
    result = parseMentionsPage({ data: [payload], includes: envelope.includes }, accountId);
  } else {
    skipped[envelope.event_type === 'dm.sent' ? 'own' : 'other'] += 1;
    return;
  }
  if (!result) {
    skipped.invalid += 1;
    return;
  }
  events.push(...result.events);
  for (const [reason, n] of Object.entries(result.skipped) as Array<[keyof XSkipCounts, number]>) skipped[reason] += n;
}
