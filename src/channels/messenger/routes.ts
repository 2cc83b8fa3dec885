import express, { type Response, type Router } from 'express';
import type { MessengerConfig } from '../../platform/config';
import { AppError } from '../../platform/errors';
import { parseJsonBuffer, rawJsonBody } from '../../platform/http/raw-json-body';
import type { Logger } from '../../platform/logger';
import type { Store } from '../../store/store';
import type { HttpDescriptor } from '../../platform/http/http-descriptor';
import { parseMessengerPayload } from './parse-events';
import { verifyHandshake } from './verify-handshake';
import { verifySignature } from './verify-signature';

export interface MessengerRouteDeps {
  config: MessengerConfig | undefined;
  store: Store;
  log: Logger;
  /** Called after new events are stored and the 200 is on its way. */
  onStored: () => void;
  now?: () => number;
}

function send(res: Response, descriptor: HttpDescriptor): void {
  res.status(descriptor.status).type(descriptor.contentType).send(descriptor.body);
}

/**
 * `GET/POST /webhooks/messenger`. Durable before acknowledged: the signature is checked on the raw
 * bytes, the events are written to the inbox, and only then does Meta get its 200; the bot runs after.
 */
export function messengerRoutes(deps: MessengerRouteDeps): Router {
  const router = express.Router();
  const now = deps.now ?? Date.now;
  const { config } = deps;

  if (!config) {
    router.all('/webhooks/messenger', (_req, _res, next) => {
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

  router.get('/webhooks/messenger', (req, res) => {
    send(res, verifyHandshake({ method: req.method, query: req.query as Record<string, unknown> }, config.verifyToken));
  });

  router.post('/webhooks/messenger', ...rawJsonBody(), (req, res, next) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = verifySignature(req.headers, raw, config.appSecrets);
    if (!signature.ok) {
      deps.log.warn({ code: signature.code }, 'messenger: webhook refused');
      next(new AppError(signature.code, signature.message, signature.status));
      return;
    }
    const parsed = parseMessengerPayload(parseJsonBuffer(raw));
    if (!parsed.ok) {
      next(new AppError(parsed.code, parsed.message, 400));
      return;
    }
    const added = deps.store.inbox.addAll(
      'messenger',
      parsed.events.map((event) => ({ eventId: event.eventId, payload: event })),
      now(),
    );
    deps.log.info({ events: parsed.events.length, added, skipped: parsed.skipped }, 'messenger: webhook stored');
    res.status(200).type('text/plain').send('EVENT_RECEIVED');
    if (added > 0) deps.onStored();
  });

  return router;
}
