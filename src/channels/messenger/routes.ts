import express, { type Router } from 'express';
import type { ChannelContext } from '../../conversation/channel';
import { AppError } from '../../platform/errors';
import { webhookRoutes } from '../../platform/http/webhook-routes';
import type { MessengerConfig } from '../meta-app-config';
import { parseMessengerPayload } from '../meta-parse-events';
import { verifyHandshake } from '../meta-verify-handshake';
import { verifySignature } from '../meta-verify-signature';

export const MESSENGER_WEBHOOK_PATH = '/webhooks/messenger';

/**
 * `GET/POST /webhooks/messenger`. Durable before acknowledged: the signature is checked on the raw
 * bytes, the events are written to the inbox, and only then does Meta get its 200; the bot runs after.
 */
export function messengerRoutes(config: MessengerConfig, ctx: ChannelContext): Router {
  return webhookRoutes({
    path: MESSENGER_WEBHOOK_PATH,
    handshake: (req) => verifyHandshake(req, config.verifyToken),
    verify: (headers, rawBody) => verifySignature(headers, rawBody, config.appSecrets),
    refused: (code) => ctx.log.warn({ code }, 'messenger: webhook refused'),
    parse: parseMessengerPayload,
    receive: async (parsed, res) => {
      const added = await ctx.ingest(
        parsed.events.map((event) => ({ eventId: event.eventId, payload: event, ...(event.text ? { text: event.text } : {}) })),
      );
      ctx.log.info({ events: parsed.events.length, added, skipped: parsed.skipped }, 'messenger: webhook stored');
      res.status(200).type('text/plain').send('EVENT_RECEIVED');
    },
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
