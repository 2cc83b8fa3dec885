import express, { type Response, type Router } from 'express';
import type { ChannelContext } from '../../conversation/channel';
import { AppError } from '../../platform/errors';
import type { HttpDescriptor } from '../../platform/http/http-descriptor';
import { parseJsonBuffer, rawJsonBody } from '../../platform/http/raw-json-body';
import type { MessengerConfig } from './messenger-config';
import { parseMessengerPayload } from './parse-events';
import { verifyHandshake } from './verify-handshake';
import { verifySignature } from './verify-signature';

export const MESSENGER_WEBHOOK_PATH = '/webhooks/messenger';

function send(res: Response, descriptor: HttpDescriptor): void {
  res.status(descriptor.status).type(descriptor.contentType).send(descriptor.body);
}

/**
 * `GET/POST /webhooks/messenger`. Durable before acknowledged: the signature is checked on the raw
 * bytes, the events are written to the inbox, and only then does Meta get its 200; the bot runs after.
 */
export function messengerRoutes(config: MessengerConfig, ctx: ChannelContext): Router {
  const router = express.Router();

  router.get(MESSENGER_WEBHOOK_PATH, (req, res) => {
    send(res, verifyHandshake({ method: req.method, query: req.query as Record<string, unknown> }, config.verifyToken));
  });

  router.post(MESSENGER_WEBHOOK_PATH, ...rawJsonBody(), (req, res, next) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = verifySignature(req.headers, raw, config.appSecrets);
    if (!signature.ok) {
      ctx.log.warn({ code: signature.code }, 'messenger: webhook refused');
      next(new AppError(signature.code, signature.message, signature.status));
      return;
    }
    const parsed = parseMessengerPayload(parseJsonBuffer(raw));
    if (!parsed.ok) {
      next(new AppError(parsed.code, parsed.message, 400));
      return;
    }
    const added = ctx.ingest(
      parsed.events.map((event) => ({ eventId: event.eventId, payload: event, ...(event.text ? { text: event.text } : {}) })),
    );
    ctx.log.info({ events: parsed.events.length, added, skipped: parsed.skipped }, 'messenger: webhook stored');
    res.status(200).type('text/plain').send('EVENT_RECEIVED');
  });

  return router;
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
