import { auditActions, login, PASSWORD, signIn } from '../helpers/staff-client';
import { startFrontdesk, STAFF_TOKEN, type Frontdesk } from '../helpers/start-frontdesk';

interface ErrorBody {
  error: { code: string; message: string };
}

async function setup(env: Record<string, string> = {}, now?: () => number): Promise<Frontdesk> {
  return startFrontdesk({ env: { LOGIN_MAX_FAILURES: '3', ...env }, ...(now ? { now } : {}) });
}

describe('Staff sign-in', () => {
  let fd: Frontdesk;
  afterEach(async () => {
    await fd.close();
  });

  test('when nobody is signed in, then the staff API answers 401 with a JSON error', async () => {
    fd = await setup();
    for (const path of ['/api/escalations', '/api/session', '/api/users', '/api/audit', '/api/tokens', '/api/escalations/stream']) {
      const res = await fetch(`${fd.server.url}${path}`);
      expect(res.status).toBe(401);
      expect(((await res.json()) as ErrorBody).error.code).toBe('unauthenticated');
    }
  });

  test('when a user signs in over http, then the session cookie is httpOnly and SameSite=Strict without Secure, and the login is audited', async () => {
    fd = await setup();
    const client = await signIn(fd, 'dana@example.org', 'clinician', 'Dana Reyes');
    const res = await login(fd, 'dana@example.org');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^frontdesk_session=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const me = await client.json<{ user: { name: string; role: string }; practice: { timeZone: string } }>('/api/session');
    expect(me.user).toMatchObject({ name: 'Dana Reyes', role: 'clinician' });
    expect(me.practice.timeZone).toBe('America/New_York');
    expect(await auditActions(fd)).toContain('auth.login');
    // Only a hash of the session id is stored.
    const sessionId = client.cookie.split('=')[1] as string;
    const rows = fd.server.store.db.prepare('SELECT token_hash FROM staff_sessions').all() as Array<{ token_hash: string }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.token_hash === sessionId)).toBe(false);
  });

  test('when the request came over https through a trusted proxy, then the cookie is Secure with the __Host- prefix', async () => {
    fd = await setup({ TRUST_PROXY: 'loopback' });
    await signIn(fd, 'dana@example.org', 'clinician');
    const res = await login(fd, 'dana@example.org', PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(res.headers.get('set-cookie')).toMatch(
      /^__Host-frontdesk_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/,
    );
  });

  test('when the password is wrong, then 401 with one message for every failure and the attempt is audited', async () => {
    fd = await setup();
    await signIn(fd, 'dana@example.org', 'clinician');
    const wrong = await login(fd, 'dana@example.org', 'not the password at all');
    const unknown = await login(fd, 'nobody@example.org', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(((await wrong.json()) as ErrorBody).error).toEqual(((await unknown.json()) as ErrorBody).error);
    const failed = await fd.server.store.audit.search({ action: 'auth.login_failed' });
    expect(failed.map((a) => a.detail?.reason).sort()).toEqual(['unknown_account', 'wrong_password']);
  });

  test('when the password is wrong LOGIN_MAX_FAILURES times, then the account is locked even for the right password until an admin unlocks it', async () => {
    fd = await setup();
    const admin = await signIn(fd, 'admin@example.org', 'admin');
    const dana = await signIn(fd, 'dana@example.org', 'clinician');
    expect((await login(fd, 'dana@example.org', 'wrong password one')).status).toBe(401);
    expect((await login(fd, 'dana@example.org', 'wrong password two')).status).toBe(401);
    const third = await login(fd, 'dana@example.org', 'wrong password three');
    expect(third.status).toBe(429);
    expect(((await third.json()) as ErrorBody).error.code).toBe('account_locked');
    const right = await login(fd, 'dana@example.org');
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await auditActions(fd)).toEqual(expect.arrayContaining(['auth.lockout', 'auth.login_locked']));

    expect((await admin.call(`/api/users/${dana.userId}`, { method: 'PATCH', body: { unlock: true } })).status).toBe(200);
    expect((await login(fd, 'dana@example.org')).status).toBe(200);
    expect(await auditActions(fd)).toContain('user.unlock');
  });

  test('when an unknown email fails repeatedly, then it is "locked" the same way, so lockouts reveal no accounts', async () => {
    fd = await setup();
    for (let i = 0; i < 2; i += 1) expect((await login(fd, 'ghost@example.org', 'guess number one')).status).toBe(401);
    const third = await login(fd, 'ghost@example.org', 'guess number three');
    expect(third.status).toBe(429);
    expect(((await third.json()) as ErrorBody).error.code).toBe('account_locked');
  });

  test('when a browser marks the sign-in as cross-site, then it is refused', async () => {
    fd = await setup();
    await signIn(fd, 'dana@example.org', 'clinician');
    const res = await login(fd, 'dana@example.org', PASSWORD, { 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
  });

  test('when a state-changing request has no or a wrong CSRF token, then 403 and nothing changes', async () => {
    fd = await setup();
    const admin = await signIn(fd, 'admin@example.org', 'admin');
    const body = { title: 'Test', text: 'Hello' };
    const missing = await admin.call('/api/canned-responses', { method: 'POST', body, csrf: false });
    const wrong = await admin.call('/api/canned-responses', { method: 'POST', body, csrf: 'not-the-token' });
    expect(missing.status).toBe(403);
    expect(wrong.status).toBe(403);
    expect(((await missing.json()) as ErrorBody).error.code).toBe('csrf_failed');
    expect((await fd.server.store.cannedResponses.list()).some((c) => c.title === 'Test')).toBe(false);
    expect((await admin.call('/api/canned-responses', { method: 'POST', body })).status).toBe(201);
  });

  test('when the user signs out, then the cookie is cleared, the session no longer works and the logout is audited', async () => {
    fd = await setup();
    const dana = await signIn(fd, 'dana@example.org', 'clinician');
    const out = await dana.call('/api/session', { method: 'DELETE' });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await dana.call('/api/session')).status).toBe(401);
    expect(await auditActions(fd)).toContain('auth.logout');
  });

  test('when a session sees no activity for SESSION_IDLE_MINUTES, then it ends with a message saying so', async () => {
    let offset = 0;
    fd = await setup({ SESSION_IDLE_MINUTES: '5' }, () => Date.now() + offset);
    const dana = await signIn(fd, 'dana@example.org', 'clinician');
    offset = 4 * 60_000;
    expect((await dana.call('/api/session')).status).toBe(200);
    offset = 8 * 60_000; // 4 minutes after the last request: still fine
    expect((await dana.call('/api/session')).status).toBe(200);
    offset = 14 * 60_000;
    const res = await dana.call('/api/session');
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({
      code: 'session_expired',
      message: expect.stringMatching(/5 minutes without activity/),
    });
  });
});

describe('API tokens', () => {
  let fd: Frontdesk;
  afterEach(async () => {
    await fd.close();
  });

  test('when a user creates a personal token, then it works as a bearer with their role, is stored hashed, and stops working once revoked', async () => {
    fd = await startFrontdesk();
    const agent = await signIn(fd, 'frank@example.org', 'agent');
    const created = await agent.json<{ token: string; item: { id: number } }>('/api/tokens', {
      method: 'POST',
      body: { name: 'EHR sync' },
    });
    expect(created.token).toMatch(/^fdk_/);
    const stored = JSON.stringify(fd.server.store.db.prepare('SELECT * FROM staff_api_tokens').all());
    expect(stored).not.toContain(created.token);

    const bearer = { authorization: `Bearer ${created.token}` };
    const me = (await (await fetch(`${fd.server.url}/api/session`, { headers: bearer })).json()) as { user: { role: string }; via: string };
    expect(me).toMatchObject({ user: { role: 'agent' }, via: 'api_token' });
    // Bearer calls need no CSRF token, but cannot mint more tokens.
    const mint = await fetch(`${fd.server.url}/api/tokens`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: '{"name":"x"}',
    });
    expect(mint.status).toBe(403);

    expect((await agent.call(`/api/tokens/${created.item.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${fd.server.url}/api/escalations`, { headers: bearer })).status).toBe(401);
    expect(await auditActions(fd)).toEqual(expect.arrayContaining(['token.create', 'token.revoke']));
  });

  test('when automation uses STAFF_API_TOKEN, then it is audited as the service account', async () => {
    fd = await startFrontdesk();
    const res = await fd.staff('/api/escalations');
    expect(res.status).toBe(200);
    const entry = (await fd.server.store.audit.search({ action: 'queue.list' }))[0];
    expect(entry?.actor).toBe('service:staff-api-token');
    expect(STAFF_TOKEN.length).toBeGreaterThan(24);
  });
});
