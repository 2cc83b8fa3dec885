import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { DatabaseHandle } from '../../store/database-handle';
import type { ConversationStore } from '../conversation-store';
import type { Conversation } from '../conversation-repo';
import type { Channel, ChannelLimits } from '../channel';
import { choicesOf, readOutgoingMeta } from '../turn-meta';
import { queuePatientMessage } from '../patient-outbox';
import type { OutboxPayload } from './delivery';
import { joinReplies } from './join-replies';

const SEQ = Symbol('frontdesk.outgoingSeq');
/** A turn's bubbles held back to be joined, on channels that send one message per turn. */
const HELD = Symbol('frontdesk.heldReplies');
/** The turn's stored conversation, read once for all its replies (its id and recipient do not change). */
const CONVERSATION = Symbol('frontdesk.replyConversation');

/** The limits of the channel a turn runs on; undefined outside an outbox adapter (e.g. a test harness). */
export function channelLimitsOf(context: TurnContext): ChannelLimits | undefined {
  return context.adapter instanceof OutboxAdapter ? context.adapter.channel.limits : undefined;
}

/**
 * A botbuilder adapter whose "send" is a durable write: every outgoing message becomes a transcript
 * row and an outbox row in one transaction, then the outbox worker delivers it on the channel. One
 * instance per channel; the channel itself maps its wire events to Activities.
 */
export class OutboxAdapter extends BotAdapter {
  readonly channelId: string;

  constructor(
    /** The channel this adapter writes for: its id, limits, and direct delivery for urgent messages. */
    readonly channel: Channel,
    protected readonly store: ConversationStore & DatabaseHandle,
    private readonly onEnqueued: () => void,
    protected readonly now: () => number = Date.now,
  ) {
    super();
    this.channelId = channel.id;
  }

  /** Runs one inbound activity through middleware and the bot. */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
    await this.releaseHeld(context);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    const held = this.channel.limits.oneMessagePerTurn ? this.heldOf(context) : undefined;
    for (const activity of activities) {
      if (activity.type !== ActivityTypes.Message || !activity.text) {
        responses.push({ id: '' });
      } else if (held) {
        held.push(activity);
        responses.push({ id: '' });
      } else {
        responses.push({ id: await this.write(context, activity) });
      }
    }
    // An emergency reply is not held for the rest of the turn: it leaves now, joined with what came before.
    if (held?.some((a) => readOutgoingMeta(a).urgent)) await this.releaseHeld(context);
    this.onEnqueued();
    return responses;
  }

  private heldOf(context: TurnContext): Partial<Activity>[] {
    let held = context.turnState.get(HELD) as Partial<Activity>[] | undefined;
    if (!held) {
      held = [];
      context.turnState.set(HELD, held);
    }
    return held;
  }

  /** Queues the bubbles held back in this turn, joined into as few messages as the channel allows. */
  private async releaseHeld(context: TurnContext): Promise<void> {
    const held = context.turnState.get(HELD) as Partial<Activity>[] | undefined;
    if (!held || held.length === 0) return;
    const joined = joinReplies(held.splice(0), this.channel.limits);
    for (const activity of joined) await this.write(context, activity);
    this.onEnqueued();
  }

  private async write(context: TurnContext, activity: Partial<Activity>): Promise<string> {
    try {
      return String(await this.enqueue(context, activity));
    } catch (err) {
      if (!readOutgoingMeta(activity).urgent) throw err;
      return await this.sendDirectly(activity);
    }
  }

  /**
   * The store failed while an emergency reply was being queued: send it now, without the outbox's
   * retries or transcript, because a reply that is never sent is the worst outcome.
   */
  private async sendDirectly(activity: Partial<Activity>): Promise<string> {
    const recipientId = activity.recipient?.id;
    if (!recipientId) throw new Error(`${this.channelId}: no recipient for a direct send`);
    const payload: OutboxPayload = { recipientId, text: activity.text ?? '', quickReplies: [] };
    const item = {
      id: 0,
      dedupeKey: '',
      channel: this.channelId,
      conversationId: 0,
      messageId: null,
      payload: { ...payload },
      status: 'sending' as const,
      attempts: 1,
      nextAttemptAt: this.now(),
      lastError: null,
      urgent: true,
      lane: `${this.channelId}:${recipientId}`,
      createdAt: this.now(),
      failedAt: null,
      handledAt: null,
      handledBy: null,
    };
    const result = await this.channel.deliver(item);
    if (!result.ok) throw new Error(`${this.channelId}: direct send failed: ${result.reason}`);
    return result.platformMessageId ?? '';
  }

  override async updateActivity(): Promise<void> {
    throw new Error(`${this.channelId}: messages cannot be edited once sent`);
  }

  override async deleteActivity(): Promise<void> {
    throw new Error(`${this.channelId}: messages cannot be deleted once sent`);
  }

  /** Starts a turn on a stored conversation, e.g. to deliver a staff reply. */
  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.processActivity(activity, logic);
  }

  private async enqueue(context: TurnContext, activity: Partial<Activity>): Promise<number> {
    const conversationKey = activity.conversation?.id ?? context.activity.conversation?.id;
    const cached = context.turnState.get(CONVERSATION) as { key: string; conversation: Conversation } | undefined;
    const conversation =
      cached && cached.key === conversationKey
        ? cached.conversation
        : conversationKey
          ? await this.store.conversations.findByPlatform(this.channelId, conversationKey)
          : undefined;
    if (!conversation || !conversationKey) throw new Error(`${this.channelId}: reply to a conversation that is not stored`);
    context.turnState.set(CONVERSATION, { key: conversationKey, conversation });

    const meta = readOutgoingMeta(activity);
    const seq = ((context.turnState.get(SEQ) as number | undefined) ?? 0) + 1;
    context.turnState.set(SEQ, seq);
    return (
      await queuePatientMessage(this.store, {
        conversation,
        text: activity.text ?? '',
        // The channel's limits, not the bot's: a surface without buttons gets none.
        quickReplies: choicesOf(activity).slice(0, this.channel.limits.maxQuickReplies),
        author: meta.author ?? 'bot',
        actor: meta.actor,
        send: meta.send,
        ...(meta.urgent ? { urgent: true } : {}),
        // A replayed turn finds its replies already queued under the same keys.
        dedupeKey: meta.dedupeKey ?? `${this.channelId}:${context.activity.id ?? 'turn'}:${seq}`,
        at: this.now(),
      })
    ).outboxId;
  }
}
