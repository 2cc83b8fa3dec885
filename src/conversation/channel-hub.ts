import type { Activity, TurnContext } from 'botbuilder';
import type { Router } from 'express';
import type { Logger } from '../platform/logger';
import { markWebhookStored } from '../platform/metrics';
import { withinBudget } from '../platform/store-retry';
import type { WorkerHealth } from '../platform/worker-health';
import type { PracticeProfile } from '../practice/practice-profile';
import type { DatabaseHandle } from '../store/database-handle';
import { looksUrgent } from '../triage/triage-router';
import type { ConversationStore } from './conversation-store';
import type { Channel, ChannelContext, ChannelLimits, ChannelSetup, ReplyAuthor, ReplyWindow, SendType, Surface } from './channel';
import type { Conversation } from './conversation-repo';
import { INBOX_MAX_ATTEMPTS, InboxProcessor, isLastAttempt, type InboxHandler } from './inbox/inbox-processor';
import type { InboxEvent, InboxItem } from './inbox/inbox-repo';
import type { Deliverer, DeliveryResult } from './outbox/delivery';
import { OutboxAdapter } from './outbox/outbox-adapter';
import type { OutboxItem } from './outbox/outbox-repo';
import { OutboxWorker } from './outbox/outbox-worker';
import type { SendQuota, SendQuotaPause } from './outbox/send-quota';
import { queuePatientMessage } from './patient-outbox';
import { LaneJobDriver, type LaneRepos } from './lane-job-driver';
import type { JobQueueTimings } from '../store/postgres/job-queue';
import type { PostgresPool } from '../store/postgres/postgres-pool';

/** The bot as the hub runs it: one turn per stored event, and a last resort for one that keeps failing. */
export interface TurnLogic {
  run(context: TurnContext): Promise<void>;
  handOver(context: TurnContext): Promise<void>;
}

/** One running channel, as staff views and the console list it. */
export interface ChannelSummary {
  id: string;
  displayName: string;
  limits: ChannelLimits;
  /** Where patients write on it: private conversations, and public posts where the channel has them. */
  surfaces: readonly Surface[];
}

export interface SendToPatientOptions {
  author: ReplyAuthor;
  /** Staff user or service account that wrote it (audit, transcript). */
  actor?: string;
  /** The outbox key: a request retried with the same key queues nothing new. */
  idempotencyKey: string;
  /** The route of the thread it answers: the roles that may read it in staff views. */
  route?: string;
  /** A photo or PDF to send instead of text (held as an attachment row under `owner`). */
  attachment?: { id: number; owner: string };
}

/** What became of a message for a patient: queued (or queued before, under the same key), or why not. */
export type SendOutcome =
  | { queued: true; messageId: number | null; outboxId: number; send: SendType; duplicate: boolean }
  | { queued: false; code: 'channel_disabled' | 'window_closed'; reason: string };

/** The running channels as the rest of the system sees them: names, reply windows, one way to write to a patient. */
export interface PatientChannels {
  list(): readonly ChannelSummary[];
  /** What staff see for a channel id; the id itself for a channel this server does not run. */
  displayName(channelId: string): string;
  isRunning(channelId: string): boolean;
  /** May `author` write into this conversation now, and how; undefined when its channel is not running. */
  replyWindow(conversation: Conversation, author: ReplyAuthor): ReplyWindow | undefined;
  /** Queues a message for the patient on the channel they used, when its reply policy allows it now. */
  sendToPatient(conversation: Conversation, text: string, options: SendToPatientOptions): Promise<SendOutcome>;
  /** Asks the outbox to look for due messages now (after staff resend one). */
  wake(): void;
  /** While a channel's send quota holds ordinary replies back: until when, and how much is used. */
  sendPause(channelId: string): SendQuotaPause | undefined;
}

/** One delivery attempt and what came of it. */
export interface DeliveryAttempt {
  item: OutboxItem;
  result: DeliveryResult;
  /** The item comes back for another try (rate limits, backoff, a channel that recovers). */
  willRetry: boolean;
  at: number;
}

export interface ChannelHubOptions {
  store: ConversationStore & DatabaseHandle;
  log: Logger;
  now: () => number;
  /** Where the workers report failures they survive. */
  health?: WorkerHealth;
  practice: PracticeProfile;
  /** Every channel of the list, on or off. */
  channels: ReadonlyArray<{ id: string; setup: ChannelSetup }>;
  bot: TurnLogic;
  outbox: { maxAttempts: number; retryBaseMs: number; concurrency: number; retryHorizonMs: number };
  /** Deliverers for outbox items that are not patient messages (the staff alert webhook). */
  deliverers?: Readonly<Record<string, Deliverer>>;
  /**
   * On PostgreSQL: the inbox and outbox run on the shared job queue (several instances may share
   * the database) instead of this process's claim loop.
   */
  jobs?: {
    pool: PostgresPool;
    connectionString: string;
    instanceId: string;
    repos: LaneRepos;
    /** Told after each turn (the change feed: consoles on every instance look for what it changed). */
    onTurn?: () => void;
    /** Connections in the store's pool: turns run at once stay below it. */
    poolSize: number;
    timings?: JobQueueTimings;
  };
}

/**
 * How long a delivery may take to be stored before its platform is answered 503 (and redelivers):
 * well inside the platforms' own timeouts, so a lock or a full disk never holds a webhook open.
 */
export const INGEST_BUDGET_MS = 2000;

/** A stored inbox row: the Activity read from the wire event once, at ingest. */
interface StoredActivity {
  activity: Partial<Activity>;
}

function storedActivity(payload: unknown): Partial<Activity> | undefined {
  if (typeof payload !== 'object' || payload === null || !('activity' in payload)) return undefined;
  const { activity } = payload as StoredActivity;
  return typeof activity === 'object' && activity !== null ? activity : undefined;
}

/**
 * The running channels and what runs them. A wire event enters once (`ingest`: read into an Activity,
 * its lane and red-flag urgency computed, stored before the platform is answered), becomes one bot turn
 * (`turn`), and every message for a patient, the bot's or a person's, leaves through one outbox write.
 */
export class ChannelHub implements PatientChannels {
  private readonly channels = new Map<string, { channel: Channel; adapter: OutboxAdapter }>();
  private readonly routers: Router[] = [];
  private readonly inbox: InboxProcessor;
  private readonly outbox: OutboxWorker;
  private readonly deliveryListeners: Array<(attempt: DeliveryAttempt) => void> = [];
  private readonly maxSendsPerSecond: Record<string, number> = {};
  private driver: LaneJobDriver | undefined;
  private running = false;

  constructor(private readonly options: ChannelHubOptions) {
    const { store, log, now, practice } = options;
    for (const { id, setup } of options.channels) {
      if (!setup.enabled) {
        log.info({ channel: id }, `${id} disabled: ${setup.howToEnable}`);
        if (setup.routes) this.routers.push(setup.routes());
        continue;
      }
      const ctx: ChannelContext = {
        store,
        log,
        now,
        practice,
        ...(options.health ? { health: options.health } : {}),
        ingest: (events) => this.ingest(id, events),
      };
      const channel = setup.create(ctx);
      this.channels.set(id, { channel, adapter: new OutboxAdapter(channel, store, () => this.wake(), now) });
      this.routers.push(channel.routes());
    }

    const deliverers: Record<string, Deliverer> = { ...options.deliverers };
    const handlers: Record<string, InboxHandler> = {};
    const { maxSendsPerSecond } = this;
    const sendQuotas: Record<string, SendQuota> = {};
    for (const [id, { channel }] of this.channels) {
      deliverers[id] = channel.deliver;
      Object.assign(deliverers, channel.deliverers);
      handlers[id] = { turn: (item) => this.turn(item), ...(channel.typing ? { typing: (item) => this.typing(item) } : {}) };
      if (channel.limits.maxSendsPerSecond !== undefined) maxSendsPerSecond[id] = channel.limits.maxSendsPerSecond;
      if (channel.limits.sendQuota) sendQuotas[id] = channel.limits.sendQuota;
    }
    this.outbox = new OutboxWorker({
      store,
      ...(options.health ? { health: options.health } : {}),
      deliverers,
      maxAttempts: options.outbox.maxAttempts,
      retryBaseMs: options.outbox.retryBaseMs,
      concurrency: options.outbox.concurrency,
      retryHorizonMs: options.outbox.retryHorizonMs,
      maxSendsPerSecond,
      sendQuotas,
      ...(options.jobs
        ? { onPause: (channel: string, until: number) => options.jobs?.repos.gate.pause(channel, until) ?? Promise.resolve() }
        : {}),
      onAttempt: (attempt) => {
        if (attempt.result.ok) this.inbox.replyDelivered(attempt.item.conversationId);
        for (const listener of this.deliveryListeners) listener(attempt);
      },
      log,
      now,
    });
    this.inbox = new InboxProcessor({ store, handlers, log, now, ...(options.health ? { health: options.health } : {}) });
  }

  /** The channels' HTTP routes, including those that answer while a channel is off. */
  routes(): readonly Router[] {
    return this.routers;
  }

  /** Told after every delivery attempt (metrics). */
  onDelivery(listener: (attempt: DeliveryAttempt) => void): void {
    this.deliveryListeners.push(listener);
  }

  /**
   * Durable before acknowledged: stores a channel's new wire events (deduplicated on the platform's
   * event id) with their conversation lane and the red-flag pre-scan, and returns how many were new.
   * Events that cannot be stored within INGEST_BUDGET_MS reject with a StoreUnavailableError, which
   * the webhook answers 503 with Retry-After.
   */
  async ingest(channelId: string, events: ReadonlyArray<{ eventId: string; payload: object; text?: string }>): Promise<number> {
    const running = this.channels.get(channelId);
    if (!running) throw new Error(`${channelId}: events for a channel that is not running`);
    const rows = events.map((event): InboxEvent => {
      const activity = running.channel.toActivity(event.payload);
      const text = event.text ?? activity?.text ?? '';
      const lane = activity?.conversation?.id;
      return {
        eventId: event.eventId,
        // A payload the channel cannot read is kept as it came, and fails its turn visibly.
        payload: activity ? ({ activity } satisfies StoredActivity) : event.payload,
        ...(lane ? { lane } : {}),
        urgent: text !== '' && looksUrgent(text),
      };
    });
    const added = await withinBudget(this.options.store.inbox.addAll(channelId, rows, this.options.now()), INGEST_BUDGET_MS);
    markWebhookStored(channelId);
    // On the job queue the events' jobs were added with them.
    if (added > 0 && !this.options.jobs) this.inbox.kick();
    return added;
  }

  /**
   * One stored event as one bot turn. A message whose turn keeps failing (a bug, a bad row) must still
   * reach a person: its last try skips triage and flows, records it and hands the thread to staff.
   */
  async turn(item: InboxItem): Promise<void> {
    const running = this.channels.get(item.channel);
    const activity = running && this.activityOf(running.channel, item);
    if (!running || !activity) throw Object.assign(new Error('unreadable inbox payload'), { code: 'unreadable_payload' });
    const { bot } = this.options;
    await running.adapter.processActivity(activity, (context) => (isLastAttempt(item) ? bot.handOver(context) : bot.run(context)));
  }

  /** A courtesy while the patient waits, within the channel's limits: its failure changes nothing. */
  private typing(item: InboxItem): void {
    const running = this.channels.get(item.channel);
    const recipient = running && this.activityOf(running.channel, item)?.from?.id;
    if (!running?.channel.typing || !recipient || !this.outbox.allowCourtesy(item.channel)) return;
    running.channel.typing(recipient).catch(() => undefined);
  }

  /** Rows stored before events were read at ingest carry the wire payload: the channel reads it now. */
  private activityOf(channel: Channel, item: InboxItem): Partial<Activity> | undefined {
    return storedActivity(item.payload) ?? channel.toActivity(item.payload);
  }

  list(): readonly ChannelSummary[] {
    return [...this.channels.values()].map(({ channel }) => ({
      id: channel.id,
      displayName: channel.displayName,
      limits: channel.limits,
      surfaces: channel.surfaces ?? ['private'],
    }));
  }

  displayName(channelId: string): string {
    return this.channels.get(channelId)?.channel.displayName ?? channelId;
  }

  /** How a running channel fetches its patients' attachment URLs; undefined when it has none. */
  attachmentDownloader(channelId: string): ((url: string, signal: AbortSignal) => Promise<Response>) | undefined {
    const channel = this.channels.get(channelId)?.channel;
    return channel?.downloadAttachment
      ? (url, signal) => (channel.downloadAttachment as NonNullable<typeof channel.downloadAttachment>)(url, signal)
      : undefined;
  }

  isRunning(channelId: string): boolean {
    return this.channels.has(channelId);
  }

  replyWindow(conversation: Conversation, author: ReplyAuthor): ReplyWindow | undefined {
    return this.channels.get(conversation.channel)?.channel.replyWindow({
      author,
      lastInboundAt: conversation.lastInboundAt,
      now: this.options.now(),
      surface: conversation.surface,
    });
  }

  async sendToPatient(conversation: Conversation, text: string, options: SendToPatientOptions): Promise<SendOutcome> {
    const window = this.replyWindow(conversation, options.author);
    if (!window) {
      return {
        queued: false,
        code: 'channel_disabled',
        reason: `The ${conversation.channel} channel is not configured on this server, so the message cannot be sent.`,
      };
    }
    if (window.state === 'closed') return { queued: false, code: 'window_closed', reason: window.reason };
    const queued = await queuePatientMessage(this.options.store, {
      conversation,
      text,
      author: options.author,
      actor: options.actor,
      send: window.send,
      dedupeKey: options.idempotencyKey,
      route: options.route,
      attachment: options.attachment,
      at: this.options.now(),
    });
    this.wake();
    return { queued: true, ...queued, send: window.send };
  }

  /** Asks the outbox to look for due messages now; on the job queue a message's job is added with it. */
  wake(): void {
    if (!this.options.jobs) this.outbox.kick();
  }

  sendPause(channelId: string): SendQuotaPause | undefined {
    return this.channels.get(channelId)?.channel.limits.sendQuota?.pause(this.options.now());
  }

  /** Picks up what a previous run left (events stored but not processed, sends interrupted), then runs. */
  async start(): Promise<void> {
    const leftover = await this.options.store.inbox.countUnprocessed();
    if (leftover > 0) this.options.log.warn({ leftover }, 'inbox: processing events stored before the last stop');
    const { jobs, log, now } = this.options;
    if (jobs) {
      // Leases and in-flight sends belong to the job queue here: another instance may be working them now.
      this.driver = await LaneJobDriver.start({
        ...jobs,
        inbox: this.inbox,
        outbox: this.outbox,
        maxSendsPerSecond: this.maxSendsPerSecond,
        turnConcurrency: Math.max(1, jobs.poolSize - 2),
        sendConcurrency: this.options.outbox.concurrency,
        ...(this.options.health ? { health: this.options.health } : {}),
        log,
        now,
      });
    } else {
      await this.outbox.start();
      await this.inbox.start();
    }
    for (const { channel } of this.channels.values()) channel.start?.();
    this.running = true;
  }

  /** Channels stop polling, then the turns and sends in hand finish; the rest waits for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all([...this.channels.values()].map(async ({ channel }) => channel.stop?.()));
    await this.driver?.stop();
    this.driver = undefined;
    await this.inbox.stop();
    await this.outbox.stop();
  }

  /** Resolves when stored events and due messages have been handled (tests, operators' tools). */
  async idle(): Promise<void> {
    const { store, now } = this.options;
    const { driver } = this;
    if (driver) {
      // Jobs on PostgreSQL are not this process's to wait for: the database says when they are done.
      for (let i = 0; i < 3000 && (await driver.busy()); i += 1) await new Promise((r) => setTimeout(r, 10));
      return;
    }
    for (let i = 0; i < 500; i += 1) {
      await this.inbox.idle();
      await this.outbox.idle();
      if ((await store.inbox.countOpen(INBOX_MAX_ATTEMPTS)) === 0 || !this.running) {
        await new Promise((r) => setImmediate(r));
        const next = await store.outbox.nextDueAt(now() - this.options.outbox.retryHorizonMs);
        if (next === undefined || next > now()) return;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
