import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { addUser, login, PASSWORD } from '../helpers/staff-client';

jest.setTimeout(120_000);

/**
 * The sign-in throttle through the real server, behind a trusted proxy so each request can come
 * from its own client address: a stranger's failures never lock staff out of their own desks, and
 * the audit log never keeps what was typed.
 */
const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe('Sign-in throttle a stranger cannot turn against staff', () => {
  let fd: Frontdesk;
  afterEach(async () => {
    await fd?.close();
  });

  test('when a stranger fails the nurse password LOGIN_MAX_FAILURES times from one address, then she still signs in from hers, and only that address is locked', async () => {
    fd = await startFrontdesk({ env: { TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES: '5' } });
    await addUser(fd, 'nurse@example.org', 'clinician');
    const tries = [];
    for (let i = 0; i < 5; i += 1) tries.push((await login(fd, 'nurse@example.org', 'guessed password', from('198.51.100.66'))).status);
    expect(tries).toEqual([401, 401, 401, 401, 429]);
    expect((await login(fd, 'nurse@example.org', PASSWORD, from('203.0.113.5'))).status).toBe(200);
    const there = await login(fd, 'nurse@example.org', PASSWORD, from('198.51.100.66'));
    expect(there.status).toBe(429);
    expect(((await there.json()) as { error: { code: string } }).error.code).toBe('account_locked');
  });

  test('when an address sends 200 failures with unknown emails, then the admin who signs in there still gets in, and new guesses from it are stopped', async () => {
    fd = await startFrontdesk({ env: { TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES: '5' } });
    await addUser(fd, 'admin@example.org', 'admin');
    const office = from('192.0.2.10');
    expect((await login(fd, 'admin@example.org', PASSWORD, office)).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 200; i += 1) statuses.push((await login(fd, `guess${i}@example.org`, 'not the password', office)).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(200);
    expect((await login(fd, 'someone-else@example.org', 'not the password', office)).status).toBe(429);
    expect((await login(fd, 'admin@example.org', PASSWORD, office)).status).toBe(200);
  });

  test('when an account fails from many addresses, then after a much higher total it is locked everywhere and an admin is told', async () => {
    fd = await startFrontdesk({ env: { TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES: '5' } });
    const nurse = await addUser(fd, 'nurse@example.org', 'clinician');
    for (let i = 0; i < 49; i += 1) expect((await login(fd, 'nurse@example.org', 'wrong', from(`198.51.100.${i + 1}`))).status).toBe(401);
    expect((await login(fd, 'nurse@example.org', 'wrong', from('198.51.100.200'))).status).toBe(429);
    expect((await login(fd, 'nurse@example.org', PASSWORD, from('203.0.113.5'))).status).toBe(429);
    const lockouts = await fd.server.store.audit.search({ action: 'auth.lockout' });
    expect(lockouts.map((a) => [a.targetId, a.detail?.scope])).toEqual([[String(nurse), 'all_addresses']]);
    expect(fd.logs.text).toMatch(/locked for every address/);
  });

  test('when a password is typed into the email field, then the audit log keeps neither it nor any typed email, only the account id or that none matched', async () => {
    fd = await startFrontdesk();
    const nurse = await addUser(fd, 'nurse@example.org', 'clinician');
    expect((await login(fd, 'Tr0ub4dor&3-secret', 'x')).status).toBe(401);
    expect((await login(fd, 'nurse@example.org', 'wrong password')).status).toBe(401);
    const rows = await fd.server.store.audit.search({ action: 'auth.login_failed' });
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain('Tr0ub4dor');
    expect(stored).not.toContain('nurse@example.org');
    expect(rows.map((a) => [a.targetId, a.detail?.reason]).sort()).toEqual([
      [undefined, 'unknown_account'],
      [String(nurse), 'wrong_password'],
    ]);
  });
});
