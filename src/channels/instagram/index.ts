import type { Channel, ChannelDefinition } from '../../conversation/channel';
import { fileLinks } from '../../attachments/file-links';
import { metaChannel } from '../meta-channel';
import { INSTAGRAM_ENV_HELP, INSTAGRAM_HOW_TO_ENABLE, instagramConfigFromEnv } from './instagram-config';
import { instagramDisabledRoutes, instagramRoutes } from './routes';

const ID = 'instagram';
const DISPLAY_NAME = 'Instagram';

/** Instagram DM text is at most 1,000 characters (Meta's Instagram messaging limits). */
export const INSTAGRAM_MAX_TEXT_LENGTH = 1000;
/** The images an Instagram DM takes (PNG and JPEG, up to 8 MB); no PDF. */
export const INSTAGRAM_IMAGE_TYPES: readonly string[] = ['image/jpeg', 'image/png'];
export const INSTAGRAM_MAX_IMAGE_BYTES = 8 * 1024 * 1024;

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
      // With the Page token, `me/messages` sends as the Page's linked Instagram account to an Instagram-scoped id.
      create: (ctx): Channel => {
        // Instagram fetches a staff photo from a link: only with PUBLIC_URL can Meta reach it here.
        const links = config.publicUrl ? fileLinks(config.publicUrl, config.appSecrets[0] as string) : undefined;
        return metaChannel({
          id: ID,
          displayName: DISPLAY_NAME,
          maxTextLength: INSTAGRAM_MAX_TEXT_LENGTH,
          config,
          routes: () => instagramRoutes(config, ctx, links),
          ...(links
            ? {
                attachments: ctx.store.attachments,
                linkTo: (id: number) => links.linkTo(id, ctx.now()),
                attachmentTypes: INSTAGRAM_IMAGE_TYPES,
                maxAttachmentBytes: INSTAGRAM_MAX_IMAGE_BYTES,
              }
            : { attachmentsOff: 'Set PUBLIC_URL (the https address Meta reaches this server at): Instagram fetches photos from a link.' }),
        });
      },
    };
  },
};
