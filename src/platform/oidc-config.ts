import { ConfigError } from './errors';

/** The staff roles, as the identity provider's role claim may name them. */
const ROLES = ['admin', 'clinician', 'agent'] as const;
type RoleName = (typeof ROLES)[number];

/** Single sign-on with an OpenID Connect provider (Microsoft Entra ID, Okta, Google Workspace, …). */
export interface OidcConfig {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** What the sign-in page calls the provider: "Sign in with <name>". */
  name: string;
  /**
   * OIDC_ROLE_CLAIM: the claim naming the person's role, and how its values map to roles (without a
   * map, the values admin, clinician and agent are the roles). A role from it is applied at every
   * sign-in; without it a person keeps the role an admin gave them.
   */
  roleClaim: { claim: string; map: Readonly<Record<string, RoleName>> | undefined } | undefined;
  /** OIDC_AUTO_CREATE_ROLE: a verified person without an account gets one with this role; unset: refused. */
  autoCreateRole: RoleName | undefined;
  /** OIDC_DISABLE_PASSWORDS: accounts that signed in through the provider can no longer use a password. */
  disablePasswords: boolean;
}

const NAMES = ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function fail(message: string): never {
  throw new ConfigError(`Invalid configuration. ${message}. See .env.example.`);
}

function role(value: string, variable: string): RoleName {
  if (!(ROLES as readonly string[]).includes(value)) fail(`${variable}: "${value}" is not a role; use admin, clinician or agent`);
  return value as RoleName;
}

/** `groups` or `groups:Nurses=clinician,Front Desk=agent`. */
function parseRoleClaim(raw: string): OidcConfig['roleClaim'] {
  const colon = raw.indexOf(':');
  const claim = (colon < 0 ? raw : raw.slice(0, colon)).trim();
  if (!/^[A-Za-z0-9_.:/-]+$/.test(claim)) fail('OIDC_ROLE_CLAIM: must be a claim name, optionally followed by :value=role,value=role');
  if (colon < 0) return { claim, map: undefined };
  const map: Record<string, RoleName> = {};
  for (const pair of raw.slice(colon + 1).split(',')) {
    const eq = pair.lastIndexOf('=');
    if (eq <= 0) fail('OIDC_ROLE_CLAIM: each mapping is value=role, e.g. groups:Nurses=clinician,Front Desk=agent');
    map[pair.slice(0, eq).trim()] = role(pair.slice(eq + 1).trim(), 'OIDC_ROLE_CLAIM');
  }
  return { claim, map };
}

/**
 * Reads the single sign-on settings: off when none of issuer, client id and secret is set; all three
 * or none. The issuer must be https (plain http only on this machine, for a local test provider).
 */
export function readOidcConfig(env: NodeJS.ProcessEnv): Readonly<OidcConfig> | undefined {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const present = NAMES.filter((n) => value(n) !== undefined);
  // A setting that only means something with a provider, set without one, is a half-done configuration.
  const others = ['OIDC_ROLE_CLAIM', 'OIDC_AUTO_CREATE_ROLE', 'OIDC_PROVIDER_NAME'].filter((n) => value(n));
  if (value('OIDC_DISABLE_PASSWORDS') === 'true') others.push('OIDC_DISABLE_PASSWORDS');
  if (present.length === 0) {
    if (others.length > 0) fail(`${others.join(', ')}: single sign-on needs OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET`);
    return undefined;
  }
  if (present.length < NAMES.length) {
    fail(`single sign-on is partly configured: set ${NAMES.filter((n) => !present.includes(n)).join(' and ')} too`);
  }
  let issuer: URL;
  try {
    issuer = new URL(value('OIDC_ISSUER_URL') as string);
  } catch {
    return fail("OIDC_ISSUER_URL: must be the provider's issuer URL, e.g. https://login.microsoftonline.com/<tenant id>/v2.0");
  }
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname))) {
    fail('OIDC_ISSUER_URL: must be https (plain http only for a provider on this machine)');
  }
  const disable = value('OIDC_DISABLE_PASSWORDS') ?? 'false';
  if (disable !== 'true' && disable !== 'false') fail('OIDC_DISABLE_PASSWORDS: must be true or false');
  const autoCreate = value('OIDC_AUTO_CREATE_ROLE');
  const roleClaim = value('OIDC_ROLE_CLAIM');
  return Object.freeze({
    issuer,
    clientId: value('OIDC_CLIENT_ID') as string,
    clientSecret: value('OIDC_CLIENT_SECRET') as string,
    name: value('OIDC_PROVIDER_NAME') ?? issuer.hostname,
    roleClaim: roleClaim ? parseRoleClaim(roleClaim) : undefined,
    autoCreateRole: autoCreate ? role(autoCreate, 'OIDC_AUTO_CREATE_ROLE') : undefined,
    disablePasswords: disable === 'true',
  });
}
