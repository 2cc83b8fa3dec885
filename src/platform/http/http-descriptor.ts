/**
 * What a pure webhook function answers; a thin express route copies it onto the response.
 * Kept free of express so handshakes and checks are unit-tested without HTTP.
 */
export interface HttpDescriptor {
  status: number;
  contentType: string;
  body: string;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';

/** The house error shape `{error: {code, message}}`, already serialised. */
export function jsonError(status: number, code: string, message: string): HttpDescriptor {
  return { status, contentType: JSON_CONTENT_TYPE, body: JSON.stringify({ error: { code, message } }) };
}
