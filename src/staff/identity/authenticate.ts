import type { Request, RequestHandler } from 'express';
import type { StaffConsoleConfig } from '../../platform/config';
import { AppError } from '../../platform/errors';
import type { StaffSession } from './staff-session-repo';
import type { StaffUser } from './staff-user-repo';
import type { IdentityStore } from './identity-store';
import { SERVICE_ACTOR, userActor, type Principal } from '../../escalation/access';
import { sameSecret } from '../../platform/same-secret';
import { API_TOKEN_PREFIX, sha256Hex } from './secrets';
import { readSessionCookie } from './session-cookie';

export interface AuthDeps {
  store: IdentityStore;
  staffApiToken: string | undefined;
  config: StaffConsoleConfig;
  now: () => number;
}

/** Writing last-seen on every request would be a write per click; a coarse stamp is enough for idle timeout. */
const TOUCH_EVERY_MS = 15_000;

export function userPrincipal(user: StaffUser, via: Principal['via']): Principal {
  return { actor: userActor(user.id), kind: 'user', userId: user.id, name: user.name, email: user.email, role: user.role, via };
}

/** Why a stored session can no longer be used at `at`, or undefined when it can. */
export function sessionProblem(
  session: StaffSession,
  user: StaffUser | undefined,
  config: StaffConsoleConfig,
  at: number,
): AppError | undefined {
  if (!user || user.disabledAt !== null) return new AppError('unauthenticated', 'This account is disabled. Ask an admin.', 401);
  if (at >= session.expiresAt) return new AppError('session_expired', 'Your session has ended. Sign in again.', 401);
  if (at - session.lastSeenAt >= config.sessionIdleMs) {
    const minutes = Math.round(config.sessionIdleMs / 60_000);
    return new AppError('session_expired', `You were signed out after ${minutes} minutes without activity. Sign in again.`, 401);
  }
  return undefined;
}

/** Resolves the console session of a request (cookie), or explains why not. */
export async function sessionFromRequest(
  req: Request,
  deps: AuthDeps,
  at: number,
): Promise<{ session: StaffSession; user: StaffUser } | AppError | undefined> {
  const cookie = readSessionCookie(req, deps.config);
  if (!cookie) return undefined;
  const session = await deps.store.staffSessions.findByHash(sha256Hex(cookie));
  if (!session) return new AppError('session_expired', 'Your session has ended. Sign in again.', 401);
  const user = await deps.store.staffUsers.get(session.userId);
  return sessionProblem(session, user, deps.config, at) ?? { session, user: user as StaffUser };
}

/**
 * Who is calling: `Authorization: Bearer` with a personal API token (`fdk_…`) or the service token
 * (STAFF_API_TOKEN, off unless set), else the console's session cookie. Sets `res.locals.principal`.
 * `touch: false` for the live stream, which must not keep an idle session alive.
 */
export function authenticate(deps: AuthDeps, options: { touch?: boolean } = {}): RequestHandler {
  return async (req, res, next) => {
    // The console marks refreshes the user did not ask for: they must not keep an idle session alive.
    const touch = (options.touch ?? true) && req.get('x-background-refresh') === undefined;
    const at = deps.now();
    const header = req.get('authorization');
    if (header !== undefined) {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
      if (!token) {
        next(new AppError('unauthorized', 'Send "Authorization: Bearer <token>" with a personal API token or STAFF_API_TOKEN.', 401));
        return;
      }
      if (token.startsWith(API_TOKEN_PREFIX)) {
        const record = await deps.store.apiTokens.findActiveByHash(sha256Hex(token), at);
        const user = record && (await deps.store.staffUsers.get(record.userId));
        if (!record || !user || user.disabledAt !== null) {
          res.setHeader('WWW-Authenticate', 'Bearer realm="frontdesk-staff", error="invalid_token"');
          next(
            new AppError(
              'unauthorized',
              'This API token is unknown, revoked or expired. Create a new one in the staff console (My API tokens).',
              401,
            ),
          );
          return;
        }
        await deps.store.apiTokens.touch(record.id, at);
        res.locals.principal = userPrincipal(user, 'api_token');
        next();
        return;
      }
      if (!deps.staffApiToken) {
        next(
          new AppError(
            'staff_api_disabled',
            'The service token is off: set STAFF_API_TOKEN (at least 24 random characters, e.g. `openssl rand -hex 24`) and restart, or use a personal API token (fdk_…) from the staff console.',
            503,
          ),
        );
        return;
      }
      if (!sameSecret(token, deps.staffApiToken)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="frontdesk-staff", error="invalid_token"');
        next(new AppError('unauthorized', 'Send the staff API token as "Authorization: Bearer <STAFF_API_TOKEN>".', 401));
        return;
      }
      res.locals.principal = {
        actor: SERVICE_ACTOR,
        kind: 'service',
        userId: null,
        name: 'Service account (STAFF_API_TOKEN)',
        email: null,
        role: 'service',
        via: 'service_token',
      } satisfies Principal;
      next();
      return;
    }

    const found = await sessionFromRequest(req, deps, at);
    if (found === undefined) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="frontdesk-staff"');
      next(new AppError('unauthenticated', 'Sign in at /staff, or send "Authorization: Bearer <token>".', 401));
      return;
    }
    if (found instanceof AppError) {
      next(found);
      return;
    }
    const { session, user } = found;
    if (touch && at - session.lastSeenAt >= TOUCH_EVERY_MS) await deps.store.staffSessions.touch(session.id, at);
    const lastSeen = touch ? at : session.lastSeenAt;
    res.locals.principal = {
      ...userPrincipal(user, 'session'),
      session: {
        id: session.id,
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
        idleExpiresAt: Math.min(session.expiresAt, lastSeen + deps.config.sessionIdleMs),
      },
    } satisfies Principal;
    next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie sessions must prove the request came from our own page: a synchronizer token bound to the
 * session, sent in X-CSRF-Token. Bearer callers are exempt (browsers never attach bearer tokens).
 */
export const requireCsrf: RequestHandler = (req, res, next) => {
  const principal = res.locals.principal as Principal | undefined;
  if (SAFE_METHODS.has(req.method) || !principal?.session) {
    next();
    return;
  }
  const sent = req.get('x-csrf-token');
  if (!sent || !sameSecret(sent, principal.session.csrfToken)) {
    next(new AppError('csrf_failed', 'Missing or wrong X-CSRF-Token header. Reload the console page and try again.', 403));
    return;
  }
  next();
};

/**
 * Refuses requests a browser marks as cross-site (Fetch Metadata): a second wall behind SameSite
 * cookies, and the guard for the login form, which has no session yet.
 */
export const refuseCrossSite: RequestHandler = (req, _res, next) => {
  if (!SAFE_METHODS.has(req.method) && req.get('sec-fetch-site') === 'cross-site') {
    next(new AppError('cross_site_request', 'Cross-site requests to the staff API are refused.', 403));
    return;
  }
  next();
};

export const requireAdmin: RequestHandler = (_req, res, next) => {
  const principal = res.locals.principal as Principal | undefined;
  if (principal?.role !== 'admin') {
    next(new AppError('forbidden', 'Only admins can do this.', 403));
    return;
  }
  next();
};

/** Areas for people only (the service account has no user to act as). */
export const requirePerson: RequestHandler = (_req, res, next) => {
  const principal = res.locals.principal as Principal | undefined;
  if (principal?.kind !== 'user') {
    next(new AppError('forbidden', 'This needs a staff user: sign in or use a personal API token.', 403));
    return;
  }
  next();
};
