import { z } from 'zod';
import { allOrNone, optionalSecret, parseEnv, secretList } from '../platform/config';
import { ConfigError } from '../platform/errors';

export interface MessengerConfig {
  appSecrets: readonly string[];
  verifyToken: string;
  pageAccessToken: string;
  graphApiBase: string;
  graphApiVersion: string;
}

const SECRETS = ['MESSENGER_APP_SECRET', 'MESSENGER_VERIFY_TOKEN', 'MESSENGER_PAGE_ACCESS_TOKEN'] as const;

const schema = z.object({
  MESSENGER_APP_SECRET: optionalSecret,
  MESSENGER_VERIFY_TOKEN: optionalSecret,
  MESSENGER_PAGE_ACCESS_TOKEN: optionalSecret,
  GRAPH_API_BASE: z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com'),
  GRAPH_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v25.0')
    .default('v25.0'),
});

export const MESSENGER_ENV_HELP = [
  ['MESSENGER_APP_SECRET', 'Meta app secret(s), comma-separated for rotation'],
  ['MESSENGER_VERIFY_TOKEN', 'the token you type into the Meta webhook settings'],
  ['MESSENGER_PAGE_ACCESS_TOKEN', 'the Page access token used to send replies'],
  ['GRAPH_API_BASE, GRAPH_API_VERSION', 'Graph API host and version (defaults: real host, v25.0)'],
] as const;

/** Messenger's slice of the environment: undefined when none of its secrets is set. */
export function messengerConfigFromEnv(env: NodeJS.ProcessEnv): Readonly<MessengerConfig> | undefined {
  const e = parseEnv(schema, env);
  if (allOrNone(e, SECRETS, 'Messenger') === 'none') return undefined;
  const appSecrets = secretList(e.MESSENGER_APP_SECRET);
  if (appSecrets.length === 0) {
    throw new ConfigError('Invalid configuration. MESSENGER_APP_SECRET: must list at least one app secret (comma-separated for rotation).');
  }
  return Object.freeze({
    appSecrets: Object.freeze(appSecrets),
    verifyToken: e.MESSENGER_VERIFY_TOKEN ?? '',
    pageAccessToken: e.MESSENGER_PAGE_ACCESS_TOKEN ?? '',
    graphApiBase: e.GRAPH_API_BASE.replace(/\/+$/, ''),
    graphApiVersion: e.GRAPH_API_VERSION,
  });
}
