import type { Logger } from '../../platform/logger';
import type { SerialTransactions } from '../../store/serial-transactions';
import type { Store } from '../../store/store';
import { LeaseLoop } from '../lease-loop';
import type { InboxItem } from './inbox-repo';

/** How a channel's stored events become bot turns. */
export interface InboxHandler {
  /** Runs one event as a bot turn. Its writes commit with the event's "processed" mark, or not at all. */
  turn(item: InboxItem): Promise<void>;
  /** Shows the patient a reply is being written (typing indicator), where the channel can. */
  typing?(item: InboxItem): void;
}

/** Tries per stored event; the last one is the handler's safe fallback (see `isLastAttempt`). */
export const INBOX_MAX_ATTEMPTS = 5;

/** True when this is the event's last try: the handler should take its simplest, safest path. */
export function isLastAttempt(item: InboxItem): boolean {
  return item.attempts >= INBOX_MAX_ATTEMPTS - 1;
}

export interface InboxProcessorOptions {
  store: Store;
  handlers: Readonly<Record<string, InboxHandler>>;
  transactions: SerialTransactions;
  log: Logger;
  now?: () => number;
  /** Events worked on at once (different conversations; one conversation is always in order). */
  concurrency?: number;
  /** A patient who has waited this long for a turn to start or finish sees a typing indicator. */
  typingAfterMs?: number;
}

/** A lease far longer than any turn: it only matters when a worker died holding the event. */
const LEASE_MS = 60_000;
/** A failed turn is tried again after 50, 100, 200… ms: long enough for a passing lock, short for a patient. */
const RETRY_BASE_MS = 50;

/**
 * Processes stored webhook events after the webhook has answered: urgent events (the red-flag
 * pre-scan fired at ingest) first, different conversations in parallel, one conversation's events
 * strictly in arrival order. Each turn is one store transaction together with its "processed" mark,
 * so a crash at any point replays the whole turn or none of it.
 */
export class InboxProcessor {
  private readonly loop: LeaseLoop<InboxItem>;
  private readonly now: () => number;

  constructor(private readonly options: InboxProcessorOptions) {
    this.now = options.now ?? Date.now;
    const { store } = options;
    this.loop = new LeaseLoop<InboxItem>({
      maxInFlight: options.concurrency ?? 8,
      claim: (free) => store.inbox.claim(this.now(), free, INBOX_MAX_ATTEMPTS, LEASE_MS),
      run: (item) => this.process(item),
      nextWakeAt: () => store.inbox.nextLeaseEnd(INBOX_MAX_ATTEMPTS),
      busy: () => options.transactions.active,
      onError: (err, item) => options.log.error({ inboxId: item.id, error: (err as Error).name }, 'inbox: worker error'),
      now: this.now,
    });
  }

  /** Voids leases left by a previous run of this single instance, then starts draining. */
  start(): void {
    this.options.store.inbox.releaseLeases();
    this.kick();
  }

  kick(): void {
    this.loop.kick();
  }

  idle(): Promise<void> {
    return this.loop.idle();
  }

  /** Finishes the turns in hand, then stops; the rest stays in the inbox for the next start. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async process(item: InboxItem): Promise<void> {
    const { store, log, transactions } = this.options;
    const handler = this.options.handlers[item.channel];
    const typingAfter = this.options.typingAfterMs ?? 1000;
    let typing: NodeJS.Timeout | undefined;
    if (handler?.typing) {
      const show = handler.typing.bind(handler, item);
      const waited = this.now() - item.receivedAt;
      if (waited >= typingAfter) show();
      else typing = setTimeout(show, typingAfter - waited);
    }
    try {
      await transactions.run(async () => {
        if (!handler) throw Object.assign(new Error('channel disabled'), { code: 'channel_disabled' });
        await handler.turn(item);
        store.inbox.markProcessed(item.id, this.now());
      });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const errorCode = typeof code === 'string' ? code : (err as Error).name || 'Error';
      store.inbox.markFailed(item.id, errorCode, this.now() + RETRY_BASE_MS * 2 ** item.attempts);
      // Error names and our ids only: an exception message could quote the patient's text.
      log.error({ inboxId: item.id, channel: item.channel, error: errorCode }, 'inbox: processing failed');
    } finally {
      if (typing) clearTimeout(typing);
    }
  }
}
