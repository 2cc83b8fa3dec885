import { AppError } from '../../platform/errors';
import { isStaffRole, STAFF_ROLES, type StaffRole } from '../../escalation/access';
import type { StaffUser } from './staff-user-repo';
import type { AuditStore } from '../../audit/audit-store';
import type { DatabaseHandle } from '../../store/database-handle';
import type { IdentityStore } from './identity-store';
import { hashPassword, passwordProblem } from './passwords';
import { newSecret } from './secrets';
import { iso } from '../../platform/values';

/**
 * Account use-cases shared by the console's admin pages and `npm run staff`: validation, the
 * last-admin guard and the audit record live here once.
 */
export interface AccountDeps {
  store: IdentityStore & AuditStore & DatabaseHandle;
  now: () => number;
}

/** Who is making the change, for the audit log. */
export interface ChangeContext {
  actor: string;
  actorUserId?: number | null;
  ip?: string | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface PublicUser {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  /** Linked to the identity provider by a single sign-on. */
  singleSignOn: boolean;
  /** May sign in with a password (false: single sign-on only). */
  passwordLogin: boolean;
}

/** What the API shows of an account (never the password hash). */
export function publicUser(user: StaffUser, at: number): PublicUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabledAt !== null,
    lockedUntil: user.lockedUntil !== null && user.lockedUntil > at ? iso(user.lockedUntil) : null,
    lastLoginAt: iso(user.lastLoginAt),
    createdAt: iso(user.createdAt) as string,
    singleSignOn: user.oidcSubject !== null,
    passwordLogin: user.passwordLogin,
  };
}

function validEmail(value: unknown): string {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!EMAIL.test(email) || email.length > 254)
    throw new AppError('invalid_email', 'Give a valid email address, e.g. dana@example.org.', 400);
  return email;
}

function validName(value: unknown, fallback: string): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name === '') return fallback;
  if (name.length > 100) throw new AppError('invalid_name', 'A name must be at most 100 characters.', 400);
  return name;
}

function validRole(value: unknown): StaffRole {
  if (!isStaffRole(value)) throw new AppError('invalid_role', `role must be one of ${STAFF_ROLES.join(', ')}.`, 400);
  return value;
}

function validPassword(value: unknown): string {
  if (typeof value !== 'string') throw new AppError('invalid_password', 'Give a password.', 400);
  const problem = passwordProblem(value);
  if (problem) throw new AppError('weak_password', problem, 400);
  return value;
}

export async function createStaffUser(
  deps: AccountDeps,
  input: { email: unknown; name?: unknown; role: unknown; password: unknown },
  ctx: ChangeContext,
): Promise<StaffUser> {
  const email = validEmail(input.email);
  const role = validRole(input.role);
  const name = validName(input.name, email.split('@')[0] as string);
  const passwordHash = await hashPassword(validPassword(input.password));
  const at = deps.now();
  const user = await deps.store.staffUsers.create({ email, name, role, passwordHash, at });
  if (!user) throw new AppError('email_taken', `There is already an account for ${email}.`, 409);
  await deps.store.audit.user({ actor: ctx.actor, ip: ctx.ip }, 'user.create', user.id, at, { email, role });
  return user;
}

/**
 * An account made at a person's first single sign-on (OIDC_AUTO_CREATE_ROLE): its email verified
 * by the provider, linked to the provider's subject, and without a usable password.
 */
export async function createSingleSignOnUser(
  deps: AccountDeps,
  input: { email: unknown; name?: unknown; role: StaffRole; subject: string },
  ctx: ChangeContext,
): Promise<StaffUser> {
  const email = validEmail(input.email);
  const name = validName(typeof input.name === 'string' ? input.name.slice(0, 100) : undefined, email.split('@')[0] as string);
  // A password nobody knows: the account signs in through the provider only.
  const passwordHash = await hashPassword(newSecret());
  const at = deps.now();
  const user = await deps.store.transaction(async () => {
    const created = await deps.store.staffUsers.create({ email, name, role: input.role, passwordHash, at });
    if (!created) throw new AppError('email_taken', `There is already an account for ${email}.`, 409);
    await deps.store.staffUsers.linkOidcSubject(created.id, input.subject, at);
    await deps.store.staffUsers.setPasswordLogin(created.id, false, at);
    await deps.store.audit.user({ actor: ctx.actor, ip: ctx.ip }, 'user.create', created.id, at, { email, role: input.role, via: 'oidc' });
    return created;
  });
  return await existing(deps, user.id);
}

async function existing(deps: AccountDeps, userId: number): Promise<StaffUser> {
  const user = await deps.store.staffUsers.get(userId);
  if (!user) throw new AppError('not_found', 'No such user.', 404);
  return user;
}

/** Sets a new password, lifts any lockout and signs the user out everywhere. */
export async function resetStaffPassword(deps: AccountDeps, userId: number, password: unknown, ctx: ChangeContext): Promise<StaffUser> {
  const user = await existing(deps, userId);
  const hash = await hashPassword(validPassword(password));
  const at = deps.now();
  await deps.store.staffUsers.setPassword(user.id, hash, at);
  const sessions = await deps.store.staffSessions.revokeAllForUser(user.id, at);
  await deps.store.audit.user({ actor: ctx.actor, ip: ctx.ip }, 'user.password_reset', user.id, at, { sessionsEnded: sessions });
  return await existing(deps, userId);
}

/**
 * Name, role, disabled, unlock. Refuses to leave the practice without an active admin, and refuses
 * to let an admin demote or disable themselves by accident.
 */
export async function updateStaffUser(
  deps: AccountDeps,
  userId: number,
  changes: { name?: unknown; role?: unknown; disabled?: unknown; unlock?: unknown; passwordLogin?: unknown },
  ctx: ChangeContext,
): Promise<StaffUser> {
  const user = await existing(deps, userId);
  const at = deps.now();
  const role = changes.role === undefined ? undefined : validRole(changes.role);
  const name = changes.name === undefined ? undefined : validName(changes.name, user.name);
  if (changes.disabled !== undefined && typeof changes.disabled !== 'boolean')
    throw new AppError('invalid_request', 'disabled must be true or false.', 400);
  if (changes.unlock !== undefined && changes.unlock !== true)
    throw new AppError('invalid_request', 'unlock must be true when given.', 400);
  const disabled = changes.disabled as boolean | undefined;
  if (changes.passwordLogin !== undefined && typeof changes.passwordLogin !== 'boolean')
    throw new AppError('invalid_request', 'passwordLogin must be true or false.', 400);
  const passwordLogin = changes.passwordLogin as boolean | undefined;

  const losesAdmin = user.role === 'admin' && user.disabledAt === null && ((role !== undefined && role !== 'admin') || disabled === true);
  if (losesAdmin && ctx.actorUserId === user.id) {
    throw new AppError('cannot_change_self', 'You cannot remove your own admin role or disable your own account; ask another admin.', 409);
  }
  if (losesAdmin && (await deps.store.staffUsers.countActiveAdmins()) <= 1) {
    throw new AppError('last_admin', 'This is the last active admin: make someone else admin first.', 409);
  }

  const audit = async (action: string, detail?: Record<string, unknown>) =>
    await deps.store.audit.user({ actor: ctx.actor, ip: ctx.ip }, action, user.id, at, detail);

  await deps.store.transaction(async () => {
    if ((role !== undefined && role !== user.role) || (name !== undefined && name !== user.name)) {
      await deps.store.staffUsers.update(user.id, { ...(role ? { role } : {}), ...(name ? { name } : {}) }, at);
      await audit('user.update', {
        ...(role && role !== user.role ? { role: { from: user.role, to: role } } : {}),
        ...(name && name !== user.name ? { name: 'changed' } : {}),
      });
    }
    if (disabled !== undefined && disabled !== (user.disabledAt !== null)) {
      await deps.store.staffUsers.setDisabled(user.id, disabled, at);
      const ended = disabled ? await deps.store.staffSessions.revokeAllForUser(user.id, at) : 0;
      await audit(disabled ? 'user.disable' : 'user.enable', disabled ? { sessionsEnded: ended } : undefined);
    }
    if (changes.unlock === true) {
      await deps.store.staffUsers.unlock(user.id, at);
      await audit('user.unlock');
    }
    if (passwordLogin !== undefined && passwordLogin !== user.passwordLogin) {
      await deps.store.staffUsers.setPasswordLogin(user.id, passwordLogin, at);
      await audit('user.update', { passwordLogin });
    }
  });
  return await existing(deps, userId);
}
