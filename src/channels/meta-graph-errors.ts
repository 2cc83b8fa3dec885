/**
 * Graph / Messenger Send API error codes that decide retry vs give up.
 * Source: Messenger Platform "Common Error Codes" and the Page messages edge reference.
 */

/** Retrying cannot help: the window is closed or the person cannot be reached. */
const PERMANENT_CODES: ReadonlyMap<number, string> = new Map([
  [10, 'outside the allowed messaging window; the patient must write again first'],
  [551, 'this person is not available right now (blocked the Page or deactivated)'],
]);

/** Meta says to retry later. */
const RETRYABLE_CODES: ReadonlyMap<number, string> = new Map([
  [2, 'temporary Graph API error'],
  [4, 'application request limit reached; retry with backoff'],
  [613, 'send rate limit exceeded; retry with backoff'],
  [1200, 'temporary send message failure'],
]);

/** Not a retry decision, only better operator wording for common permanent failures. */
const OTHER_CODES: ReadonlyMap<number, string> = new Map([
  [100, 'invalid parameter in the Send API request'],
  [190, 'invalid page access token: check MESSENGER_PAGE_ACCESS_TOKEN'],
  [200, 'permission error: the page token needs pages_messaging'],
  [230, 'permissions disallow messaging this person'],
]);

export function isPermanentGraphCode(code: number): boolean {
  return PERMANENT_CODES.has(code);
}

export function isRetryableGraphCode(code: number): boolean {
  return RETRYABLE_CODES.has(code);
}

export function describeGraphError(code: number | undefined, httpStatus: number): string {
  const known = code !== undefined ? (PERMANENT_CODES.get(code) ?? RETRYABLE_CODES.get(code) ?? OTHER_CODES.get(code)) : undefined;
  if (known !== undefined) return known;
  if (httpStatus >= 500) return 'Graph API server error';
  if (httpStatus === 429) return 'too many requests';
  return 'request rejected by the Graph API';
}
