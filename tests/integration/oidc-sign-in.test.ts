import { openPending, sealPending } from '../../src/staff/identity/oidc-sign-in';
import { browse, CookieJar, OIDC_CLIENT, startFrontdeskWithOidc, type TestAccount } from '../helpers/oidc-provider';
import { addUser, login, PASSWORD, signIn } from '../helpers/staff-client';
import type { Frontdesk } from '../helpers/start-frontdesk';

const CLIENT_SECRET = OIDC_CLIENT.clientSecret;

const ACCOUNTS: Record<string, TestAccount> = {
  'nora-sub': { email: 'Nora@example.org', email_verified: true, name: 'Nora Nurse' },
  'stranger-sub': { email: 'stranger@example.org', email_verified: true, name: 'Sam Stranger' },
  'unverified-sub': { email: 'nora@example.org', email_verified: false, name: 'Not Nora' },
  'nurse-sub': { email: 'new.nurse@example.org', email_verified: true, name: 'Nia New', groups: ['Nurses'] },
};

async function setup(env: Record<string, string> = {}) {
  const { fd, provider } = await startFrontdeskWithOidc(ACCOUNTS, env);
  const noraId = await addUser(fd, 'nora@example.org', 'clinician', 'Nora Nurse');
  /** Signs in at the provider as `accountId`, from the console's button to the page it lands on. */
  const ssoAs = async (accountId: string) => {
    await provider.next(accountId);
    const jar = new CookieJar();
    const landed = await browse(`${fd.server.url}/auth/oidc/start`, jar);
    const me = await fetch(`${fd.server.url}/api/session`, { headers: { cookie: jar.header(landed) } });
    return { landed, me, jar };
  };
  return { fd, provider, noraId, ssoAs };
}

describe('Single sign-on with OpenID Connect', () => {
  let fd: Frontdesk | undefined;
  let closeProvider: (() => Promise<unknown>) | undefined;
  afterEach(async () => {
    await fd?.close();
    await closeProvider?.();
    fd = undefined;
  });
  const started = async (env?: Record<string, string>) => {
    const world = await setup(env);
    fd = world.fd;
    closeProvider = world.provider.close;
    return world;
  };

  test('when a staff member signs in with the provider, then their account is signed in by its verified email, as with a password', async () => {
    const { fd, ssoAs, noraId } = await started();
    const options = (await (await fetch(`${fd.server.url}/auth/options`)).json()) as { sso: { name: string } };
    expect(options.sso).toEqual({ name: 'Suite IdP', startUrl: '/auth/oidc/start' });

    const { landed, me } = await ssoAs('nora-sub');
    expect(landed.pathname).toBe('/staff');
    expect(landed.search).toBe('');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { id: number; role: string } }).user).toMatchObject({ id: noraId, role: 'clinician' });
    const logins = (await fd.server.store.audit.search({ action: 'auth.login', limit: 10 })).filter((a) => a.targetId === String(noraId));
    expect(logins[0]?.detail).toMatchObject({ method: 'oidc' });
    expect((await fd.server.store.staffUsers.get(noraId))?.oidcSubject).toBe('nora-sub');
  });

  test('when the provider names an email without an account, or one it has not verified, then nobody is signed in', async () => {
    const { fd, ssoAs } = await started();
    const stranger = await ssoAs('stranger-sub');
    expect(stranger.landed.search).toBe('?sso_error=no_account');
    expect(stranger.me.status).toBe(401);
    expect(await fd.server.store.staffUsers.findByEmail('stranger@example.org')).toBeUndefined();

    const unverified = await ssoAs('unverified-sub');
    expect(unverified.landed.search).toBe('?sso_error=email_not_verified');
    expect(unverified.me.status).toBe(401);
    const failures = await fd.server.store.audit.search({ action: 'auth.login_failed', limit: 10 });
    expect(failures.map((f) => f.detail?.reason).sort()).toEqual(['email_not_verified', 'no_account']);
  });

  test('when OIDC_AUTO_CREATE_ROLE is set, then a new person gets an account with that role (or the role claim’s), without a password', async () => {
    const { fd, ssoAs } = await started({ OIDC_AUTO_CREATE_ROLE: 'agent', OIDC_ROLE_CLAIM: 'groups:Nurses=clinician' });
    const stranger = await ssoAs('stranger-sub');
    expect(stranger.me.status).toBe(200);
    expect(((await stranger.me.json()) as { user: { role: string; name: string } }).user).toMatchObject({
      role: 'agent',
      name: 'Sam Stranger',
    });
    const nurse = await ssoAs('nurse-sub');
    expect(((await nurse.me.json()) as { user: { role: string } }).user.role).toBe('clinician');
    const created = await fd.server.store.staffUsers.findByEmail('new.nurse@example.org');
    expect(created).toMatchObject({ passwordLogin: false, oidcSubject: 'nurse-sub' });
    const creates = await fd.server.store.audit.search({ action: 'user.create', limit: 10 });
    expect(creates.map((c) => c.detail)).toEqual(expect.arrayContaining([expect.objectContaining({ via: 'oidc', role: 'clinician' })]));
  });

  test('when the state or the PKCE verifier does not match the sign-in this browser started, then the callback refuses it', async () => {
    const { fd, provider } = await started();
    await provider.next('nora-sub');
    const isCallback = (url: URL) => url.pathname === '/auth/oidc/callback';
    const first = new CookieJar();
    const callback = await browse(`${fd.server.url}/auth/oidc/start`, first, isCallback);
    expect(callback.searchParams.get('code')).toBeTruthy();
    const origin = fd.server.url;
    const cookieOf = (jar: CookieJar) => jar.get(origin, 'frontdesk_oidc') as string;
    const pending = openPending(cookieOf(first), CLIENT_SECRET, Date.now());
    if (!pending) throw new Error('no pending sign-in cookie');

    // Another sign-in started in this browser: its state is not the one the provider sent back.
    const second = new CookieJar();
    await browse(`${fd.server.url}/auth/oidc/start`, second, (url) => url.origin !== origin);
    const wrongState = new CookieJar();
    wrongState.set(origin, 'frontdesk_oidc', cookieOf(second));
    expect((await browse(callback.href, wrongState)).search).toBe('?sso_error=sign_in_refused');

    // The right state, but another verifier: the provider refuses the code.
    const wrongVerifier = new CookieJar();
    wrongVerifier.set(origin, 'frontdesk_oidc', sealPending({ ...pending, codeVerifier: 'x'.repeat(43) }, CLIENT_SECRET));
    const refused = await browse(callback.href, wrongVerifier);
    expect(refused.search).toBe('?sso_error=sign_in_refused');
    expect((await fetch(`${origin}/api/session`, { headers: { cookie: wrongVerifier.header(refused) } })).status).toBe(401);

    // Without the pending sign-in cookie at all.
    expect((await browse(callback.href, new CookieJar())).search).toBe('?sso_error=sign_in_expired');
  });

  test('when passwords are off for single sign-on users, then they cannot sign in with one; an admin can turn it off per person', async () => {
    const { fd, ssoAs, noraId } = await started({ OIDC_DISABLE_PASSWORDS: 'true' });
    expect((await login(fd, 'nora@example.org', PASSWORD)).status).toBe(200); // not linked yet
    await ssoAs('nora-sub');
    const refused = await login(fd, 'nora@example.org', PASSWORD);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'password_login_disabled',
      message: 'This account signs in with Suite IdP: use "Sign in with Suite IdP".',
    });
    // A wrong password still says only that it is wrong.
    expect((await login(fd, 'nora@example.org', 'not the password at all')).status).toBe(401);

    const admin = await signIn(fd, 'ada@example.org', 'admin');
    const frank = await addUser(fd, 'frank@example.org', 'agent');
    const res = await admin.call(`/api/users/${frank}`, { method: 'PATCH', body: { passwordLogin: false } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { passwordLogin: boolean; singleSignOn: boolean } }).user).toMatchObject({
      passwordLogin: false,
      singleSignOn: false,
    });
    expect((await login(fd, 'frank@example.org', PASSWORD)).status).toBe(403);
    expect(noraId).toBeGreaterThan(0);
  });
});
