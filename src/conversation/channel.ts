import type { Activity } from 'botbuilder';
import type { Router } from 'express';
import type { Logger } from '../platform/logger';
import type { WorkerHealth } from '../platform/worker-health';
import type { PracticeProfile } from '../practice/practice-profile';
import type { DatabaseHandle } from '../store/database-handle';
import type { ConversationStore } from './conversation-store';
import type { Deliverer, SendType } from './outbox/delivery';
import type { SendQuota } from './outbox/send-quota';
import type { Surface } from './surface';

export type { SendType } from './outbox/delivery';
export type { Surface } from './surface';

/**
 * The one interface a channel implements. A channel is a folder under `src/channels/` that exports
 * a `ChannelDefinition`, plus one line in `src/channels/index.ts`; nothing else in the code base
 * tests a channel's name: staff code, the console and the bot ask the channel.
 */
export interface ChannelDefinition {
  /** Stable id stored with every conversation and inbox/outbox row: lowercase letters. */
  readonly id: string;
  /** What staff see, e.g. `Messenger`. */
  readonly displayName: string;
  /** The variables this channel reads, one line each, for `--help`. */
  readonly envHelp: ReadonlyArray<readonly [name: string, description: string]>;
  /**
   * Reads this channel's slice of the environment. All-or-none: nothing set is `off` (with how to
   * turn it on); some set throws a ConfigError naming what is missing; a bad value throws naming
   * the variable.
   */
  fromEnv(env: NodeJS.ProcessEnv): ChannelSetup;
}

export type ChannelSetup =
  | {
      enabled: false;
      howToEnable: string;
      /** Routes that answer while the channel is off, e.g. a webhook that names what to set. */
      routes?: () => Router;
    }
  | { enabled: true; create(ctx: ChannelContext): Channel };

/** What a running channel gets from the composition root. */
export interface ChannelContext {
  /** The pipeline's records, and the database for a channel's own repositories. */
  store: ConversationStore & DatabaseHandle;
  log: Logger;
  now: () => number;
  /** The practice's name, privacy notice and emergency numbers, for pages a channel serves. */
  practice: PracticeProfile;
  /** Where a channel's own background workers (a poller) report the failures they survive. */
  health?: WorkerHealth;
  /**
   * Durable before acknowledged: writes new events to the inbox (deduplicated on the platform's
   * event id) and returns how many were new. Call it before answering the platform.
   */
  ingest(events: ReadonlyArray<{ eventId: string; payload: object; text?: string }>): Promise<number>;
}

/** Who is writing: the bot, or a person on the practice's staff. */
export type ReplyAuthor = 'bot' | 'staff';

/** May this author write to the patient now, and how; when the chance to write ends. */
export type ReplyWindow =
  { state: 'open'; send: SendType; closesAt?: number; note?: string } | { state: 'closed'; reason: string; closedAt?: number };

export interface ChannelLimits {
  /** Longest text one outgoing message may carry. */
  maxTextLength: number;
  /** Most quick-reply buttons under one message; 0 when the surface has none. */
  maxQuickReplies: number;
  /** Longest button title. */
  maxQuickReplyTitle: number;
  /** Staff may send a photo or PDF here (the deliverer uploads the attachment row's bytes). */
  sendsAttachments?: boolean;
  /** The file types staff may send here, when the platform takes fewer than photos and PDF. */
  attachmentTypes?: readonly string[];
  /** The largest file the platform takes, in bytes, when it is smaller than the upload limit. */
  maxAttachmentBytes?: number;
  /** Why staff cannot send files on this channel as configured: what the operator would set. */
  attachmentsOff?: string;
  /**
   * Each sent message counts against a tight platform quota: a turn's bubbles are joined into as
   * few messages as `maxTextLength` allows (one, in practice).
   */
  oneMessagePerTurn?: boolean;
  /**
   * Most sends per second the platform allows for this account, kept below by the outbox so a busy
   * hour never runs into the limit; undefined when the platform only answers with its rate headers.
   */
  maxSendsPerSecond?: number;
  /**
   * A quota the platform counts over minutes or a day, with a reserve for emergency replies; the
   * outbox asks it before each send and ordinary replies wait, in order, while it is spent.
   */
  sendQuota?: SendQuota;
}

/** A running channel. */
export interface Channel {
  readonly id: string;
  readonly displayName: string;
  readonly limits: ChannelLimits;
  /** Where patients write on it; private conversations only when absent. */
  readonly surfaces?: readonly Surface[];
  /** The channel's HTTP routes (webhooks, pages), mounted on the app. */
  routes(): Router;
  /**
   * Turns a stored inbox payload back into the Activity the bot runs on. Returns undefined for a
   * payload this channel cannot read (the inbox marks it failed rather than guessing).
   */
  toActivity(payload: unknown): Partial<Activity> | undefined;
  /** Sends one outbox item on the platform. */
  deliver: Deliverer;
  /** Outbox items the channel sends besides its messages (the chat page's reply emails), by outbox channel id. */
  readonly deliverers?: Readonly<Record<string, Deliverer>>;
  /**
   * The reply policy: whether `author` may write into this conversation at `now`, measured from the
   * patient's last message, and with which send type.
   */
  replyWindow(input: { author: ReplyAuthor; lastInboundAt: number | null; now: number; surface: Surface }): ReplyWindow;
  /**
   * Fetches a file a patient attached (its URL came in the platform's event), signed where the
   * platform requires it; absent on channels whose attachments arrive as uploads.
   */
  downloadAttachment?(url: string, signal: AbortSignal): Promise<Response>;
  /** Shows the patient that a reply is being written, where the platform has such a signal. */
  typing?(recipientId: string): Promise<void>;
  /** Channels that poll the platform start and stop their loop here. */
  start?(): void;
  stop?(): Promise<void>;
}
