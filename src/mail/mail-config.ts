import { ConfigError } from '../platform/errors';

/** How reply emails are sent: the SMTP server, the sender, and the address patients open links at. */
export interface MailConfig {
  /** SMTP_URL as given; it may hold a password: never log it. */
  smtpUrl: string;
  from: string;
  /** PUBLIC_URL without a trailing slash, e.g. https://chat.example.org. */
  publicUrl: string;
}

export const MAIL_ENV_HELP: ReadonlyArray<readonly [string, string]> = [
  ['SMTP_URL', 'smtp:// or smtps:// server for "email me when you reply" on the chat page (off when unset)'],
  ['MAIL_FROM', 'sender of those emails, e.g. "Maple Street Family Practice <noreply@example.org>" (with SMTP_URL)'],
  [
    'PUBLIC_URL',
    'https:// address patients and Meta reach this server at: the links in those emails (with SMTP_URL), and photos staff send on Instagram',
  ],
];

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function fail(message: string): never {
  throw new ConfigError(`Invalid configuration. ${message}`);
}

/**
 * Reads the mail settings. Without SMTP_URL (unset or blank) mail is off and the chat page does not
 * offer it; with it, MAIL_FROM and PUBLIC_URL are required.
 */
export function readMailConfig(env: NodeJS.ProcessEnv): MailConfig | undefined {
  const smtpUrl = env.SMTP_URL?.trim();
  if (!smtpUrl) return undefined;
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    return fail('SMTP_URL: must look like smtp://user:password@mail.example.org:587 or smtps://…:465; it is not a valid URL');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') fail(`SMTP_URL: must start with smtp:// or smtps://, not ${url.protocol}//`);
  const from = env.MAIL_FROM?.trim() ?? '';
  const bare = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  if (!ADDRESS.test(bare))
    fail('MAIL_FROM: required with SMTP_URL, an address like noreply@example.org or "Practice name <noreply@example.org>"');
  const publicUrl = env.PUBLIC_URL?.trim().replace(/\/+$/, '') ?? '';
  let base: URL | undefined;
  try {
    base = publicUrl ? new URL(publicUrl) : undefined;
  } catch {
    base = undefined;
  }
  if (!base || (base.protocol !== 'https:' && base.protocol !== 'http:') || base.search || base.hash) {
    fail('PUBLIC_URL: required with SMTP_URL, the http(s) address patients open the chat page at, like https://chat.example.org');
  }
  return Object.freeze({ smtpUrl, from, publicUrl });
}
