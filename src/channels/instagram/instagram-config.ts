import { z } from 'zod';
import { optionalSecret, parseEnv } from '../../platform/config';
import { ConfigError } from '../../platform/errors';
import { messengerConfigFromEnv, type MessengerConfig } from '../meta-app-config';

export interface InstagramConfig extends MessengerConfig {
  /** The Instagram professional account linked to the Page: `entry[].id` and the recipient of DMs. */
  accountId: string;
  /**
   * PUBLIC_URL without a trailing slash: Instagram takes a staff photo only as a link it fetches,
   * so staff may send photos there only when Meta can reach this server.
   */
  publicUrl?: string;
}

export const INSTAGRAM_ENV_HELP = [
  ['INSTAGRAM_ACCOUNT_ID', 'turns Instagram DMs on: the numeric id of the professional account linked to the Page'],
  ['INSTAGRAM_VERIFY_TOKEN', "the token typed into the app's Instagram webhook settings (default: MESSENGER_VERIFY_TOKEN)"],
] as const;

export const INSTAGRAM_HOW_TO_ENABLE = 'set INSTAGRAM_ACCOUNT_ID beside the Messenger settings (see README "Connect Instagram")';

const schema = z.object({
  INSTAGRAM_ACCOUNT_ID: optionalSecret.pipe(
    z
      .string()
      .regex(/^\d{1,25}$/, 'must be the numeric id of the Instagram professional account (not the @username)')
      .optional(),
  ),
  INSTAGRAM_VERIFY_TOKEN: optionalSecret,
  PUBLIC_URL: optionalSecret.pipe(
    z
      .string()
      .url('must be the http(s) address this server is reached at, like https://chat.example.org')
      .refine(
        (u) => /^https?:\/\/[^/?#]+(?:\/[^?#]*)?$/.test(u),
        'must be an http(s) address without a query, like https://chat.example.org',
      )
      .optional(),
  ),
});

/**
 * Instagram's slice of the environment. Instagram DMs to a professional account linked to the Page
 * come through the same Meta app: the same app secret signs them and the Page token sends the
 * replies, so `INSTAGRAM_ACCOUNT_ID` turns the channel on beside the Messenger settings.
 */
export function instagramConfigFromEnv(env: NodeJS.ProcessEnv): Readonly<InstagramConfig> | undefined {
  const e = parseEnv(schema, env);
  if (e.INSTAGRAM_ACCOUNT_ID === undefined) {
    if (e.INSTAGRAM_VERIFY_TOKEN !== undefined) {
      throw new ConfigError(
        'Invalid configuration. INSTAGRAM_VERIFY_TOKEN is set but INSTAGRAM_ACCOUNT_ID is not: set both to turn Instagram on.',
      );
    }
    return undefined;
  }
  const meta = messengerConfigFromEnv(env);
  if (!meta) {
    throw new ConfigError(
      'Invalid configuration. INSTAGRAM_ACCOUNT_ID is set but the Meta app is not: set MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN and MESSENGER_PAGE_ACCESS_TOKEN (Instagram uses the same app and Page token).',
    );
  }
  return Object.freeze({
    ...meta,
    verifyToken: e.INSTAGRAM_VERIFY_TOKEN ?? meta.verifyToken,
    accountId: e.INSTAGRAM_ACCOUNT_ID,
    ...(e.PUBLIC_URL !== undefined ? { publicUrl: e.PUBLIC_URL.replace(/\/+$/, '') } : {}),
  });
}
