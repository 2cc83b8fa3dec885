import { createStaffUser } from '../../src/staff/identity/staff-accounts';
import type { StaffRole } from '../../src/escalation/access';
import type { Store } from '../../src/create-store';
import type { Frontdesk } from './start-frontdesk';

/** A password that passes the policy; tests never rely on a default one (there is none). */
export const PASSWORD = 'correct horse battery staple';

export interface StaffClient {
  userId: number;
  email: string;
  cookie: string;
  csrf: string;
  /** Calls the staff API with the session cookie, and the CSRF header unless `csrf: false`. */
  call(
    pathname: string,
    init?: { method?: string; body?: unknown; csrf?: boolean | string; headers?: Record<string, string> },
  ): Promise<Response>;
  json<T = Record<string, unknown>>(pathname: string, init?: { method?: string; body?: unknown }): Promise<T>;
}

/** Creates an account straight in the store, as `npm run staff -- add` does. */
export async function addUser(fd: Frontdesk<Store>, email: string, role: StaffRole, name?: string): Promise<number> {
  const user = await createStaffUser(
    { store: fd.server.store, now: Date.now },
    { email, role, password: PASSWORD, name: name ?? email.split('@')[0] },
    { actor: 'test:setup' },
  );
  return user.id;
}

export function login(fd: Frontdesk<Store>, email: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${fd.server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
}

/** Creates a user (unless it exists) and signs in, returning a client bound to that session. */
export async function signIn(fd: Frontdesk<Store>, email: string, role: StaffRole, name?: string): Promise<StaffClient> {
  const existing = await fd.server.store.staffUsers.findByEmail(email);
  const userId = existing?.id ?? (await addUser(fd, email, role, name));
  const res = await login(fd, email);
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const call: StaffClient['call'] = (pathname, init = {}) => {
    const headers: Record<string, string> = { cookie, ...init.headers };
    if (init.csrf !== false) headers['x-csrf-token'] = typeof init.csrf === 'string' ? init.csrf : csrfToken;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${fd.server.url}${pathname}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  };
  return {
    userId,
    email,
    cookie,
    csrf: csrfToken,
    call,
    async json(pathname, init) {
      const res = await call(pathname, init);
      if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${pathname}: ${res.status} ${await res.text()}`);
      return (await res.json()) as never;
    },
  };
}

export async function auditActions(fd: Frontdesk<Store>): Promise<string[]> {
  return (await fd.server.store.audit.search({ limit: 10_000 })).map((a) => a.action);
}
