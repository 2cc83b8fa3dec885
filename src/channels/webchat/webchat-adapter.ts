import { ActivityTypes, type Activity } from 'botbuilder';
import type { InboundMeta } from '../../bot/frontdesk-bot';
import type { Deliverer } from '../../conversation/outbox/delivery';
import { OutboxAdapter } from '../../conversation/outbox/outbox-adapter';

export const WEBCHAT_CHANNEL = 'webchat';

/** A message typed on the local chat page, as stored in the inbox. */
export interface WebchatInboundEvent {
  sessionId: string;
  clientMessageId: string;
  text: string;
  payload?: string;
  timestamp: number;
}

/** The local chat page as a channel: the same bot, triage, store and outbox as Messenger. */
export class WebchatAdapter extends OutboxAdapter {
  toActivity(event: WebchatInboundEvent): Partial<Activity> {
    const frontdesk: InboundMeta = event.payload ? { payload: event.payload } : {};
    return {
      type: ActivityTypes.Message,
      channelId: WEBCHAT_CHANNEL,
      id: `${event.sessionId}:${event.clientMessageId}`,
      timestamp: new Date(event.timestamp),
      serviceUrl: 'webchat:',
      from: { id: event.sessionId, name: '', role: 'user' },
      recipient: { id: 'frontdesk', name: 'Frontdesk', role: 'bot' },
      conversation: { id: event.sessionId, name: '', isGroup: false, conversationType: 'personal' },
      text: event.text,
      channelData: { frontdesk },
    };
  }
}

/** The chat page reads the transcript itself, so a webchat message is delivered once it is stored. */
export const webchatDeliverer: Deliverer = async () => ({ ok: true });
