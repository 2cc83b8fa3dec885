import type { Activity, TurnContext } from 'botbuilder';
import type { Conversation } from '../conversation/conversation-repo';
import { PUBLIC_POST_SEND_TYPE } from '../conversation/outbox/delivery';
import { outgoing, type InboundMeta } from '../conversation/turn-meta';
import type { Logger } from '../platform/logger';
import type { ConversationStore } from '../conversation/conversation-store';
import type { Language, TriageDecision } from '../triage/types';
import type { Replies } from './replies';
import type { TurnRecords } from './turn-records';

/** A question or a request, in the words people use to ask something. */
const ASKS_SOMETHING = /\?|^\s*(can|could|do|does|did|is|are|will|would|should|what|when|where|how|who|why|which|please|help|need)\b/i;

export interface PublicSurfaceDeps {
  store: ConversationStore;
  log: Logger;
  /** The fixed public texts per language; the Spanish ones carry an English line too. */
  sayings: Readonly<Record<Language, Replies>>;
  records: TurnRecords;
  /** The bot's emergency path (record, reply at once, escalate, alert) with the replies given. */
  emergency(context: TurnContext, text: string, decision: TriageDecision, replies: Partial<Activity>[]): Promise<void>;
}

/**
 * A message on a public surface (an X mention) can be read by anyone, so the bot never answers it
 * with content: no FAQ answer, no flow, no disclosure, nothing that repeats or confirms what the
 * person wrote. It posts one fixed invitation to continue by DM; a red flag gets only the generic
 * emergency line publicly and is escalated as an emergency like any other; a post where the practice
 * is only tagged among others gets no reply unless it asks something.
 */
export class PublicSurface {
  constructor(private readonly deps: PublicSurfaceDeps) {}

  async handle(context: TurnContext, text: string, meta: InboundMeta, safety: TriageDecision | undefined): Promise<void> {
    const activity = context.activity;
    // Reply under this very post; the channel refuses any public post not marked like this.
    const send = { type: PUBLIC_POST_SEND_TYPE, ...(activity.id ? { tag: activity.id } : {}) };
    const say = this.deps.sayings[safety?.language ?? 'en'];
    if (safety?.route === 'emergency') {
      await this.deps.emergency(context, text, safety, [outgoing(say.publicEmergency, { meta: { urgent: true, send } })]);
      return;
    }
    if (meta.notAddressed && !ASKS_SOMETHING.test(text)) return; // chatter the practice is tagged in
    const { conversation, messageId } = await this.deps.records.record(activity, text);
    if (messageId !== undefined && safety) await this.deps.store.messages.setTriage(messageId, safety);
    if (this.silenced(conversation)) return;
    await context.sendActivity(outgoing(say.publicInvite, { meta: { send } }));
    this.deps.log.info({ conversationId: conversation.id, messageId, intent: safety?.intent ?? null }, 'public post: invited to DM');
  }

  /** Opted-out people get no automated posts. */
  private silenced(conversation: Conversation): boolean {
    return conversation.optedOutAt !== null;
  }
}
