import { ActivityTypes, type Activity } from 'botbuilder';
import { OutboxAdapter } from '../../conversation/outbox/outbox-adapter';
import type { InboundMeta } from '../../bot/frontdesk-bot';
import type { MessengerInboundEvent } from './parse-events';

export const MESSENGER_CHANNEL = 'messenger';

/**
 * botbuilder adapter for Messenger. Inbound: a parsed webhook event becomes an Activity (the raw
 * `messaging` item kept in `channelData`). Outbound: the outbox, delivered by the Graph Send API.
 */
export class MessengerAdapter extends OutboxAdapter {
  toActivity(event: MessengerInboundEvent): Partial<Activity> {
    const frontdesk: InboundMeta = {
      ...(event.payload !== undefined ? { payload: event.payload } : {}),
      ...(event.kind === 'unsupported' ? { unsupported: true } : {}),
    };
    return {
      type: ActivityTypes.Message,
      channelId: MESSENGER_CHANNEL,
      id: event.eventId,
      timestamp: new Date(event.timestamp),
      serviceUrl: 'messenger:',
      // A PSID is page-scoped: one patient, one conversation with this Page.
      from: { id: event.senderId, name: '', role: 'user' },
      recipient: { id: event.pageId, name: '', role: 'bot' },
      conversation: { id: event.senderId, name: '', isGroup: false, conversationType: 'personal' },
      text: event.text ?? '',
      channelData: { frontdesk, raw: event.raw },
    };
  }
}
