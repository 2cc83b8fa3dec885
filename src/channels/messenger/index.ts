import type { Channel, ChannelDefinition } from '../../conversation/channel';
import { createGraphClient, MAX_QUICK_REPLIES, MAX_QUICK_REPLY_TITLE, MAX_SENDS_PER_SECOND, MAX_TEXT_LENGTH } from '../meta-graph-client';
import { MESSENGER_ENV_HELP, messengerConfigFromEnv } from '../meta-app-config';
import { messengerDeliverer } from '../meta-deliverer';
import { isMetaEvent, metaActivity, metaReplyWindow } from '../meta-messaging';
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
          toActivity: (payload) => (isMetaEvent(payload) ? metaActivity(ID, payload) : undefined),
          deliver: messengerDeliverer(graph),
          replyWindow: ({ author, lastInboundAt, now }) => metaReplyWindow('Messenger', author, lastInboundAt, now),
          typing: async (recipientId) => {
            await graph.sendAction(recipientId, 'typing_on');
          },
        };
      },
    };
  },
};
