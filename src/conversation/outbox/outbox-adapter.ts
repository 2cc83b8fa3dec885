import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { QuickReply } from '../message-repo';
import type { Deliverer } from './delivery';
import type { Store } from '../../store/store';

/** What Frontdesk puts in an outgoing activity's `channelData.frontdesk`. */
export interface OutgoingMeta {
  author?: 'bot' | 'staff';
  /** Staff user or service account that wrote the message (audit, transcript). */
  actor?: string;
  /** Idempotency key for the outbox; defaults to `<inbound activity id>:<n>` within a turn. */
  dedupeKey?: string;
  /** Messenger: set by the staff reply path from the messaging window. */
  messagingType?: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';
  tag?: 'HUMAN_AGENT';
  /** Emergency replies: if the store cannot take the message, send it directly rather than not at all. */
  urgent?: boolean;
}

/** The payload an outbox row carries to a channel's sender. */
export interface OutboxPayload extends Record<string, unknown> {
  recipientId: string;
  text: string;
  quickReplies: QuickReply[];
  messagingType: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';
  tag?: 'HUMAN_AGENT';
}

const SEQ = Symbol('frontdesk.outgoingSeq');

/**
 * A botbuilder adapter whose "send" is a durable write: every outgoing message becomes a transcript
 * row and an outbox row in one transaction, then the outbox worker delivers it on the channel. The
 * same class serves every channel we host ourselves; subclasses only map their wire events to Activities.
 */
export class OutboxAdapter extends BotAdapter {
  constructor(
    readonly channelId: string,
    protected readonly store: Store,
    private readonly onEnqueued: () => void,
    protected readonly now: () => number = Date.now,
    /** Direct delivery for urgent messages when the store fails (see OutgoingMeta.urgent). */
    private readonly urgentDeliverer?: Deliverer,
  ) {
    super();
  }

  /** Runs one inbound activity through middleware and the bot. */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type !== ActivityTypes.Message || !activity.text) {
        responses.push({ id: '' });
        continue;
      }
      try {
        responses.push({ id: String(this.enqueue(context, activity)) });
      } catch (err) {
        if (!metaOf(activity).urgent || !this.urgentDeliverer) throw err;
        responses.push({ id: await this.sendDirectly(activity) });
      }
    }
    this.onEnqueued();
    return responses;
  }

  /**
   * The store failed while an emergency reply was being queued: send it now, without the outbox's
   * retries or transcript, because a reply that is never sent is the worst outcome.
   */
  private async sendDirectly(activity: Partial<Activity>): Promise<string> {
    const recipientId = activity.recipient?.id;
    if (!recipientId || !this.urgentDeliverer) throw new Error(`${this.channelId}: no recipient for a direct send`);
    const payload: OutboxPayload = { recipientId, text: activity.text ?? '', quickReplies: [], messagingType: 'RESPONSE' };
    const item = {
      id: 0,
      dedupeKey: '',
      channel: this.channelId,
      conversationId: 0,
      messageId: null,
      payload,
      status: 'sending' as const,
      attempts: 1,
      nextAttemptAt: this.now(),
      lastError: null,
    };
    const result = await this.urgentDeliverer(item);
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
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      reference,
      true,
    );
    await this.processActivity(activity, logic);
  }

  private enqueue(context: TurnContext, activity: Partial<Activity>): number {
    const conversationKey = activity.conversation?.id ?? context.activity.conversation?.id;
    const conversation = conversationKey ? this.store.conversations.findByPlatform(this.channelId, conversationKey) : undefined;
    if (!conversation) throw new Error(`${this.channelId}: reply to a conversation that is not stored`);

    const meta = metaOf(activity);
    const seq = ((context.turnState.get(SEQ) as number | undefined) ?? 0) + 1;
    context.turnState.set(SEQ, seq);
    const dedupeKey = meta.dedupeKey ?? `${this.channelId}:${context.activity.id ?? 'turn'}:${seq}`;
    const existing = this.store.outbox.findByKey(dedupeKey);
    if (existing) return existing.id; // a replayed turn: this reply is already queued or sent

    const quickReplies: QuickReply[] = (activity.suggestedActions?.actions ?? []).map((action) => ({
      title: String(action.title ?? action.value),
      payload: String(action.value ?? action.title),
    }));
    const payload: OutboxPayload = {
      recipientId: conversation.platformUserId,
      text: activity.text ?? '',
      quickReplies,
      messagingType: meta.messagingType ?? 'RESPONSE',
      ...(meta.tag ? { tag: meta.tag } : {}),
    };
    const at = this.now();
    return this.store.db.transaction(() => {
      const messageId = this.store.messages.insertOutbound({
        conversationId: conversation.id,
        author: meta.author ?? 'bot',
        staffActor: meta.actor,
        text: payload.text,
        quickReplies,
        status: 'queued',
        at,
      });
      const id = this.store.outbox.enqueue({
        dedupeKey,
        channel: this.channelId,
        conversationId: conversation.id,
        messageId,
        payload,
        at,
      });
      if (id === undefined) throw new Error('outbox key raced');
      return id;
    })();
  }
}

function metaOf(activity: Partial<Activity>): OutgoingMeta {
  return ((activity.channelData as { frontdesk?: OutgoingMeta } | undefined)?.frontdesk ?? {}) as OutgoingMeta;
}
