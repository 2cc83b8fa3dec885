import type { Request, Response } from 'express';
import type { AuditStore } from '../../audit/audit-store';
import type { Principal } from '../../escalation/access';
import { AppError } from '../../platform/errors';
import { sessionFromRequest, userPrincipal, type AuthDeps } from './authenticate';
import type { IdentityStore } from './identity-store';
import { newSecret, sha256Hex } from './secrets';
import { setSessionCookie } from './session-cookie';
import type { StaffUser } from './staff-user-repo';

/**
 * Signs a person in whose identity is proven (a password, or the identity provider): a new session
 * id every time (no session fixation; an old session in this browser ends), the cookie, the last
 * sign-in time and `auth.login` in the audit log. Returns the session's principal.
 */
export async function startSession(
  req: Request,
  res: Response,
  deps: AuthDeps & { store: IdentityStore & AuditStore },
  user: StaffUser,
  at: number,
  detail: Record<string, unknown> = {},
): Promise<Principal> {
  const { store, config } = deps;
  const ip = req.ip ?? 'unknown';
  const previous = await sessionFromRequest(req, deps, at);
  if (previous && !(previous instanceof AppError)) await store.staffSessions.revoke(previous.session.id, at);
  const sessionId = newSecret();
  const session = await store.staffSessions.create({
    tokenHash: sha256Hex(sessionId),
    userId: user.id,
    csrfToken: newSecret(),
    at,
    expiresAt: at + config.sessionMaxMs,
    ip,
  });
  await store.staffUsers.recordLogin(user.id, at);
  await store.audit.user({ actor: `user:${user.id}`, ip }, 'auth.login', user.id, at, { sessionId: session.id, ...detail });
  setSessionCookie(req, res, sessionId, config);
  return {
    ...userPrincipal(user, 'session'),
    session: { id: session.id, csrfToken: session.csrfToken, expiresAt: session.expiresAt, idleExpiresAt: at + config.sessionIdleMs },
  };
}
