import type { Channel, ChannelDefinition } from '../../conversation/channel';
import { createGraphClient, MAX_QUICK_REPLIES, MAX_QUICK_REPLY_TITLE, MAX_SENDS_PER_SECOND } from '../meta-graph-client';
import { isMetaEvent, metaActivity, metaReplyWindow } from '../meta-messaging';
import { messengerDeliverer } from '../meta-deliverer';
import { INSTAGRAM_ENV_HELP, INSTAGRAM_HOW_TO_ENABLE, instagramConfigFromEnv } from './instagram-config';
import { instagramDisabledRoutes, instagramRoutes } from './routes';

const ID = 'instagram';
const DISPLAY_NAME = 'Instagram';

/** Instagram DM text is at most 1,000 characters (Meta's Instagram messaging limits). */
export const INSTAGRAM_MAX_TEXT_LENGTH = 1000;

/**
 * DMs to the practice's Instagram professional account, linked to its Facebook Page: the same Meta
 * app's webhook family in (`object: "instagram"`), the Graph Send API with the Page token out, and
 * Meta's 24 h window with HUMAN_AGENT up to 7 days for staff replies, as on Messenger.
 */
export const instagramChannel: ChannelDefinition = {
  id: ID,
  displayName: DISPLAY_NAME,
  envHelp: INSTAGRAM_ENV_HELP,
  fromEnv(env) {
    const config = instagramConfigFromEnv(env);
    if (!config) return { enabled: false, howToEnable: INSTAGRAM_HOW_TO_ENABLE, routes: instagramDisabledRoutes };
    return {
      enabled: true,
      create(ctx): Channel {
        // With the Page token, `me/messages` sends as the Page's linked Instagram account to an Instagram-scoped id.
        const graph = createGraphClient({
          baseUrl: config.graphApiBase,
          version: config.graphApiVersion,
          pageAccessToken: config.pageAccessToken,
        });
        return {
          id: ID,
          displayName: DISPLAY_NAME,
          limits: {
            maxTextLength: INSTAGRAM_MAX_TEXT_LENGTH,
            maxQuickReplies: MAX_QUICK_REPLIES,
            maxQuickReplyTitle: MAX_QUICK_REPLY_TITLE,
            maxSendsPerSecond: MAX_SENDS_PER_SECOND,
          },
          routes: () => instagramRoutes(config, ctx),
          toActivity: (payload) => (isMetaEvent(payload) ? metaActivity(ID, payload) : undefined),
          deliver: messengerDeliverer(graph),
          replyWindow: ({ author, lastInboundAt, now }) => metaReplyWindow(DISPLAY_NAME, author, lastInboundAt, now),
          typing: async (recipientId) => {
            await graph.sendAction(recipientId, 'typing_on');
          },
        };
      },
    };
  },
};
