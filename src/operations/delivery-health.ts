import { ALERT_CHANNEL } from '../escalation/alert-webhook';
import type { Db } from '../store/open-database';
import type { Store } from '../store/store';

export interface FailingChannel {
  channel: string;
  /** When the oldest undelivered message that has failed at least once was queued. */
  since: number;
  /** Messages waiting on the channel that have failed at least once. */
  failing: number;
  /** The latest error, in our own words (never message text). */
  lastError: string;
  /** A conversation with a waiting message, for the alert's outbox row. */
  conversationId: number;
}

/**
 * Channels whose delivery is failing: messages that failed at least once are still waiting, and
 * nothing has been delivered on the channel since the oldest of them was queued. One patient who
 * blocked the Page does not count (their message is final, not waiting), and a channel that delivers
 * other messages is not failing.
 */
export function failingChannels(db: Db, now: number): FailingChannel[] {
  const rows = db
    .prepare(
      `SELECT channel, MIN(created_at) AS since, COUNT(*) AS failing, MIN(conversation_id) AS conversation_id,
              (SELECT last_error FROM outbox l WHERE l.channel = o.channel AND l.status IN ('pending', 'sending') AND l.last_error IS NOT NULL ORDER BY l.id DESC LIMIT 1) AS last_error,
              (SELECT MAX(sent_at) FROM outbox s WHERE s.channel = o.channel AND s.status = 'sent') AS last_sent
       FROM outbox o WHERE status IN ('pending', 'sending') AND last_error IS NOT NULL AND created_at <= ?
       GROUP BY channel`,
    )
    .all(now) as Array<{
    channel: string;
    since: number;
    failing: number;
    conversation_id: number;
    last_error: string | null;
    last_sent: number | null;
  }>;
  return rows
    .filter((r) => r.last_sent === null || r.last_sent < r.since)
    .map((r) => ({
      channel: r.channel,
      since: r.since,
      failing: r.failing,
      lastError: r.last_error ?? 'unknown error',
      conversationId: r.conversation_id,
    }));
}

export interface DeliveryAlertOptions {
  /** Alert once a channel has been failing this long… */
  afterMs: number;
  /** …and again at most this often while it keeps failing. */
  repeatMs: number;
}

/**
 * Queues an alert on the alert webhook for every channel that has been failing longer than
 * `afterMs`: once, then at most every `repeatMs`. The outbox key holds the failure's start and the
 * repeat slot, so a restart does not send the same alert twice. Returns the channels alerted now.
 */
export function queueDeliveryAlerts(store: Store, now: number, options: DeliveryAlertOptions): string[] {
  const alerted: string[] = [];
  for (const f of failingChannels(store.db, now)) {
    if (f.channel === ALERT_CHANNEL) continue; // the alert webhook cannot report its own failure
    const failingFor = now - f.since;
    if (failingFor < options.afterMs) continue;
    const slot = Math.floor((failingFor - options.afterMs) / options.repeatMs);
    const id = store.outbox.enqueue({
      dedupeKey: `delivery-failing:${f.channel}:${f.since}:${slot}`,
      channel: ALERT_CHANNEL,
      conversationId: f.conversationId,
      messageId: null,
      payload: {
        type: 'delivery.failing',
        channel: f.channel,
        failingSince: new Date(f.since).toISOString(),
        failingMinutes: Math.floor(failingFor / 60_000),
        waitingMessages: f.failing,
        lastError: f.lastError,
        sentAt: new Date(now).toISOString(),
      },
      at: now,
    });
    if (id !== undefined) alerted.push(f.channel);
  }
  return alerted;
}
