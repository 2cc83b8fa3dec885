import { createHmac, timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import type { OidcConfig } from '../../platform/oidc-config';
import { isStaffRole, type StaffRole } from '../../escalation/access';

/** A sign-in started in this browser and not finished yet: what the callback must check. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  /** Milliseconds since epoch after which the callback is refused. */
  expiresAt: number;
}

/** Who the provider says signed in. */
export interface ProvenIdentity {
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
  /** The role OIDC_ROLE_CLAIM maps the person to, if it does. */
  role: StaffRole | undefined;
}

/** How long a started sign-in may take at the provider. */
export const PENDING_TTL_MS = 10 * 60_000;

/** The HMAC key of the pending sign-in cookie, derived from the client secret (the same on every instance). */
function cookieKey(clientSecret: string): Buffer {
  return createHmac('sha256', clientSecret).update('frontdesk oidc pending sign-in').digest();
}

/** The pending sign-in as a cookie value: base64url JSON and its HMAC-SHA256. */
export function sealPending(pending: PendingSignIn, clientSecret: string): string {
  const body = Buffer.from(JSON.stringify(pending)).toString('base64url');
  return `${body}.${createHmac('sha256', cookieKey(clientSecret)).update(body).digest('base64url')}`;
}

/** The pending sign-in from its cookie value; undefined when missing, altered or expired. */
export function openPending(value: string | undefined, clientSecret: string, at: number): PendingSignIn | undefined {
  const [body, mac, extra] = (value ?? '').split('.');
  if (!body || !mac || extra !== undefined) return undefined;
  const expected = createHmac('sha256', cookieKey(clientSecret)).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const pending = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as PendingSignIn;
    return typeof pending.expiresAt === 'number' && pending.expiresAt > at ? pending : undefined;
  } catch {
    return undefined;
  }
}

/** Why a sign-in through the provider did not work, as the sign-in page explains it. */
export class OidcSignInError extends Error {
  constructor(
    readonly code: 'provider_unreachable' | 'sign_in_expired' | 'sign_in_refused',
    message: string,
  ) {
    super(message);
  }
}

/** The role a claim value maps to: through the map, or the value itself when it names a role. */
function roleFrom(claims: Record<string, unknown>, roleClaim: OidcConfig['roleClaim']): StaffRole | undefined {
  if (!roleClaim) return undefined;
  const raw = claims[roleClaim.claim];
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
  const roles = values.map((v) => (roleClaim.map ? roleClaim.map[v] : v)).filter((r): r is StaffRole => isStaffRole(r));
  // Several values: the widest role wins (an admin who is also a nurse is an admin).
  for (const role of ['admin', 'clinician', 'agent'] as const) if (roles.includes(role)) return role;
  return undefined;
}

/**
 * The authorization code flow with PKCE (S256), state and nonce against the configured provider
 * (openid-client). Discovery runs at the first sign-in and again after a failure, so a provider
 * that is down at start-up does not keep single sign-on off.
 */
export class OidcSignIn {
  private discovered: Promise<oidc.Configuration> | undefined;

  constructor(private readonly config: Readonly<OidcConfig>) {}

  get name(): string {
    return this.config.name;
  }

  private configuration(): Promise<oidc.Configuration> {
    this.discovered ??= oidc
      .discovery(this.config.issuer, this.config.clientId, this.config.clientSecret, undefined, {
        timeout: 10,
        // Plain http only reaches this far for a provider on this machine (the config refuses others).
        ...(this.config.issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .catch((err: unknown) => {
        this.discovered = undefined;
        throw new OidcSignInError(
          'provider_unreachable',
          `${this.config.name} did not answer (${(err as Error).name}); try again shortly.`,
        );
      });
    return this.discovered;
  }

  /** Where to send the browser, and what to remember in its cookie until it comes back. */
  async start(redirectUri: string, at: number): Promise<{ url: string; pending: PendingSignIn }> {
    const configuration = await this.configuration();
    const pending: PendingSignIn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      redirectUri,
      expiresAt: at + PENDING_TTL_MS,
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /**
   * Exchanges the code the provider sent back to `callbackUrl` (state, PKCE verifier and nonce
   * checked) and reads who signed in, from the ID token and, for what it lacks, the userinfo endpoint.
   */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<ProvenIdentity> {
    const configuration = await this.configuration();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        pkceCodeVerifier: pending.codeVerifier,
        idTokenExpected: true,
      });
    } catch (err) {
      throw new OidcSignInError('sign_in_refused', `The sign-in with ${this.config.name} was not accepted (${(err as Error).message}).`);
    }
    let claims: Record<string, unknown> = { ...(tokens.claims() ?? {}) };
    const subject = String(claims.sub);
    if (typeof claims.email !== 'string' || (this.config.roleClaim && claims[this.config.roleClaim.claim] === undefined)) {
      claims = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, subject)), ...claims };
    }
    return {
      subject,
      email: typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : undefined,
      // Microsoft Entra ID sends no email_verified; its xms_edov claim says the domain owner verified the address.
      emailVerified: claims.email_verified === true || claims.xms_edov === true,
      name: typeof claims.name === 'string' ? claims.name : undefined,
      role: roleFrom(claims, this.config.roleClaim),
    };
  }
}
