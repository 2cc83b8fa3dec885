import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Links to a file staff send, for a platform that fetches an attachment from a URL (Instagram):
 * `{PUBLIC_URL}/files/{id}.{expires}.{signature}`. The signature (HMAC-SHA256 under a key derived
 * from the Meta app secret, which every instance shares) covers the file and the expiry, so a link
 * names one file, cannot be changed into another and stops working after `FILE_LINK_TTL_MS`.
 */
export interface FileLinks {
  /** The link to a staff file, good for `FILE_LINK_TTL_MS` from `now`. */
  linkTo(attachmentId: number, now: number): string;
  /** The file a link's token names, or undefined when it is forged, malformed or expired. */
  read(token: string, now: number): number | undefined;
}

/** Long enough for Meta to fetch the file while sending it; a retry later mints a new link. */
export const FILE_LINK_TTL_MS = 15 * 60_000;

export function fileLinks(publicUrl: string, appSecret: string): FileLinks {
  const key = createHmac('sha256', appSecret).update('frontdesk staff file links').digest();
  const sign = (id: number, expires: number): string =>
    createHmac('sha256', key).update(`${id}.${expires}`).digest('base64url').slice(0, 43);
  return {
    linkTo(attachmentId, now) {
      const expires = Math.ceil((now + FILE_LINK_TTL_MS) / 1000);
      return `${publicUrl}/files/${attachmentId}.${expires}.${sign(attachmentId, expires)}`;
    },
    read(token, now) {
      const match = /^(\d{1,15})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match) return undefined;
      const id = Number(match[1]);
      const expires = Number(match[2]);
      const given = Buffer.from(match[3] as string);
      const expected = Buffer.from(sign(id, expires));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      return expires * 1000 >= now ? id : undefined;
    },
  };
}
