import { ActivityTypes, type Activity } from 'botbuilder';
import type { ReplyWindow } from '../conversation/channel';
import { inboundActivity } from '../conversation/turn-meta';
import { isRecord } from '../platform/values';
import { messagingWindow, STANDARD_WINDOW_MS } from './meta-messaging-window';
import type { MessengerInboundEvent } from './meta-parse-events';

/**
 * Meta's messaging windows, shared by Messenger and Instagram: the bot answers only inside the 24 h
 * standard window. A person may also write from 24 h to 7 days with the HUMAN_AGENT tag (never on
 * bot messages); after 7 days nothing can be sent. `product` names the app in what staff are told.
 */
export function metaReplyWindow(product: string, author: 'bot' | 'staff', lastInboundAt: number | null, now: number): ReplyWindow {
  const window = messagingWindow(lastInboundAt, now);
  if (window.state === 'open') return { state: 'open', send: { type: 'RESPONSE' }, closesAt: window.closesAt };
  if (window.state === 'human_agent' && author === 'staff') {
    return { state: 'open', send: { type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }, closesAt: window.closesAt, note: 'human_agent' };
  }
  if (window.state === 'human_agent') {
    return {
      state: 'closed',
      reason: `${product} lets only a person reply more than 24 hours after the patient's last message.`,
      closedAt: (lastInboundAt ?? now) + STANDARD_WINDOW_MS,
    };
  }
  return {
    state: 'closed',
    reason: `${product} allows no reply more than 7 days after the patient's last message (window closed ${new Date(window.closedAt).toISOString()}). Contact the patient another way, e.g. by phone.`,
    closedAt: window.closedAt,
  };
}

/** A stored Messenger or Instagram event as the Activity the bot runs on: one conversation per scoped id. */
export function metaActivity(channelId: string, event: MessengerInboundEvent): Partial<Activity> {
  return inboundActivity(
    {
      type: ActivityTypes.Message,
      channelId,
      id: event.eventId,
      timestamp: new Date(event.timestamp),
      serviceUrl: `${channelId}:`,
      // A PSID (or an Instagram-scoped id) is scoped to the account: one patient, one conversation.
      from: { id: event.senderId, name: '', role: 'user' },
      recipient: { id: event.pageId, name: '', role: 'bot' },
      conversation: { id: event.senderId, name: '', isGroup: false, conversationType: 'personal' },
      text: event.text ?? '',
    },
    {
      ...(event.payload !== undefined ? { payload: event.payload } : {}),
      ...(event.kind === 'unsupported' ? { unsupported: true } : {}),
      ...(event.attachments && event.attachments.length > 0 ? { attachments: event.attachments } : {}),
    },
    event.raw,
  );
}

/** The inbox holds what the webhook parsed; anything else is refused rather than guessed at. */
export function isMetaEvent(value: unknown): value is MessengerInboundEvent {
  return (
    isRecord(value) &&
    typeof value.eventId === 'string' &&
    typeof value.senderId === 'string' &&
    typeof value.pageId === 'string' &&
    typeof value.timestamp === 'number' &&
    (value.kind === 'text' ||
      value.kind === 'quick_reply' ||
      value.kind === 'postback' ||
      value.kind === 'unsupported' ||
      value.kind === 'attachment')
  );
}
