import express, { type Router } from 'express';
import type { ChannelContext } from '../../conversation/channel';
import { AppError } from '../../platform/errors';
import { metaWebhookRoutes } from '../meta-channel';
import type { InstagramConfig } from './instagram-config';

export const INSTAGRAM_WEBHOOK_PATH = '/webhooks/instagram';

/**
 * `GET/POST /webhooks/instagram`: Meta's verify handshake, then deliveries signed like Messenger's
 * with the app secret. Messages to another Instagram account of the same app are not ours: skipped.
 */
export function instagramRoutes(config: InstagramConfig, ctx: ChannelContext): Router {
  return metaWebhookRoutes({
    path: INSTAGRAM_WEBHOOK_PATH,
    object: 'instagram',
    name: 'instagram',
    verifyToken: config.verifyToken,
    appSecrets: config.appSecrets,
    ctx,
    accept: (event) => event.pageId === config.accountId,
  });
}

/** When Instagram is off, its webhook says so instead of a bare 404, naming what to set. */
export function instagramDisabledRoutes(): Router {
  const router = express.Router();
  router.all(INSTAGRAM_WEBHOOK_PATH, (_req, _res, next) => {
    next(
      new AppError(
        'channel_disabled',
        'Instagram is not configured on this server: set INSTAGRAM_ACCOUNT_ID beside the Messenger settings.',
        503,
      ),
    );
  });
  return router;
}
