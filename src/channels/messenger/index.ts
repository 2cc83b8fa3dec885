import type { Channel, ChannelDefinition } from '../../conversation/channel';
import { MESSENGER_ENV_HELP, messengerConfigFromEnv } from '../meta-app-config';
import { metaChannel } from '../meta-channel';
import { MAX_TEXT_LENGTH } from '../meta-graph-client';
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
      create: (ctx): Channel =>
        metaChannel({
          id: ID,
          displayName: 'Messenger',
          maxTextLength: MAX_TEXT_LENGTH,
          config,
          routes: () => messengerRoutes(config, ctx),
          attachments: ctx.store.attachments,
        }),
    };
  },
};
