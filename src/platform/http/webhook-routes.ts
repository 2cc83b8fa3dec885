import express, { type Response, type Router } from 'express';
import { AppError } from '../errors';
import type { HeaderMap } from './hmac-signature';
import type { HttpDescriptor } from './http-descriptor';
import { parseJsonBuffer, rawJsonBody } from './raw-json-body';

/** A channel's signature check: its own statuses, codes and operator-facing messages. */
export type WebhookSignatureCheck = { ok: true } | { ok: false; status: number; code: string; message: string };

/** A payload the channel cannot read: answered 400 with the channel's own code and message. */
export type UnreadablePayload = { ok: false; code: string; message: string };

export interface WebhookSpec<Parsed extends { ok: true } | UnreadablePayload> {
  path: string;
  /** `GET`: the platform's pure handshake (verify token, CRC), answered as it describes. */
  handshake(req: { method: string; query: Record<string, unknown> }): HttpDescriptor;
  /** `POST`: the signature check, on the exact bytes received. */
  verify(headers: HeaderMap, rawBody: Buffer): WebhookSignatureCheck;
  /** Told the code of a refused delivery before it is answered, for the channel's log line. */
  refused(code: string): void;
  /** Reads a verified delivery's JSON as the platform's payload. */
  parse(body: unknown): Parsed;
  /**
   * Stores a readable delivery and answers the platform once it is stored; a rejection (the store
   * failed) is answered 5xx so the platform retries.
   */
  receive(payload: Extract<Parsed, { ok: true }>, res: Response): Promise<void>;
}

/**
 * A platform webhook: `GET path` runs the handshake; `POST path` takes only JSON (415), at most the
 * webhook body limit (413), verifies the signature on the raw bytes (400/401) before anything parses
 * them, then parses the JSON (400 when malformed) and the payload (400 when unreadable) and hands it
 * to `receive`.
 */
export function webhookRoutes<Parsed extends { ok: true } | UnreadablePayload>(spec: WebhookSpec<Parsed>): Router {
  const router = express.Router();

  router.get(spec.path, (req, res) => {
    sendDescriptor(res, spec.handshake({ method: req.method, query: req.query as Record<string, unknown> }));
  });

  router.post(spec.path, ...rawJsonBody(), async (req, res, next) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = spec.verify(req.headers, rawBody);
    if (!signature.ok) {
      spec.refused(signature.code);
      next(new AppError(signature.code, signature.message, signature.status));
      return;
    }
    const payload = spec.parse(parseJsonBuffer(rawBody));
    if (!payload.ok) {
      next(new AppError(payload.code, payload.message, 400));
      return;
    }
    // `ok` is true here; the compiler does not narrow a union held in a type parameter.
    await spec.receive(payload as Extract<Parsed, { ok: true }>, res);
  });

  return router;
}

/** Copies a pure function's answer onto the response. */
function sendDescriptor(res: Response, descriptor: HttpDescriptor): void {
  res.status(descriptor.status).type(descriptor.contentType).send(descriptor.body);
}
