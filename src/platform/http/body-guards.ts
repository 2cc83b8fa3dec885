import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { AppError } from '../errors';

/** Deeper JSON than any real payload (Messenger's are under 10 levels); deeper input is refused. */
export const MAX_JSON_DEPTH = 64;

/**
 * Request bodies must arrive uncompressed. No client of ours compresses, and a body that declares a
 * compression it does not have would otherwise fail inside the parser: refuse it up front (415).
 */
export const refuseEncodedBodies: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') {
    next();
    return;
  }
  const encoding = (req.get('content-encoding') ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') {
    next();
    return;
  }
  next(new AppError('unsupported_encoding', 'Content-Encoding is not supported: send the body uncompressed (identity).', 415));
};

/** The deepest nesting of arrays and objects in a JSON text, counted without parsing (no recursion). */
export function jsonDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return max;
}

/** The nesting depth of a parsed value, iteratively (a deep value must not overflow the stack here). */
export function valueDepth(value: unknown, stopAbove = Number.POSITIVE_INFINITY): number {
  let max = 0;
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop() as { v: unknown; d: number };
    if (typeof v !== 'object' || v === null) continue;
    const depth = d + 1;
    if (depth > max) {
      max = depth;
      if (max > stopAbove) return max;
    }
    for (const child of Object.values(v as Record<string, unknown>)) stack.push({ v: child, d: depth });
  }
  return max;
}

export class JsonTooDeepError extends AppError {
  constructor() {
    super('too_deeply_nested', `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`, 400);
  }
}

/** A body-parser `verify` hook: refuses deeply nested JSON before it is parsed (400). */
export function verifyJsonDepth(_req: IncomingMessage, _res: unknown, buf: Buffer): void {
  if (jsonDepth(buf.toString('utf8'), MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new JsonTooDeepError();
}
