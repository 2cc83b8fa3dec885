import type { Logger } from '../../platform/logger';
import type { DatabaseHandle } from '../../store/database-handle';
import type { ConversationStore } from '../conversation-store';
import { LeaseLoop } from '../lease-loop';
import { errorCodeOf, type WorkerHealth } from '../../platform/worker-health';
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
  /** Where the claim loop reports failures it survives (/readyz, /metrics). */
  health?: WorkerHealth;
  store: ConversationStore & DatabaseHandle;
  handlers: Readonly<Record<string, InboxHandler>>;
  log: Logger;
  now?: () => number;
  /** Events worked on at once (different conversations; one conversation is always in order). */
  concurrency?: number;
  /** A patient who has waited this long for a reply (turn or send) sees a typing indicator. */
  typingAfterMs?: number;
}

interface TypingWait {
  timer: NodeJS.Timeout;
  /** Known once the turn has run (a first message creates the conversation). */
  conversationId?: number;
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
  /** Typing indicators still due, by conversation, until a reply to it is delivered. */
  private readonly typingUntilDelivered = new Map<number, TypingWait>();

  constructor(private readonly options: InboxProcessorOptions) {
    this.now = options.now ?? Date.now;
    const { store } = options;
    this.loop = new LeaseLoop<InboxItem>({
      maxInFlight: options.concurrency ?? 32,
      claim: async (free, inFlight) =>
        await store.inbox.claim(
          this.now(),
          free,
          INBOX_MAX_ATTEMPTS,
          LEASE_MS,
          [...inFlight].map((item) => item.id),
        ),
      run: (item) => this.process(item),
      nextWakeAt: () => store.inbox.nextLeaseEnd(INBOX_MAX_ATTEMPTS),
      onRoundError: (err) => {
        options.log.error({ error: (err as Error).name, code: errorCodeOf(err) }, 'inbox: claim failed; trying again');
        return options.health?.failed('inbox') ?? 1;
      },
      onRoundOk: () => options.health?.ok('inbox'),
      onError: (err, item) => options.log.error({ inboxId: item.id, error: (err as Error).name }, 'inbox: worker error'),
      now: this.now,
    });
  }

  /** Voids leases left by a previous run of this single instance, then starts draining. */
  async start(): Promise<void> {
    await this.options.store.inbox.releaseLeases();
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
    for (const wait of this.typingUntilDelivered.values()) clearTimeout(wait.timer);
    this.typingUntilDelivered.clear();
    return this.loop.stop();
  }

  /**
   * A reply reached the patient: a typing indicator still waiting for this conversation is not
   * needed any more (the outbox calls this for every delivered message).
   */
  replyDelivered(conversationId: number): void {
    const wait = this.typingUntilDelivered.get(conversationId);
    if (!wait) return;
    clearTimeout(wait.timer);
    this.typingUntilDelivered.delete(conversationId);
  }

  /**
   * Runs one event's turn now: it commits with its "processed" mark, or is marked failed with its
   * retry time. The claim loop calls it for what it leased; the job queue for a lane's head.
   */
  runOne(item: InboxItem): Promise<void> {
    return this.process(item);
  }

  private async process(item: InboxItem): Promise<void> {
    const { store, log } = this.options;
    const handler = this.options.handlers[item.channel];
    const typing = this.typingTimer(item, handler);
    try {
      // Turns claimed together share one commit (group commit); each still commits or fails alone.
      await store.batched(async () => {
        if (!handler) throw Object.assign(new Error('channel disabled'), { code: 'channel_disabled' });
        await handler.turn(item);
        await store.inbox.markProcessed(item.id, this.now());
      });
    } catch (err) {
      if (typing) clearTimeout(typing.timer);
      const code = (err as { code?: unknown }).code;
      const errorCode = typeof code === 'string' ? code : (err as Error).name || 'Error';
      await store.inbox.markFailed(item.id, errorCode, this.now() + RETRY_BASE_MS * 2 ** item.attempts);
      // Error names and our ids only: an exception message could quote the patient's text.
      log.error({ inboxId: item.id, channel: item.channel, error: errorCode }, 'inbox: processing failed');
      return;
    }
    if (typing) await this.keepTypingUntilDelivered(item, typing);
  }

  /**
   * A patient who has waited `typingAfterMs` for a reply sees a typing indicator, whether the wait
   * is for their turn or for the reply's send (a busy outbox, a retry, a paused channel). The timer
   * starts with the message and ends when a reply to it is delivered, so a quick answer shows none.
   */
  private typingTimer(item: InboxItem, handler: InboxHandler | undefined): TypingWait | undefined {
    if (!handler?.typing) return undefined;
    const typingAfter = this.options.typingAfterMs ?? 1000;
    if (this.now() - item.receivedAt >= typingAfter) {
      // Waited already (a backlog, a restart): shown now, before the turn and its reply.
      handler.typing(item);
      return undefined;
    }
    const wait: TypingWait = {
      timer: setTimeout(
        () => {
          if (wait.conversationId !== undefined && this.typingUntilDelivered.get(wait.conversationId) === wait) {
            this.typingUntilDelivered.delete(wait.conversationId);
          }
          handler.typing?.(item);
        },
        Math.max(0, item.receivedAt + typingAfter - this.now()),
      ),
    };
    wait.timer.unref();
    return wait;
  }

  /** After the turn: keeps the timer while a reply waits to be sent, drops it when there is none. */
  private async keepTypingUntilDelivered(item: InboxItem, wait: TypingWait): Promise<void> {
    const { store } = this.options;
    const prefix = `${item.channel}:`;
    const platformId = item.lane?.startsWith(prefix) ? item.lane.slice(prefix.length) : undefined;
    const conversation = platformId === undefined ? undefined : await store.conversations.findByPlatform(item.channel, platformId);
    if (!conversation || !(await store.outbox.hasUnsent(conversation.id))) {
      clearTimeout(wait.timer);
      return;
    }
    const earlier = this.typingUntilDelivered.get(conversation.id);
    if (earlier) clearTimeout(earlier.timer);
    wait.conversationId = conversation.id;
    this.typingUntilDelivered.set(conversation.id, wait);
  }
}
