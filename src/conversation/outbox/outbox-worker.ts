import { recordDelivery } from '../../operations/delivery-metrics';
import type { Logger } from '../../platform/logger';
import type { Store } from '../../store/store';
import type { Deliverer } from './delivery';

export interface OutboxWorkerOptions {
  store: Store;
  deliverers: Readonly<Record<string, Deliverer>>;
  maxAttempts: number;
  retryBaseMs: number;
  log: Logger;
  now?: () => number;
}

const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * Drains the outbox: sends due items, retries transient failures with exponential backoff and jitter,
 * and stops for good on permanent ones (Messenger error 10 or 551), marking the message undeliverable.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Picks up anything left in `sending` by a crash, then drains. */
  start(): void {
    const requeued = this.options.store.outbox.requeueInterrupted(this.now());
    if (requeued > 0) this.options.log.warn({ requeued }, 'outbox: re-sending items interrupted by a previous stop');
    this.kick();
  }

  /** Asks for a drain as soon as possible; cheap to call after every enqueue. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      } else {
        this.scheduleNext();
      }
    });
  }

  /** Waits for the send in flight, then stops scheduling. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
  }

  /** Resolves when nothing is being sent right now (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const next = this.options.store.outbox.nextDueAt();
    if (next === undefined) return;
    const delay = Math.max(0, Math.min(next - this.now(), MAX_BACKOFF_MS));
    this.timer = setTimeout(() => this.kick(), delay);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    const { store, log } = this.options;
    for (;;) {
      if (this.stopped) return;
      const batch = store.outbox.claimDue(this.now(), 20);
      if (batch.length === 0) return;
      for (const item of batch) {
        const deliver = this.options.deliverers[item.channel];
        if (!deliver) {
          store.outbox.markFinal(item.id, 'failed', `no sender for channel ${item.channel}`);
          log.error({ outboxId: item.id, channel: item.channel }, 'outbox: channel is not enabled; item failed');
          continue;
        }
        let result;
        try {
          result = await deliver(item);
        } catch (err) {
          result = { ok: false as const, retryable: true, reason: `sender threw: ${(err as Error).name}` };
        }
        const at = this.now();
        recordDelivery(store, item, result, result.ok || (result.retryable && item.attempts < this.options.maxAttempts), at);
        if (result.ok) {
          store.db.transaction(() => {
            store.outbox.markSent(item.id, at, result.platformMessageId);
            if (item.messageId !== null) store.messages.setStatus(item.messageId, 'sent');
            store.conversations.touchOutbound(item.conversationId, at);
          })();
          log.info({ outboxId: item.id, channel: item.channel, attempts: item.attempts }, 'outbox: delivered');
        } else if (result.retryable && item.attempts < this.options.maxAttempts) {
          const backoff = Math.min(this.options.retryBaseMs * 2 ** (item.attempts - 1), MAX_BACKOFF_MS);
          const jitter = Math.floor(Math.random() * backoff * 0.2);
          store.outbox.reschedule(item.id, at + backoff + jitter, result.reason);
          log.warn({ outboxId: item.id, channel: item.channel, attempts: item.attempts, reason: result.reason }, 'outbox: will retry');
        } else {
          const status = result.retryable ? 'failed' : 'undeliverable';
          store.db.transaction(() => {
            store.outbox.markFinal(item.id, status, result.reason);
            if (item.messageId !== null) store.messages.setStatus(item.messageId, status);
          })();
          log.error({ outboxId: item.id, channel: item.channel, attempts: item.attempts, reason: result.reason }, `outbox: ${status}`);
        }
      }
    }
  }
}
