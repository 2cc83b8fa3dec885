import type { Logger } from '../../platform/logger';
import type { InboxItem } from './inbox-repo';
import type { Store } from '../../store/store';

/** Turns one stored inbound event into a bot turn. Must be safe to run again for the same event. */
export type InboxHandler = (item: InboxItem) => Promise<void>;

/** Tries per stored event; the last one is the handler's safe fallback (see `isLastAttempt`). */
export const INBOX_MAX_ATTEMPTS = 5;

/** True when this is the event's last try: the handler should take its simplest, safest path. */
export function isLastAttempt(item: InboxItem): boolean {
  return item.attempts >= INBOX_MAX_ATTEMPTS - 1;
}

/**
 * Processes stored webhook events after the webhook has answered, one at a time so a patient's
 * messages are handled in the order they arrived. Anything left unprocessed by a stop is picked up
 * at the next start.
 */
export class InboxProcessor {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly handlers: Readonly<Record<string, InboxHandler>>,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Finishes the event in hand, then stops; the rest stays in the inbox for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const batch = this.store.inbox.pending(20, INBOX_MAX_ATTEMPTS);
      if (batch.length === 0) return;
      for (const item of batch) {
        if (this.stopped) return;
        const handler = this.handlers[item.channel];
        try {
          if (!handler) throw Object.assign(new Error('channel disabled'), { code: 'channel_disabled' });
          await handler(item);
          this.store.inbox.markProcessed(item.id, this.now());
        } catch (err) {
          const code = (err as { code?: unknown }).code;
          const errorCode = typeof code === 'string' ? code : (err as Error).name || 'Error';
          this.store.inbox.markFailed(item.id, errorCode);
          // Error names and our ids only: an exception message could quote the patient's text.
          this.log.error({ inboxId: item.id, channel: item.channel, error: errorCode }, 'inbox: processing failed');
        }
      }
    }
  }
}
