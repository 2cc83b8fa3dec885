import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { isRecord } from '../../platform/values';

/** Rate-limit state read from `x-rate-limit-*` (the endpoint's window) and `x-user-limit-24hour-*` (the day). */
export interface XRate {
  limit?: number;
  remaining?: number;
  /** Epoch milliseconds when the window resets. */
  resetAt?: number;
  /** The account's 24-hour limit, where X reports one (DM sends, posts). */
  day?: { limit?: number; remaining?: number; resetAt?: number };
}

export interface XFailure {
  ok: false;
  /** Worth trying again later (429, 5xx, network, timeout). */
  retryable: boolean;
  /** Will never succeed as sent (refused recipient, bad request, bad keys). */
  permanent: boolean;
  httpStatus?: number;
  /** X's error code (classic numeric code, or the last part of a v2 problem type). */
  code?: string;
  /** Epoch milliseconds: do not try before this (the rate-limit reset). */
  retryAfter?: number;
  rate?: XRate;
  /** Operator-facing; built only from codes and our own words, never from message text. */
  reason: string;
}

/** When X gives no reset time for a 429, wait this long rather than hammering it. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/** Classic error codes meaning the person cannot receive this account's DMs (blocked, DMs closed). */
const DM_REFUSED_CODES = new Set(['150', '151', '349']);

export function readRate(headers: Record<string, unknown> | undefined): XRate {
  const rate: XRate = readWindow(headers, 'x-rate-limit');
  const day = readWindow(headers, 'x-user-limit-24hour');
  if (Object.keys(day).length > 0) rate.day = day;
  return rate;
}

function readWindow(
  headers: Record<string, unknown> | undefined,
  prefix: string,
): { limit?: number; remaining?: number; resetAt?: number } {
  const window: { limit?: number; remaining?: number; resetAt?: number } = {};
  const limit = numberHeader(headers?.[`${prefix}-limit`]);
  const remaining = numberHeader(headers?.[`${prefix}-remaining`]);
  const reset = numberHeader(headers?.[`${prefix}-reset`]);
  if (limit !== undefined) window.limit = limit;
  if (remaining !== undefined) window.remaining = remaining;
  // X sends the reset as epoch seconds.
  if (reset !== undefined) window.resetAt = reset * 1000;
  return window;
}

/** Maps whatever twitter-api-v2 threw into a classified failure; `now` dates 429s without a reset. */
export function classifyXError(err: unknown, now: number): XFailure {
  if (err instanceof ApiResponseError) {
    const status = err.code;
    const rate = readRate(err.headers as Record<string, unknown>);
    const code = errorCode(err.data);
    if (status === 429) {
      const retryAfter = rate.resetAt !== undefined && rate.resetAt > now ? rate.resetAt : now + DEFAULT_RATE_LIMIT_WAIT_MS;
      return {
        ok: false,
        retryable: true,
        permanent: false,
        httpStatus: status,
        retryAfter,
        rate,
        reason: 'X rate limit reached (HTTP 429); waiting for the reset',
        ...(code ? { code } : {}),
      };
    }
    if (status >= 500 || status === 408) {
      return {
        ok: false,
        retryable: true,
        permanent: false,
        httpStatus: status,
        rate,
        reason: `X API server error (HTTP ${status}); will retry`,
        ...(rate.resetAt !== undefined && rate.remaining === 0 ? { retryAfter: rate.resetAt } : {}),
        ...(code ? { code } : {}),
      };
    }
    return {
      ok: false,
      retryable: false,
      permanent: true,
      httpStatus: status,
      rate,
      reason: describe(status, code, err.data),
      ...(code ? { code } : {}),
    };
  }
  if (err instanceof ApiRequestError || err instanceof ApiPartialResponseError) {
    const cause = err instanceof ApiRequestError ? err.requestError : err.responseError;
    const name = isRecord(cause) && typeof cause.code === 'string' ? cause.code.slice(0, 40) : undefined;
    const timedOut = /timeout/i.test(String((cause as Error | undefined)?.message ?? ''));
    return {
      ok: false,
      retryable: true,
      permanent: false,
      reason: timedOut
        ? 'the X API did not answer in time'
        : `network error reaching the X API${name ? ` (${name})` : ''}: check X_API_BASE and connectivity`,
    };
  }
  return {
    ok: false,
    retryable: true,
    permanent: false,
    reason: `unexpected error calling the X API (${(err as Error | undefined)?.name ?? 'unknown'})`,
  };
}

function describe(status: number, code: string | undefined, data: unknown): string {
  const prefix = `X error${code ? ` ${code}` : ''} (HTTP ${status})`;
  if (status === 403 && refusesDirectMessages(code, data)) {
    return `${prefix}: X cannot send messages to this user (they do not accept DMs from this account, or blocked it); contact the patient another way`;
  }
  if (status === 401)
    return `${prefix}: X did not accept the credentials: check X_CONSUMER_KEY, X_CONSUMER_SECRET, X_ACCESS_TOKEN and X_ACCESS_SECRET`;
  if (status === 403)
    return `${prefix}: X refused the request: check the app has "Read and write and Direct message" permission and the access level allows this endpoint`;
  if (status === 404) return `${prefix}: X does not know the user or post (deleted or suspended)`;
  return `${prefix}: request rejected by the X API`;
}

/** X's own `detail` is read only to choose our wording; it never goes into a reason or a log. */
function refusesDirectMessages(code: string | undefined, data: unknown): boolean {
  if (code !== undefined && DM_REFUSED_CODES.has(code)) return true;
  const detail = isRecord(data) && typeof data.detail === 'string' ? data.detail : '';
  return /(not permitted to|cannot|can't) send messages/i.test(detail);
}

function errorCode(data: unknown): string | undefined {
  if (!isRecord(data)) return undefined;
  const first = Array.isArray(data.errors) ? (data.errors as unknown[])[0] : undefined;
  if (isRecord(first) && typeof first.code === 'number') return String(first.code);
  const type = typeof data.type === 'string' ? data.type : isRecord(first) && typeof first.type === 'string' ? first.type : undefined;
  if (type !== undefined && type !== 'about:blank') {
    const slug = type.split('/').pop();
    if (slug && /^[\w-]{1,60}$/.test(slug)) return slug;
  }
  return undefined;
}

function numberHeader(value: unknown): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || !/^\d{1,13}$/.test(text.trim())) return undefined;
  return Number(text.trim());
}
