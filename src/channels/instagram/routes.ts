import express, { type Router } from 'express';
import type { ChannelContext } from '../../conversation/channel';
import { AppError } from '../../platform/errors';
import { webhookRoutes } from '../../platform/http/webhook-routes';
import { parseMessengerPayload } from '../meta-parse-events';
import { verifyHandshake } from '../meta-verify-handshake';
import { verifySignature } from '../meta-verify-signature';
import type { InstagramConfig } from './instagram-config';

export const INSTAGRAM_WEBHOOK_PATH = '/webhooks/instagram';

/**
 * `GET/POST /webhooks/instagram`: Meta's verify handshake, then deliveries signed like Messenger's
 * (`X-Hub-Signature-256` with the app secret, checked on the raw bytes), stored in the inbox before
 * Meta gets its 200. Messages to another account of the same app are not ours and are skipped.
 */
export function instagramRoutes(config: InstagramConfig, ctx: ChannelContext): Router {
  return webhookRoutes({
    path: INSTAGRAM_WEBHOOK_PATH,
    handshake: (req) => verifyHandshake(req, config.verifyToken),
    verify: (headers, rawBody) => verifySignature(headers, rawBody, config.appSecrets),
    refused: (code) => ctx.log.warn({ code }, 'instagram: webhook refused'),
    parse: (body) => parseMessengerPayload(body, 'instagram'),
    receive: async (parsed, res) => {
      const events = parsed.events.filter((event) => event.pageId === config.accountId);
      const added =
        events.length > 0
          ? await ctx.ingest(
              events.map((event) => ({ eventId: event.eventId, payload: event, ...(event.text ? { text: event.text } : {}) })),
            )
          : 0;
      const stories = events.filter((event) => event.context !== undefined).length;
      ctx.log.info(
        { events: events.length, added, stories, otherAccount: parsed.events.length - events.length, skipped: parsed.skipped },
        'instagram: webhook stored',
      );
      res.status(200).type('text/plain').send('EVENT_RECEIVED');
    },
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
