import express, { type Request, type Response, type Router } from 'express';
import type { AuditStore } from '../../audit/audit-store';
import type { Logger } from '../../platform/logger';
import type { DatabaseHandle } from '../../store/database-handle';
import type { AuthDeps } from '../identity/authenticate';
import type { IdentityStore } from '../identity/identity-store';
import { OidcSignIn, OidcSignInError, openPending, sealPending, PENDING_TTL_MS, type ProvenIdentity } from '../identity/oidc-sign-in';
import { cookieIsSecure } from '../identity/session-cookie';
import { createSingleSignOnUser, updateStaffUser } from '../identity/staff-accounts';
import { startSession } from '../identity/start-session';
import type { StaffUser } from '../identity/staff-user-repo';

export type SsoRouteDeps = AuthDeps & { store: IdentityStore & AuditStore & DatabaseHandle; log: Logger };

/** The callback comes back as a top-level navigation from the provider's site: SameSite=Lax, not Strict. */
const PENDING_COOKIE = { secure: '__Host-frontdesk_oidc', plain: 'frontdesk_oidc' } as const;

/** Why a single sign-on did not sign anyone in, as the sign-in page reads it from `?sso_error=`. */
type Refusal =
  | 'provider_unreachable'
  | 'sign_in_expired'
  | 'sign_in_refused'
  | 'email_not_verified'
  | 'no_account'
  | 'account_disabled'
  | 'account_linked_elsewhere';

function pendingCookie(req: Request, res: Response, deps: SsoRouteDeps, value: string | undefined): void {
  const secure = cookieIsSecure(req, deps.config);
  const name = secure ? PENDING_COOKIE.secure : PENDING_COOKIE.plain;
  const maxAge = value === undefined ? 0 : Math.floor(PENDING_TTL_MS / 1000);
  res.append('Set-Cookie', `${name}=${value ?? ''}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`);
}

function readPendingCookie(req: Request, deps: SsoRouteDeps): string | undefined {
  const name = cookieIsSecure(req, deps.config) ? PENDING_COOKIE.secure : PENDING_COOKIE.plain;
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * Single sign-on with OpenID Connect: `GET /auth/oidc/start` sends the browser to the provider,
 * `GET /auth/oidc/callback` signs in the staff account whose email the provider verified (made
 * with OIDC_AUTO_CREATE_ROLE when there is none, refused otherwise), with the same session and
 * audit as a password sign-in. `GET /auth/options` tells the sign-in page what to offer.
 */
export function ssoRoutes(deps: SsoRouteDeps): Router {
  const router = express.Router();
  const config = deps.config.oidc;
  const provider = config ? new OidcSignIn(config) : undefined;

  router.get('/auth/options', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ sso: provider ? { name: provider.name, startUrl: '/auth/oidc/start' } : null });
  });
  if (!provider || !config) return router;

  const refuse = async (req: Request, res: Response, code: Refusal, detail: Record<string, unknown> = {}, userId?: number) => {
    await deps.store.audit.user({ actor: 'anonymous', ip: req.ip }, 'auth.login_failed', userId, deps.now(), {
      method: 'oidc',
      reason: code,
      ...detail,
    });
    res.redirect(303, `/staff?sso_error=${code}`);
  };

  router.get('/auth/oidc/start', async (req, res) => {
    try {
      const { url, pending } = await provider.start(`${req.protocol}://${req.get('host') ?? 'localhost'}/auth/oidc/callback`, deps.now());
      pendingCookie(req, res, deps, sealPending(pending, config.clientSecret));
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(303, url);
    } catch (err) {
      if (!(err instanceof OidcSignInError)) throw err;
      deps.log.error({ issuer: config.issuer.origin }, 'single sign-on: the identity provider did not answer its discovery request');
      res.redirect(303, `/staff?sso_error=${err.code}`);
    }
  });

  router.get('/auth/oidc/callback', async (req, res) => {
    const at = deps.now();
    const pending = openPending(readPendingCookie(req, deps), config.clientSecret, at);
    pendingCookie(req, res, deps, undefined);
    if (!pending) return refuse(req, res, 'sign_in_expired');
    let identity: ProvenIdentity;
    try {
      identity = await provider.finish(new URL(req.originalUrl, pending.redirectUri), pending);
    } catch (err) {
      if (!(err instanceof OidcSignInError)) throw err;
      deps.log.warn({ code: err.code }, `single sign-on refused: ${err.message}`);
      return refuse(req, res, err.code);
    }
    if (!identity.email || !identity.emailVerified) return refuse(req, res, 'email_not_verified');

    let user: StaffUser | undefined =
      (await deps.store.staffUsers.findByOidcSubject(identity.subject)) ?? (await deps.store.staffUsers.findByEmail(identity.email));
    const ctx = { actor: `oidc:${config.issuer.host}`, ip: req.ip };
    if (!user) {
      if (!config.autoCreateRole) return refuse(req, res, 'no_account', { account: 'unknown' });
      user = await createSingleSignOnUser(
        deps,
        { email: identity.email, name: identity.name, role: identity.role ?? config.autoCreateRole, subject: identity.subject },
        ctx,
      );
    }
    if (user.oidcSubject !== null && user.oidcSubject !== identity.subject)
      return refuse(req, res, 'account_linked_elsewhere', {}, user.id);
    if (user.disabledAt !== null) return refuse(req, res, 'account_disabled', {}, user.id);
    if (user.oidcSubject === null) await deps.store.staffUsers.linkOidcSubject(user.id, identity.subject, at);
    if (identity.role && identity.role !== user.role) {
      // The provider's role claim decides; the last-admin guard still holds.
      user = await updateStaffUser(deps, user.id, { role: identity.role }, ctx).catch((err: unknown) => {
        deps.log.warn({ userId: user?.id }, `single sign-on: role from the provider not applied (${(err as Error).message})`);
        return user as StaffUser;
      });
    }
    await startSession(req, res, deps, user, at, { method: 'oidc' });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, '/staff');
  });
  return router;
}
