import express, { type Router } from 'express';
import type { StaffConsoleConfig } from '../../platform/config';
import { AppError } from '../../platform/errors';
import { openingStatus } from '../../practice/business-hours';
import type { PracticeProfile } from '../../practice/practice-profile';
import type { PatientChannels } from '../../conversation/channel-hub';
import type { AuditStore } from '../../audit/audit-store';
import type { IdentityStore } from '../identity/identity-store';
import { authenticate, refuseCrossSite, requireCsrf, type AuthDeps } from '../identity/authenticate';
import { startSession } from '../identity/start-session';
import { bodyOf, jsonBody, consoleChannels } from './http-helpers';
import type { DatabaseHandle } from '../../store/database-handle';
import { accountCeiling, loginThrottle, type LoginThrottle } from '../identity/login-throttle';
import type { Logger } from '../../platform/logger';
import { hashPassword, MAX_PASSWORD_LENGTH, passwordProblem, verifyAgainstDummy, verifyPassword } from '../identity/passwords';
import { visibleRoutes, type Principal } from '../../escalation/access';
import { principalOf } from '../identity/principal';
import { clearSessionCookie } from '../identity/session-cookie';
import { iso } from '../../platform/values';
import type { QueuePolicy } from '../../platform/config';
import type { EscalationStore } from '../../escalation/escalation-store';
import { availabilityOf, setMyAvailability, type AutoAssigner } from '../../escalation/availability';

export interface SessionRouteDeps extends AuthDeps {
  practice: PracticeProfile;
  config: StaffConsoleConfig;
  store: IdentityStore & AuditStore & Pick<EscalationStore, 'assignment'> & Pick<DatabaseHandle, 'rateWindows'>;
  queue: QueuePolicy;
  /** After a change to availability: waiting items may go to the person now available. */
  onChange?: () => void;
  assigner?: AutoAssigner;
  /** The running channels, so the console can name them. */
  /** The running channels: names, reply policies, the one way to write to a patient. */
  hub: PatientChannels;
  log: Logger;
  /** Shared with the admin routes, so unlocking an account ends its locks at once. */
  loginThrottle?: LoginThrottle;
}

/** What the console needs to start: who I am, my CSRF token, my session's limits, the practice. */
export function sessionPayload(principal: Principal, deps: SessionRouteDeps) {
  const status = openingStatus(deps.practice, deps.now());
  return {
    user: { id: principal.userId, email: principal.email, name: principal.name, role: principal.role },
    via: principal.via,
    ...(principal.session
      ? {
          csrfToken: principal.session.csrfToken,
          session: {
            expiresAt: iso(principal.session.expiresAt),
            idleExpiresAt: iso(principal.session.idleExpiresAt),
            idleTimeoutSeconds: Math.round(deps.config.sessionIdleMs / 1000),
          },
        }
      : {}),
    visibleRoutes: visibleRoutes(principal.role),
    channels: consoleChannels(deps.hub),
    practice: {
      name: deps.practice.name,
      timeZone: deps.practice.timeZone,
      phone: deps.practice.phone,
      openNow: status.open,
      closesAt: iso(status.closesAt),
      nextOpensAt: iso(status.nextOpensAt),
      closure: status.closure?.name ?? null,
    },
  };
}

function minutesUntil(until: number, at: number): number {
  return Math.max(1, Math.ceil((until - at) / 60_000));
}

/**
 * Sign in, who am I, sign out, change my password. Failed sign-ins count per account and address
 * (LOGIN_MAX_FAILURES lock the account for that address for LOGIN_LOCKOUT_MINUTES), per address,
 * and per account in total (a much higher number locks it everywhere and tells an admin); every
 * outcome is audited by account id, never by what was typed.
 */
export function sessionRoutes(deps: SessionRouteDeps): Router {
  const router = express.Router();
  const { store, config } = deps;
  const throttle = deps.loginThrottle ?? loginThrottle(config, store.rateWindows);

  const lockedError = (until: number, at: number) =>
    new AppError(
      'account_locked',
      `Too many failed sign-ins. Try again in ${minutesUntil(until, at)} minute(s), or ask an admin to unlock the account.`,
      429,
    );

  router.post('/api/session', refuseCrossSite, ...jsonBody, async (req, res) => {
    const at = deps.now();
    const ip = req.ip ?? 'unknown';
    const body = bodyOf(req);
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase().slice(0, 254) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, MAX_PASSWORD_LENGTH + 1) : '';
    if (email === '' || password === '') throw new AppError('invalid_request', 'Send {"email": "…", "password": "…"}.', 400);
    // Until the password is proven, whoever is typing is anonymous; the account is the target. What
    // was typed as the email is never kept (it may be a password typed in the wrong field): a
    // failure names the account by id, or says only that no account matched.
    const record = async (action: string, detail: Record<string, unknown>, targetId?: number) =>
      await store.audit.user({ actor: 'anonymous', ip }, action, targetId, at, detail);
    const user = await store.staffUsers.findByEmail(email);
    const account = user ? {} : { account: 'unknown' };

    const blocked = await throttle.blocked(email, ip, at);
    if (blocked !== undefined) {
      res.setHeader('Retry-After', String(Math.ceil((blocked.until - at) / 1000)));
      if (blocked.scope === 'account') {
        await record('auth.login_locked', { scope: 'address', ...account }, user?.id);
        throw lockedError(blocked.until, at);
      }
      await record('auth.login_throttled', account, user?.id);
      throw new AppError(
        'too_many_attempts',
        `Too many failed sign-ins from this address. Try again in ${minutesUntil(blocked.until, at)} minute(s).`,
        429,
      );
    }

    if (!user) {
      await verifyAgainstDummy(password);
      const locked = await throttle.recordFailure(email, ip, at);
      await record('auth.login_failed', { reason: 'unknown_account' });
      if (locked !== undefined) throw lockedError(locked, at);
      throw new AppError('invalid_credentials', 'Wrong email or password.', 401);
    }
    if (user.lockedUntil !== null && user.lockedUntil > at) {
      res.setHeader('Retry-After', String(Math.ceil((user.lockedUntil - at) / 1000)));
      await record('auth.login_locked', { scope: 'all_addresses' }, user.id);
      throw lockedError(user.lockedUntil, at);
    }
    const ok =
      user.disabledAt === null
        ? await verifyPassword(password, (await store.staffUsers.passwordHash(user.id)) ?? '')
        : await verifyAgainstDummy(password);
    if (!ok) {
      const lockedHere = await throttle.recordFailure(email, ip, at);
      if (user.disabledAt !== null) {
        await record('auth.login_failed', { reason: 'disabled' }, user.id);
        throw new AppError('invalid_credentials', 'Wrong email or password.', 401);
      }
      const { failedLogins, lockedUntil } = await store.staffUsers.recordFailure(
        user.id,
        at,
        accountCeiling(config.loginMaxFailures),
        config.loginLockoutMs,
      );
      await record('auth.login_failed', { reason: 'wrong_password', failedLogins }, user.id);
      if (lockedUntil !== null) {
        // Failures from many addresses: the account is locked everywhere, and an admin is told.
        await record('auth.lockout', { scope: 'all_addresses', until: new Date(lockedUntil).toISOString(), failedLogins }, user.id);
        deps.log.warn(
          { userId: user.id, failedLogins },
          'staff account locked for every address after many failed sign-ins; an admin can unlock it in the console (Users)',
        );
        throw lockedError(lockedUntil, at);
      }
      if (lockedHere !== undefined) {
        await record('auth.lockout', { scope: 'address', until: new Date(lockedHere).toISOString() }, user.id);
        throw lockedError(lockedHere, at);
      }
      throw new AppError('invalid_credentials', 'Wrong email or password.', 401);
    }
    await throttle.recordSuccess(email, ip, at);

    const sso = config.oidc;
    if (!user.passwordLogin || (sso?.disablePasswords === true && user.oidcSubject !== null)) {
      // The password was right, so saying why reveals nothing a guesser could use.
      await record('auth.login_failed', { reason: 'password_login_off' }, user.id);
      throw new AppError(
        'password_login_disabled',
        sso
          ? `This account signs in with ${sso.name}: use "Sign in with ${sso.name}".`
          : 'Password sign-in is turned off for this account; ask an admin.',
        403,
      );
    }
    const principal = await startSession(req, res, deps, user, at);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ...sessionPayload(principal, deps), availability: await availabilityOf(deps, user.id) });
  });

  const auth = authenticate(deps);

  router.get('/api/session', auth, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const principal = principalOf(res);
    res.json({ ...sessionPayload(principal, deps), availability: await availabilityOf(deps, principal.userId) });
  });

  // Availability: available (given new items in turn), away, or off; shown to admins.
  router.get('/api/me/availability', auth, async (_req, res) => {
    const principal = principalOf(res);
    if (principal.userId === null)
      throw new AppError('forbidden', 'Availability belongs to a person: sign in or use a personal API token.', 403);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ availability: await availabilityOf(deps, principal.userId) });
  });

  router.put('/api/me/availability', auth, requireCsrf, ...jsonBody, async (req, res) => {
    const principal = principalOf(res);
    await setMyAvailability(deps, { principal, ip: req.ip }, bodyOf(req).status);
    // Items waiting for someone go to a person who just became available before we answer.
    await deps.assigner?.run();
    res.json({ availability: await availabilityOf(deps, principal.userId) });
  });

  router.delete('/api/session', auth, requireCsrf, async (req, res) => {
    const principal = principalOf(res);
    if (!principal.session) throw new AppError('not_a_session', 'Only console sessions sign out; revoke an API token instead.', 400);
    const at = deps.now();
    await store.staffSessions.revoke(principal.session.id, at);
    await store.audit.user({ actor: principal.actor, ip: req.ip }, 'auth.logout', principal.userId, at, {
      sessionId: principal.session.id,
    });
    // Signing out ends the working day: nothing new is assigned until they choose available again.
    if (principal.userId !== null) await store.assignment.setAvailability(principal.userId, 'off', at);
    clearSessionCookie(req, res, config);
    res.status(204).end();
  });

  router.post('/api/session/password', auth, requireCsrf, ...jsonBody, async (req, res) => {
    const principal = principalOf(res);
    if (principal.via !== 'session' || principal.userId === null)
      throw new AppError('forbidden', 'Change your password from the console.', 403);
    const body = bodyOf(req);
    const current = typeof body.currentPassword === 'string' ? body.currentPassword : '';
    const next = typeof body.newPassword === 'string' ? body.newPassword : '';
    if (!(await verifyPassword(current, (await store.staffUsers.passwordHash(principal.userId)) ?? ''))) {
      throw new AppError('invalid_credentials', 'Your current password is not right.', 403);
    }
    const problem = passwordProblem(next);
    if (problem) throw new AppError('weak_password', problem, 400);
    const at = deps.now();
    await store.staffUsers.setPassword(principal.userId, await hashPassword(next), at);
    // Other browsers signed in as this user are signed out; this one stays.
    await store.staffSessions.revokeOthers(principal.userId, principal.session?.id ?? 0, at);
    await store.audit.user({ actor: principal.actor, ip: req.ip }, 'user.password_change', principal.userId, at);
    res.status(204).end();
  });

  return router;
}
