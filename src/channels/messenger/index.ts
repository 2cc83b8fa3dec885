import { ActivityTypes, type Activity } from 'botbuilder';
import type { Channel, ChannelDefinition, ReplyWindow } from '../../conversation/channel';
import { inboundActivity } from '../../conversation/turn-meta';
import { isRecord } from '../../platform/values';
import { createGraphClient, MAX_QUICK_REPLIES, MAX_QUICK_REPLY_TITLE, MAX_SENDS_PER_SECOND, MAX_TEXT_LENGTH } from './graph-client';
import { MESSENGER_ENV_HELP, messengerConfigFromEnv } from './messenger-config';
import { messengerDeliverer } from './messenger-deliverer';
import { messagingWindow, STANDARD_WINDOW_MS } from './messaging-window';
import type { MessengerInboundEvent } from './parse-events';
import { messengerDisabledRoutes, messengerRoutes } from './routes';

const ID = 'messenger';

/** The Facebook Page inbox: webhook in, Graph Send API out, Meta's messaging windows as reply policy. */
export const messengerChannel: ChannelDefinition = {
  id: ID,
  displayName: 'Messenger',
  envHelp: MESSENGER_ENV_HELP,
  fromEnv(env) {
    const config = messengerConfigFromEnv(env);
    if (!config) {
      return {
        enabled: false,
        howToEnable: 'set MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN, MESSENGER_PAGE_ACCESS_TOKEN (see README "Connect a Facebook Page")',
        routes: messengerDisabledRoutes,
      };
    }
    return {
      enabled: true,
      create(ctx): Channel {
        const graph = createGraphClient({
          baseUrl: config.graphApiBase,
          version: config.graphApiVersion,
          pageAccessToken: config.pageAccessToken,
        });
        return {
          id: ID,
          displayName: 'Messenger',
          limits: {
            maxTextLength: MAX_TEXT_LENGTH,
            maxQuickReplies: MAX_QUICK_REPLIES,
            maxQuickReplyTitle: MAX_QUICK_REPLY_TITLE,
            maxSendsPerSecond: MAX_SENDS_PER_SECOND,
          },
          routes: () => messengerRoutes(config, ctx),
          toActivity: (payload) => (isMessengerEvent(payload) ? toActivity(payload) : undefined),
          deliver: messengerDeliverer(graph),
          replyWindow: ({ author, lastInboundAt, now }) => replyWindow(author, lastInboundAt, now),
          typing: async (recipientId) => {
            await graph.sendAction(recipientId, 'typing_on');
          },
        };
      },
    };
  },
};

/**
 * The bot answers only inside the 24 h standard window. A person may also write from 24 h to 7 days
 * with the HUMAN_AGENT tag (never on bot messages); after 7 days nothing can be sent.
 */
function replyWindow(author: 'bot' | 'staff', lastInboundAt: number | null, now: number): ReplyWindow {
  const window = messagingWindow(lastInboundAt, now);
  if (window.state === 'open') return { state: 'open', send: { type: 'RESPONSE' }, closesAt: window.closesAt };
  if (window.state === 'human_agent' && author === 'staff') {
    return { state: 'open', send: { type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }, closesAt: window.closesAt, note: 'human_agent' };
  }
  if (window.state === 'human_agent') {
    return {
      state: 'closed',
      reason: "Messenger lets only a person reply more than 24 hours after the patient's last message.",
      closedAt: (lastInboundAt ?? now) + STANDARD_WINDOW_MS,
    };
  }
  return {
    state: 'closed',
    reason: `Messenger allows no reply more than 7 days after the patient's last message (window closed ${new Date(window.closedAt).toISOString()}). Contact the patient another way, e.g. by phone.`,
    closedAt: window.closedAt,
  };
}

function toActivity(event: MessengerInboundEvent): Partial<Activity> {
  return inboundActivity(
    {
      type: ActivityTypes.Message,
      channelId: ID,
      id: event.eventId,
      timestamp: new Date(event.timestamp),
      serviceUrl: 'messenger:',
      // A PSID is page-scoped: one patient, one conversation with this Page.
      from: { id: event.senderId, name: '', role: 'user' },
      recipient: { id: event.pageId, name: '', role: 'bot' },
      conversation: { id: event.senderId, name: '', isGroup: false, conversationType: 'personal' },
      text: event.text ?? '',
    },
    {
      ...(event.payload !== undefined ? { payload: event.payload } : {}),
      ...(event.kind === 'unsupported' ? { unsupported: true } : {}),
    },
    event.raw,
  );
}

/** The inbox holds what the webhook parsed; anything else is refused rather than guessed at. */
function isMessengerEvent(value: unknown): value is MessengerInboundEvent {
  return (
    isRecord(value) &&
    typeof value.eventId === 'string' &&
    typeof value.senderId === 'string' &&
    typeof value.pageId === 'string' &&
    typeof value.timestamp === 'number' &&
    (value.kind === 'text' || value.kind === 'quick_reply' || value.kind === 'postback' || value.kind === 'unsupported')
  );
}
