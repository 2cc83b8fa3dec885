import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, StoreUnavailableError } from '../errors';
import type { Logger } from '../logger';

/** body-parser's error types, mapped to precise 4xx statuses: bad input never changes anything or gives a 5xx. */
const BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.too.large': { status: 413, code: 'payload_too_large', message: 'The request body is too large.' },
  'entity.parse.failed': { status: 400, code: 'invalid_json', message: 'The request body is not valid JSON.' },
  'encoding.unsupported': { status: 415, code: 'unsupported_encoding', message: 'Unsupported content encoding or charset.' },
  'charset.unsupported': { status: 415, code: 'unsupported_encoding', message: 'Unsupported content encoding or charset.' },
  'request.aborted': { status: 400, code: 'request_aborted', message: 'The request was aborted.' },
  'request.size.invalid': { status: 400, code: 'invalid_body', message: 'The request body length does not match Content-Length.' },
};

export const notFound: RequestHandler = (_req, _res, next) => {
  next(new AppError('not_found', 'No such route.', 404));
};

/**
 * Every error becomes `{error: {code, message}}`. Never a stack trace or the request body in a
 * response, and only error names and codes in the log: a parser's message can quote patient text.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const type = (err as { type?: unknown }).type;
    let status = 500;
    let code = 'internal_error';
    let message = 'Something went wrong on our side; the error has been logged.';
    let retryAfter: string | undefined;
    if (err instanceof AppError) {
      ({ status, code, message } = err);
      if (err instanceof StoreUnavailableError) {
        retryAfter = String(err.retryAfterSeconds);
        log.warn({ code, method: req.method, path: req.path }, 'database unavailable; answered 503');
      }
    } else if (typeof type === 'string' && BODY_ERRORS[type]) {
      ({ status, code, message } = BODY_ERRORS[type]);
    } else {
      log.error({ error: (err as Error)?.name ?? 'unknown', method: req.method, path: req.path }, 'unhandled error');
    }
    if (res.headersSent) return;
    // Refused work, not lost work: the caller is told when to come back.
    if (retryAfter !== undefined) res.set('Retry-After', retryAfter);
    res.status(status).json({ error: { code, message } });
  };
}
