import { ActivityTypes, type Activity } from 'botbuilder';
import { inboundActivity, type InboundMeta } from '../../conversation/turn-meta';
import { isRecord } from '../../platform/values';
import type { XInboundEvent } from './x-event';

export const X_CHANNEL_ID = 'x';

/**
 * Public mentions of one author share a conversation, apart from that person's DMs: the prefix only
 * keeps the two conversation ids distinct; the surface travels in the inbound metadata.
 */
const PUBLIC_CONVERSATION_PREFIX = 'public:';

/**
 * A stored X event as the Activity the bot runs on. DMs are a private conversation per sender;
 * mentions are marked public (and not addressed, when the account is only tagged among others), so
 * the bot and the deliverer never treat them as private.
 */
export function xActivity(event: XInboundEvent): Partial<Activity> {
  const isPublic = event.kind === 'mention';
  const meta: InboundMeta = {
    ...(event.payload !== undefined ? { payload: event.payload } : {}),
    ...(event.unsupported ? { unsupported: true } : {}),
    ...(isPublic ? { surface: 'public' as const } : {}),
    ...(event.notAddressed ? { notAddressed: true } : {}),
    // Media of public posts are never fetched: only a DM's files are the patient's to the practice.
    ...(!isPublic && event.attachments && event.attachments.length > 0 ? { attachments: event.attachments } : {}),
  };
  return inboundActivity(
    {
      type: ActivityTypes.Message,
      channelId: X_CHANNEL_ID,
      id: event.eventId,
      timestamp: new Date(event.timestamp),
      serviceUrl: 'x:',
      // The handle (public anyway) is kept on the conversation so a public reply can address it.
      from: { id: event.senderId, name: event.senderHandle ?? '', role: 'user' },
      recipient: { id: event.accountId, name: '', role: 'bot' },
      conversation: {
        id: isPublic ? `${PUBLIC_CONVERSATION_PREFIX}${event.senderId}` : event.senderId,
        name: '',
        isGroup: false,
        conversationType: 'personal',
      },
      text: event.text ?? '',
    },
    meta,
  );
}

/** The inbox holds what the parsers produced; anything else is refused rather than guessed at. */
export function isXEvent(value: unknown): value is XInboundEvent {
  return (
    isRecord(value) &&
    typeof value.eventId === 'string' &&
    (value.kind === 'dm' || value.kind === 'mention') &&
    typeof value.senderId === 'string' &&
    typeof value.accountId === 'string' &&
    typeof value.timestamp === 'number' &&
    (value.text === undefined || typeof value.text === 'string') &&
    (value.kind === 'dm' || typeof value.tweetId === 'string')
  );
}
