import express, { type Response, type Router } from 'express';
import { AppError } from '../../platform/errors';
import type { HttpDescriptor } from '../../platform/http/http-descriptor';
import { parseJsonBuffer, rawJsonBody } from '../../platform/http/raw-json-body';
import type { Logger } from '../../platform/logger';
import { answerCrc } from './crc';
import { parseAccountActivity } from './parse-events';
import { verifyXSignature } from './verify-signature';
import type { XInboundEvent } from './x-event';

export const X_WEBHOOK_PATH = '/webhooks/x';

export interface XRouteDeps {
  consumerSecrets: readonly string[];
  accountId: string;
  /** Durable before acknowledged: stores the events in the inbox; returns how many were new. */
  ingest(events: readonly XInboundEvent[]): number;
  log: Logger;
}

function send(res: Response, descriptor: HttpDescriptor): void {
  res.status(descriptor.status).type(descriptor.contentType).send(descriptor.body);
}

/**
 * `GET /webhooks/x?crc_token=…` answers X's challenge; `POST /webhooks/x` takes Account Activity
 * deliveries: signature on the raw bytes first, then parse, store in the inbox, and only then 200.
 */
export function xRoutes(deps: XRouteDeps): Router {
  const router = express.Router();

  router.get(X_WEBHOOK_PATH, (req, res) => {
    send(res, answerCrc({ method: req.method, query: req.query as Record<string, unknown> }, deps.consumerSecrets));
  });

  router.post(X_WEBHOOK_PATH, ...rawJsonBody(), (req, res, next) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = verifyXSignature({ headers: req.headers, rawBody }, deps.consumerSecrets);
    if (!signature.ok) {
      deps.log.warn({ code: signature.code }, 'x: webhook refused');
      next(new AppError(signature.code, signature.message, signature.status));
      return;
    }
    const parsed = parseAccountActivity(parseJsonBuffer(rawBody));
    if (!parsed.ok) {
      next(new AppError(parsed.code, parsed.message, 400));
      return;
    }
    // An app subscribed for several accounts gets all their deliveries; only ours are answered here.
    const events = parsed.events.filter((e) => e.accountId === deps.accountId);
    const added = events.length > 0 ? deps.ingest(events) : 0;
    deps.log.info(
      { events: events.length, added, skipped: parsed.skipped, otherAccount: parsed.events.length - events.length },
      'x: webhook stored',
    );
    res.status(200).json({ received: true });
  });

  return router;
}
