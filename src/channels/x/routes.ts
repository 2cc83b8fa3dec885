import type { Router } from 'express';
import { webhookRoutes } from '../../platform/http/webhook-routes';
import type { Logger } from '../../platform/logger';
import { answerCrc } from './crc';
import { isXActivityDelivery, parseXActivity } from './parse-activity';
import { parseAccountActivity } from './parse-events';
import { verifyXSignature } from './verify-signature';
import type { XInboundEvent } from './x-event';

export const X_WEBHOOK_PATH = '/webhooks/x';

export interface XRouteDeps {
  consumerSecrets: readonly string[];
  accountId: string;
  /** Durable before acknowledged: stores the events in the inbox; returns how many were new. */
  ingest(events: readonly XInboundEvent[]): Promise<number>;
  log: Logger;
}

/**
 * `GET /webhooks/x?crc_token=…` answers X's challenge; `POST /webhooks/x` takes Account Activity and
 * X Activity API deliveries: signature on the raw bytes first, then parse, store in the inbox, and only then 200.
 */
export function xRoutes(deps: XRouteDeps): Router {
  return webhookRoutes({
    path: X_WEBHOOK_PATH,
    handshake: (req) => answerCrc(req, deps.consumerSecrets),
    verify: (headers, rawBody) => verifyXSignature({ headers, rawBody }, deps.consumerSecrets),
    refused: (code) => deps.log.warn({ code }, 'x: webhook refused'),
    // The X Activity API (`dm.received`, `post.mention.create`) and the Account Activity API share the URL.
    parse: (body) => (isXActivityDelivery(body) ? parseXActivity(body) : parseAccountActivity(body)),
    receive: async (parsed, res) => {
      // An app subscribed for several accounts gets all their deliveries; only ours are answered here.
      const events = parsed.events.filter((e) => e.accountId === deps.accountId);
      const added = events.length > 0 ? await deps.ingest(events) : 0;
      deps.log.info(
        { events: events.length, added, skipped: parsed.skipped, otherAccount: parsed.events.length - events.length },
        'x: webhook stored',
      );
      res.status(200).json({ received: true });
    },
  });
}
