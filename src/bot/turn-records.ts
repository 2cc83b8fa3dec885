import { TurnContext, type Activity } from 'botbuilder';
import type { EscalationRoute } from '../triage/types';
import type { Logger } from '../platform/logger';
import type { Conversation } from '../conversation/conversation-repo';
import { readInboundMeta } from '../conversation/turn-meta';
import type { ConversationStore } from '../conversation/conversation-store';
import type { EscalationStore } from '../escalation/escalation-store';

/** Platforms' attachment URLs expire within hours: a download still failing after this is given up. */
export const ATTACHMENT_GIVE_UP_MS = 60 * 60_000;

export interface RecordedMessage {
  /** The conversation as it was before this message (undefined on first contact). */
  before: Conversation | undefined;
  conversation: Conversation;
  /** The transcript row of the inbound message; the existing one on a replayed turn. */
  messageId: number | undefined;
}

/**
 * What a turn writes about the patient's message: the conversation (with its botbuilder
 * ConversationReference, for later staff replies), the transcript row, and escalations. Every write
 * is idempotent on the platform's ids, so a turn replayed after a crash changes nothing twice.
 */
export class TurnRecords {
  constructor(
    private readonly store: ConversationStore & EscalationStore,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  async record(activity: Activity, text: string): Promise<RecordedMessage> {
    const { store } = this;
    const at = this.sentAt(activity);
    const before = await store.conversations.findByPlatform(activity.channelId, activity.conversation.id);
    const conversation = await store.conversations.upsertInbound({
      channel: activity.channelId,
      platformUserId: activity.from.id,
      platformConversationId: activity.conversation.id,
      reference: TurnContext.getConversationReference(activity) as Record<string, unknown>,
      surface: readInboundMeta(activity).surface ?? 'private',
      at,
    });
    // The name the channel gives the patient (an X handle, for one), for staff's queue rows.
    const name = activity.from.name?.trim();
    if (name && name !== conversation.displayName) await store.conversations.setDisplayName(conversation.contactId, name);
    const platformId = activity.id ?? '';
    const messageId =
      (await store.messages.insertInbound({
        conversationId: conversation.id,
        platformMessageId: platformId,
        text: text || '[attachment]',
        at,
      })) ?? (await store.messages.findInbound(conversation.id, platformId))?.id;
    if (messageId !== undefined) await this.recordAttachments(activity, conversation, messageId);
    return { before, conversation, messageId };
  }

  /**
   * The message's files, with the message, in the turn: a platform URL waits for the fetcher
   * (which starts once the turn has committed); a chat-page upload is linked to the message when
   * it is this conversation's own. A replayed turn adds nothing twice.
   */
  private async recordAttachments(activity: Activity, conversation: Conversation, messageId: number): Promise<void> {
    const files = readInboundMeta(activity).attachments ?? [];
    for (const [position, file] of files.entries()) {
      if (file.url !== undefined) {
        await this.store.attachments.addPending({
          conversationId: conversation.id,
          messageId,
          position,
          channel: activity.channelId,
          platformType: file.type,
          url: file.url,
          at: this.now(),
          giveUpAt: this.now() + ATTACHMENT_GIVE_UP_MS,
        });
      } else if (file.uploadId !== undefined) {
        await this.store.attachments.linkUpload(file.uploadId, activity.conversation.id, conversation.id, messageId, position);
      }
    }
  }

  /** Opens a queue item for this request, or adds the message to the open one for the same request; returns its id. */
  async escalate(
    activity: Activity,
    conversation: Conversation,
    route: EscalationRoute,
    intent: string,
    options: { separate?: boolean; /** One item of several opened by one message: its own replay key. */ need?: string } = {},
  ): Promise<number> {
    return (await this.queue(activity, conversation, route, intent, options)).id;
  }

  /** As `escalate`, also saying whether a new item was opened. */
  async queue(
    activity: Activity,
    conversation: Conversation,
    route: EscalationRoute,
    intent: string,
    options: { separate?: boolean; /** One item of several opened by one message: its own replay key. */ need?: string } = {},
  ): Promise<{ id: number; created: boolean }> {
    const { escalation, created } = await this.store.escalations.openOrRaise({
      conversationId: conversation.id,
      sourceKey: `${activity.channelId}:${activity.id ?? ''}${options.need ? `#${options.need}` : ''}`,
      route,
      intent,
      at: this.now(),
      ...(options.separate ? { separate: true } : {}),
    });
    this.log.info({ escalationId: escalation.id, route: escalation.route, created }, created ? 'escalation opened' : 'escalation updated');
    return { id: escalation.id, created };
  }

  /** When the patient sent the message: the platform's time when it gives one. */
  private sentAt(activity: Activity): number {
    return activity.timestamp ? new Date(activity.timestamp).getTime() : this.now();
  }
}
