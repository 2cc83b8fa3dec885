import express, { type Router } from 'express';
import type { ChannelContext } from '../../conversation/channel';
import { AppError } from '../../platform/errors';
import type { MessengerConfig } from '../meta-app-config';
import { metaWebhookRoutes } from '../meta-channel';

export const MESSENGER_WEBHOOK_PATH = '/webhooks/messenger';

/** `GET/POST /webhooks/messenger`: the Facebook Page's messaging webhook. */
export function messengerRoutes(config: MessengerConfig, ctx: ChannelContext): Router {
  return metaWebhookRoutes({
    path: MESSENGER_WEBHOOK_PATH,
    object: 'page',
    name: 'messenger',
    verifyToken: config.verifyToken,
    appSecrets: config.appSecrets,
    ctx,
  });
}

/** When Messenger is off, its webhook says so instead of a bare 404, naming what to set. */
export function messengerDisabledRoutes(): Router {
  const router = express.Router();
  router.all(MESSENGER_WEBHOOK_PATH, (_req, _res, next) => {
    next(
      new AppError(
        'channel_disabled',
        'Messenger is not configured on this server: set MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN and MESSENGER_PAGE_ACCESS_TOKEN.',
        503,
      ),
    );
  });
  return router;
}
