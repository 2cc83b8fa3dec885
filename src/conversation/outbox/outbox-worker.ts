import type { Logger } from '../../platform/logger';
import { SlidingWindow } from '../../platform/http/sliding-window';
import type { DatabaseHandle } from '../../store/database-handle';
import type { ConversationStore } from '../conversation-store';
import { LeaseLoop } from '../lease-loop';
import { errorCodeOf, type WorkerHealth } from '../../platform/worker-health';
import { untilStored } from '../../platform/store-retry';
import type { Deliverer, DeliveryResult } from './delivery';
import type { OutboxItem } from './outbox-repo';
import type { SendQuota } from './send-quota';

export interface OutboxWorkerOptions {
  /** Where the claim loop reports failures it survives (/readyz, /metrics). */
  health?: WorkerHealth;
  store: ConversationStore & DatabaseHandle;
  deliverers: Readonly<Record<string, Deliverer>>;
  maxAttempts: number;
  retryBaseMs: number;
  /** Sends in flight at once per channel; one recipient's messages are always sent one after another. */
  concurrency: number;
  /** How long a reply that used its tries is still retried once its channel is healthy again. */
  retryHorizonMs: number;
  log: Logger;
  now?: () => number;
  /** Ends a send that hangs, so a hanging platform holds one slot for at most this long. */
  sendTimeoutMs?: number;
  /** Per channel, the most sends started in any one second (the platform's published limit). */
  maxSendsPerSecond?: Readonly<Record<string, number>>;
  /** Per channel, the platform's send quota over minutes or a day, with its emergency reserve. */
  sendQuotas?: Readonly<Record<string, SendQuota>>;
  /** Told when a rate limit pauses a channel, so other instances sharing the database pause too. */
  onPause?(channel: string, until: number): Promise<void>;
  /** Told after each attempt, with its result and whether the item comes back (metrics, typing indicators). */
  onAttempt?(attempt: { item: OutboxItem; result: DeliveryResult; willRetry: boolean; at: number }): void;
}

const MAX_BACKOFF_MS = 10 * 60_000;
/**
 * The window a per-second send limit is counted over: a little longer than a second, so sends that
 * reach the platform a moment unevenly still stay under its limit.
 */
const RATE_WINDOW_MS = 1050;
/** A failed reply is tried again this often while its channel stays down (a probe). */
const MAX_PROBE_MS = 60_000;

/**
 * Drains the outbox: urgent replies first, up to `concurrency` sends per channel at once, one
 * recipient's messages strictly in order. Transient failures back off with jitter; a rate limit
 * (613/4/429, Retry-After) pauses that channel only, without spending the item's tries; a reply
 * that used its tries stays at the head of its recipient's lane, is shown to staff, and is tried
 * again as soon as the channel delivers anything (within the horizon). Permanent errors (Messenger
 * 10 or 551) mark the message undeliverable at once.
 */
export class OutboxWorker {
  private readonly loop: LeaseLoop<OutboxItem>;
  private readonly now: () => number;
  private readonly pausedUntil = new Map<string, number>();
  private readonly rateLimitStreak = new Map<string, number>();
  /** Channels back from a rate-limit pause: one send at a time until one gets through. */
  private readonly probing = new Set<string>();
  /** Channels with a failure since their last delivery: their next success retries the rest now. */
  private readonly troubled = new Set<string>();
  private readonly channels: string[];
  /** Per channel with `maxSendsPerSecond`: when its recent sends started. */
  private readonly sendRates = new Map<string, SlidingWindow>();
  private stopping = false;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.now = options.now ?? Date.now;
    this.channels = Object.keys(options.deliverers);
    for (const [channel, limit] of Object.entries(options.maxSendsPerSecond ?? {}))
      this.sendRates.set(channel, new SlidingWindow(limit, RATE_WINDOW_MS));
    this.loop = new LeaseLoop<OutboxItem>({
      maxInFlight: options.concurrency * Math.max(1, this.channels.length),
      claim: (_free, inFlight) => this.claim(inFlight),
      run: (item) => this.send(item),
      nextWakeAt: () => this.nextWakeAt(),
      onError: (err, item) => options.log.error({ outboxId: item.id, error: (err as Error).name }, 'outbox: worker error'),
      onRoundError: (err) => {
        options.log.error({ error: (err as Error).name, code: errorCodeOf(err) }, 'outbox: claim failed; trying again');
        return options.health?.failed('outbox') ?? 1;
      },
      onRoundOk: () => options.health?.ok('outbox'),
      now: this.now,
    });
  }

  /** Picks up anything left in `sending` by a crash, then drains. */
  async start(): Promise<void> {
    const requeued = await this.options.store.outbox.requeueInterrupted(this.now());
    if (requeued > 0) this.options.log.warn({ requeued }, 'outbox: re-sending items interrupted by a previous stop');
    this.kick();
  }

  /** Asks for a claim round soon; cheap to call after every enqueue, safe inside a transaction. */
  kick(): void {
    this.loop.kick();
  }

  /** Waits for the sends in flight, then stops. */
  stop(): Promise<void> {
    this.stopping = true;
    return this.loop.stop();
  }

  /** Resolves when nothing is being sent right now (for tests and shutdown). */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  /**
   * Whether a courtesy call (a typing indicator) may use the channel now, counted like a send: never
   * while the channel is paused by a rate limit or probing after one, and not when fewer sends than
   * a tenth of its per-second limit are left, so courtesies are the first thing dropped near it.
   */
  allowCourtesy(channel: string): boolean {
    const now = this.now();
    if ((this.pausedUntil.get(channel) ?? 0) > now || this.probing.has(channel)) return false;
    const rate = this.sendRates.get(channel);
    const limit = this.options.maxSendsPerSecond?.[channel];
    if (rate && limit !== undefined && rate.remaining(channel, now) <= Math.max(1, Math.ceil(limit / 10))) return false;
    rate?.record(channel, now);
    return true;
  }

  /** The channels this server has a sender for. */
  sendingChannels(): readonly string[] {
    return this.channels;
  }

  /**
   * Sends one item that is marked 'sending' and settles its row (sent, retried later, failed). The
   * claim loop calls it for what it leased; the job queue for a recipient lane's head.
   */
  sendOne(item: OutboxItem): Promise<void> {
    return this.send(item);
  }

  horizonStart(): number {
    return this.now() - this.options.retryHorizonMs;
  }

  private async claim(inFlight: ReadonlySet<OutboxItem>): Promise<OutboxItem[]> {
    const now = this.now();
    const busy = new Map<string, number>();
    for (const item of inFlight) busy.set(item.channel, (busy.get(item.channel) ?? 0) + 1);
    const inFlightIds = [...inFlight].map((item) => item.id);
    const leaseMs = (this.options.sendTimeoutMs ?? 30_000) * 2;
    const claimed: OutboxItem[] = [];
    for (const channel of this.channels) {
      if ((this.pausedUntil.get(channel) ?? 0) > now) continue;
      const free = Math.min(
        (this.probing.has(channel) ? 1 : this.options.concurrency) - (busy.get(channel) ?? 0),
        this.rateRoom(channel, now),
        this.options.sendQuotas?.[channel]?.room(now) ?? Number.POSITIVE_INFINITY,
      );
      if (free <= 0) continue;
      claimed.push(...(await this.options.store.outbox.claimDue(channel, now, free, leaseMs, this.horizonStart(), inFlightIds)));
    }
    // Items of a channel this server does not run (an alert webhook since removed, a disabled channel).
    return claimed;
  }

  /** How many more sends the channel may start now without passing its per-second limit. */
  private rateRoom(channel: string, now: number): number {
    return this.sendRates.get(channel)?.remaining(channel, now) ?? Number.POSITIVE_INFINITY;
  }

  /** When the first channel held back by its per-second limit may send again; undefined when none is. */
  private rateFreesAt(now: number): number | undefined {
    const frees = [...this.sendRates].flatMap(([channel, rate]) => rate.blockedUntil(channel, now) ?? []);
    return frees.length > 0 ? Math.min(...frees) : undefined;
  }

  private async nextWakeAt(): Promise<number | undefined> {
    const now = this.now();
    const due = await this.options.store.outbox.nextDueAt(this.horizonStart());
    if (due === undefined || due > now) return due;
    // Due now but not claimed: a paused channel (wake when its pause ends) or a lane waiting on
    // an item in flight (its end kicks the loop).
    const pauses = [...this.pausedUntil.values()].filter((until) => until > now);
    const rate = this.rateFreesAt(now);
    if (rate !== undefined) pauses.push(rate);
    for (const quota of Object.values(this.options.sendQuotas ?? {})) {
      if (quota.room(now) === 0) pauses.push(quota.pause(now)?.until ?? now + MAX_PROBE_MS);
    }
    return pauses.length > 0 ? Math.min(...pauses, now + 250) : due;
  }

  private async send(item: OutboxItem): Promise<void> {
    const deliver = this.options.deliverers[item.channel];
    if (!deliver) return; // only channels with a deliverer are ever claimed
    // An ordinary reply claimed while the quota keeps its reserve for emergencies waits, in order, for the reset.
    const quota = this.options.sendQuotas?.[item.channel]?.take(item, this.now());
    if (quota && !quota.ok) {
      await this.options.store.outbox.deferUncounted(item.id, quota.until, 'waiting for the platform send quota to reset');
      return;
    }
    // Counted as it starts, right after its claim and before the next claim round.
    this.sendRates.get(item.channel)?.record(item.channel, this.now());
    let result: DeliveryResult;
    try {
      result = await deliver(item);
    } catch (err) {
      result = { ok: false, retryable: true, reason: `sender threw: ${(err as Error).name}` };
    }
    const at = this.now();
    // Retryable failures come back (rate limits, backoff, and after the tries, when the channel recovers).
    this.options.onAttempt?.({ item, result, willRetry: result.ok || result.retryable, at });
    // What the platform answered is kept through a database that cannot write (locked elsewhere,
    // disk full): the item stays in hand, its recipient's next message behind it, until the result
    // is stored, so a delivered message is never sent again because its "sent" could not be written.
    await untilStored(() => this.settle(item, result, at), {
      stopping: () => this.stopping,
      onWait: () => {
        this.options.health?.failed('outbox');
      },
    });
  }

  /** Writes what became of one attempt: sent, undeliverable, paused, retried later or failed. */
  private async settle(item: OutboxItem, result: DeliveryResult, at: number): Promise<void> {
    const { store, log } = this.options;
    if (result.ok) {
      const { platformMessageId } = result;
      // One atomic write (results arriving together share a commit); the recipient's next message is claimed after it.
      await store.outbox.markDelivered(item, at, platformMessageId);
      this.rateLimitStreak.delete(item.channel);
      this.probing.delete(item.channel);
      if (this.troubled.delete(item.channel)) {
        const revived = await store.outbox.retryChannelNow(item.channel, at, this.horizonStart());
        if (revived > 0) log.info({ channel: item.channel, revived }, 'outbox: channel delivers again; retrying waiting replies now');
      }
      log.info({ outboxId: item.id, channel: item.channel, attempts: item.attempts }, 'outbox: delivered');
      return;
    }
    if (!result.retryable) {
      await store.transaction(async () => {
        await store.outbox.markUndeliverable(item.id, at, result.reason);
        if (item.messageId !== null) await store.messages.setStatus(item.messageId, 'undeliverable');
      });
      log.error({ outboxId: item.id, channel: item.channel, attempts: item.attempts, reason: result.reason }, 'outbox: undeliverable');
      return;
    }
    this.troubled.add(item.channel);
    if (result.rateLimited) {
      const streak = (this.rateLimitStreak.get(item.channel) ?? 0) + 1;
      this.rateLimitStreak.set(item.channel, streak);
      const until = Math.max(result.retryAt ?? 0, at + Math.min(this.options.retryBaseMs * 2 ** (streak - 1), MAX_BACKOFF_MS));
      this.pausedUntil.set(item.channel, Math.max(this.pausedUntil.get(item.channel) ?? 0, until));
      this.probing.add(item.channel);
      await store.outbox.deferUncounted(item.id, until, result.reason);
      await this.options.onPause?.(item.channel, until);
      log.warn(
        { outboxId: item.id, channel: item.channel, pausedMs: until - at, reason: result.reason },
        'outbox: rate limited; channel paused',
      );
      return;
    }
    if (item.attempts < this.options.maxAttempts) {
      const backoff = Math.min(this.options.retryBaseMs * 2 ** (item.attempts - 1), MAX_BACKOFF_MS);
      const jitter = Math.floor(Math.random() * backoff * 0.2);
      await store.outbox.reschedule(item.id, Math.max(at + backoff + jitter, result.retryAt ?? 0), result.reason);
      log.warn({ outboxId: item.id, channel: item.channel, attempts: item.attempts, reason: result.reason }, 'outbox: will retry');
      return;
    }
    const probe = Math.min(this.options.retryBaseMs * 30, MAX_PROBE_MS);
    await store.transaction(async () => {
      await store.outbox.markFailed(item.id, at, at + probe, result.reason);
      if (item.messageId !== null) await store.messages.setStatus(item.messageId, 'failed');
    });
    log.error(
      { outboxId: item.id, channel: item.channel, attempts: item.attempts, reason: result.reason },
      'outbox: failed; retried when the channel recovers',
    );
  }
}
