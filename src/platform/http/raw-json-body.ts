import express, { type RequestHandler } from 'express';
import { AppError } from '../errors';

/** Webhook bodies are capped at 1 MB: far above any real delivery, small enough to refuse floods. */
export const WEBHOOK_BODY_LIMIT = '1mb';

/** 415 unless the request says it is JSON. */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) {
    next(new AppError('unsupported_media_type', 'Content-Type must be application/json.', 415));
    return;
  }
  next();
};

/**
 * Keeps the body as the exact bytes received (signatures are computed on them), size-limited.
 * `req.body` is a Buffer afterwards, or undefined for an empty body.
 */
export function rawJsonBody(limit = WEBHOOK_BODY_LIMIT): RequestHandler[] {
  return [requireJson, express.raw({ type: () => true, limit })];
}

/** Parses the raw body; malformed JSON is a 400 that never quotes the body back. */
export function parseJsonBuffer(raw: unknown): unknown {
  if (!Buffer.isBuffer(raw) || raw.length === 0) throw new AppError('invalid_json', 'The request body is empty; expected JSON.', 400);
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new AppError('invalid_json', 'The request body is not valid JSON.', 400);
  }
}
