import { ALERT_CHANNEL } from '../escalation/alert-webhook';
import type { ConversationStore } from '../conversation/conversation-store';
import type { OperationsStore } from './operations-store';
import type { OperationsRepo } from './operations-repo';

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
export async function failingChannels(repo: OperationsRepo, now: number): Promise<FailingChannel[]> {
  return (await repo.waitingFailuresByChannel(now))
    .filter((r) => r.lastSent === null || r.lastSent < r.since)
    .map((r) => ({
      channel: r.channel,
      since: r.since,
      failing: r.failing,
      lastError: r.lastError ?? 'unknown error',
      conversationId: r.conversationId,
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
export async function queueDeliveryAlerts(
  store: ConversationStore & OperationsStore,
  now: number,
  options: DeliveryAlertOptions,
): Promise<string[]> {
  const alerted: string[] = [];
  for (const f of await failingChannels(store.operations, now)) {
    if (f.channel === ALERT_CHANNEL) continue; // the alert webhook cannot report its own failure
    const failingFor = now - f.since;
    if (failingFor < options.afterMs) continue;
    const slot = Math.floor((failingFor - options.afterMs) / options.repeatMs);
    const id = await store.outbox.enqueue({
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
