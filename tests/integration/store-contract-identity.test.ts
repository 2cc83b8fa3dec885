import type { SqliteStore } from '../../src/create-store';
import { identityRepos } from '../../src/staff/identity/identity-store';
import { postgresIdentityRepos } from '../../src/staff/identity/postgres-identity-store';
import { describeContract, type ContractStore } from '../helpers/store-contract';

type Repos = ReturnType<typeof postgresIdentityRepos>;

const backends = { sqlite: (s: SqliteStore) => identityRepos(s.sql), postgres: postgresIdentityRepos };

describeContract<Repos>('identity store contract', backends, (setup) => {
  const createUser = async (
    store: ContractStore<Repos>,
    email: string,
    name = email,
    role: 'admin' | 'clinician' | 'agent' = 'agent',
    at = 1000,
  ) => {
    const user = await store.repos.staffUsers.create({ email, name, role, passwordHash: `hash-${email}`, at });
    if (!user) throw new Error(`${email} was taken`);
    return user;
  };

  describe('staff users', () => {
    test('when a user is created, then it reads back by id and by email in any case, and the hash only through passwordHash', async () => {
      const store = await setup();
      const { staffUsers } = store.repos;

      const ann = await createUser(store, 'Ann@Example.org', 'Ann', 'clinician', 1000);

      expect(ann).toEqual({
        id: expect.any(Number),
        email: 'Ann@Example.org',
        name: 'Ann',
        role: 'clinician',
        failedLogins: 0,
        lockedUntil: null,
        disabledAt: null,
        passwordChangedAt: 1000,
        lastLoginAt: null,
        createdAt: 1000,
        updatedAt: 1000,
        oidcSubject: null,
        passwordLogin: true,
      });
      expect(await staffUsers.get(ann.id)).toEqual(ann);
      expect(await staffUsers.findByEmail('ann@example.ORG')).toEqual(ann);
      expect(await staffUsers.findByEmail('  ANN@example.org ')).toEqual(ann);
      expect(await staffUsers.findByEmail('bob@example.org')).toBeUndefined();
      expect(await staffUsers.passwordHash(ann.id)).toBe('hash-Ann@Example.org');
      expect(await staffUsers.passwordHash(9999)).toBeUndefined();
      expect(await staffUsers.get(9999)).toBeUndefined();
    });

    test('when an account is linked to the identity provider, then it is found by its subject, keeps its first link, and password sign-in can be turned off', async () => {
      const store = await setup();
      const { staffUsers } = store.repos;
      const ann = await createUser(store, 'ann@example.org');
      const bob = await createUser(store, 'bob@example.org');
      expect(await staffUsers.linkOidcSubject(ann.id, 'sub-ann', 2000)).toBe(true);
      expect(await staffUsers.linkOidcSubject(ann.id, 'sub-other', 3000)).toBe(false);
      expect(await staffUsers.get(ann.id)).toMatchObject({ oidcSubject: 'sub-ann', updatedAt: 2000 });
      expect((await staffUsers.findByOidcSubject('sub-ann'))?.id).toBe(ann.id);
      expect(await staffUsers.findByOidcSubject('sub-other')).toBeUndefined();
      expect(await staffUsers.linkOidcSubject(bob.id, 'sub-ann', 4000)).toBe(false);
      await staffUsers.setPasswordLogin(bob.id, false, 5000);
      expect(await staffUsers.get(bob.id)).toMatchObject({ passwordLogin: false, oidcSubject: null, updatedAt: 5000 });
      await staffUsers.setPasswordLogin(bob.id, true, 6000);
      expect((await staffUsers.get(bob.id))?.passwordLogin).toBe(true);
    });

    test('when an email is taken in another case, then create returns undefined and nothing is added', async () => {
      const store = await setup();
      await createUser(store, 'ann@example.org');

      expect(
        await store.repos.staffUsers.create({ email: 'ANN@EXAMPLE.ORG', name: 'Other', role: 'admin', passwordHash: 'h', at: 2000 }),
      ).toBeUndefined();
      expect(await store.repos.staffUsers.count()).toBe(1);
    });

    test('when users are listed, then active ones come first, each group by name ignoring case, then by id', async () => {
      const store = await setup();
      const { staffUsers } = store.repos;
      const zed = await createUser(store, 'z@x', 'zed');
      const bob = await createUser(store, 'b@x', 'Bob');
      const amy = await createUser(store, 'a@x', 'amy');
      const bob2 = await createUser(store, 'b2@x', 'bob');
      const old = await createUser(store, 'o@x', 'Aaron');
      await staffUsers.setDisabled(old.id, true, 2000);

      expect((await staffUsers.list()).map((u) => u.id)).toEqual([amy.id, bob.id, bob2.id, zed.id, old.id]);
    });

    test('when a user is updated, disabled and enabled, then only the given fields change and admins are counted while active', async () => {
      const store = await setup();
      const { staffUsers } = store.repos;
      const ann = await createUser(store, 'ann@x', 'Ann', 'admin');
      await createUser(store, 'bob@x', 'Bob', 'admin');
      expect(await staffUsers.countActiveAdmins()).toBe(2);

      await staffUsers.update(ann.id, { name: 'Ann B' }, 2000);
      expect(await staffUsers.get(ann.id)).toMatchObject({ name: 'Ann B', role: 'admin', updatedAt: 2000 });
      await staffUsers.update(ann.id, { role: 'clinician' }, 3000);
      expect(await staffUsers.get(ann.id)).toMatchObject({ name: 'Ann B', role: 'clinician', updatedAt: 3000 });
      await staffUsers.update(9999, { name: 'nobody' }, 3000);
      expect(await staffUsers.countActiveAdmins()).toBe(1);

      await staffUsers.update(ann.id, { role: 'admin' }, 3500);
      await staffUsers.setDisabled(ann.id, true, 4000);
      expect(await staffUsers.get(ann.id)).toMatchObject({ disabledAt: 4000, updatedAt: 4000 });
      expect(await staffUsers.countActiveAdmins()).toBe(1);
      await staffUsers.setDisabled(ann.id, false, 5000);
      expect(await staffUsers.get(ann.id)).toMatchObject({ disabledAt: null, updatedAt: 5000 });
      expect(await staffUsers.countActiveAdmins()).toBe(2);
      expect(await staffUsers.count()).toBe(2);
    });

    test('when logins fail, then they are counted, the account locks at the limit, and a login, unlock or new password clears it', async () => {
      const store = await setup();
      const { staffUsers } = store.repos;
      const ann = await createUser(store, 'ann@x');

      expect(await staffUsers.recordFailure(ann.id, 1000, 3, 60_000)).toEqual({ failedLogins: 1, lockedUntil: null });
      expect(await staffUsers.recordFailure(ann.id, 1100, 3, 60_000)).toEqual({ failedLogins: 2, lockedUntil: null });
      expect(await staffUsers.recordFailure(ann.id, 1200, 3, 60_000)).toEqual({ failedLogins: 3, lockedUntil: 61_200 });
      expect(await staffUsers.get(ann.id)).toMatchObject({ failedLogins: 0, lockedUntil: 61_200 });
      expect(await staffUsers.recordFailure(ann.id, 1300, 3, 60_000)).toEqual({ failedLogins: 1, lockedUntil: null });
      expect(await staffUsers.get(ann.id)).toMatchObject({ failedLogins: 1, lockedUntil: 61_200 });

      await staffUsers.unlock(ann.id, 2000);
      expect(await staffUsers.get(ann.id)).toMatchObject({ failedLogins: 0, lockedUntil: null, updatedAt: 2000 });

      await staffUsers.recordFailure(ann.id, 3000, 1, 1000);
      await staffUsers.recordLogin(ann.id, 3500);
      expect(await staffUsers.get(ann.id)).toMatchObject({ failedLogins: 0, lockedUntil: null, lastLoginAt: 3500, updatedAt: 2000 });

      await staffUsers.recordFailure(ann.id, 4000, 1, 1000);
      await staffUsers.setPassword(ann.id, 'new-hash', 4500);
      expect(await staffUsers.get(ann.id)).toMatchObject({ failedLogins: 0, lockedUntil: null, passwordChangedAt: 4500, updatedAt: 4500 });
      expect(await staffUsers.passwordHash(ann.id)).toBe('new-hash');
    });

    test('when failures arrive at once, then each is counted', async () => {
      const store = await setup();
      const ann = await createUser(store, 'ann@x');

      await Promise.all(Array.from({ length: 5 }, (_, i) => store.repos.staffUsers.recordFailure(ann.id, 1000 + i, 10, 60_000)));

      expect(await store.repos.staffUsers.get(ann.id)).toMatchObject({ failedLogins: 5 });
    });
  });

  describe('staff sessions', () => {
    const createSession = (store: ContractStore<Repos>, userId: number, tokenHash: string, at = 1000) =>
      store.repos.staffSessions.create({
        tokenHash,
        userId,
        csrfToken: `csrf-${tokenHash}`,
        at,
        expiresAt: at + 3_600_000,
        ip: '10.0.0.1',
      });

    test('when a session is created, then it reads back by id and by hash until it is revoked', async () => {
      const store = await setup();
      const { staffSessions } = store.repos;
      const ann = await createUser(store, 'ann@x');

      const session = await createSession(store, ann.id, 'h1');
      const noIp = await staffSessions.create({
        tokenHash: 'h2',
        userId: ann.id,
        csrfToken: 'c',
        at: 1000,
        expiresAt: 2000,
        ip: undefined,
      });

      expect(session).toEqual({
        id: expect.any(Number),
        userId: ann.id,
        csrfToken: 'csrf-h1',
        createdAt: 1000,
        lastSeenAt: 1000,
        expiresAt: 3_601_000,
        ip: '10.0.0.1',
      });
      expect(noIp.ip).toBeNull();
      expect(await staffSessions.get(session.id)).toEqual(session);
      expect(await staffSessions.findByHash('h1')).toEqual(session);
      expect(await staffSessions.findByHash('nope')).toBeUndefined();

      await staffSessions.touch(session.id, 5000);
      expect(await staffSessions.get(session.id)).toEqual({ ...session, lastSeenAt: 5000 });

      await staffSessions.revoke(session.id, 6000);
      await staffSessions.revoke(session.id, 7000);
      expect(await staffSessions.get(session.id)).toBeUndefined();
      expect(await staffSessions.findByHash('h1')).toBeUndefined();
      expect(await store.rows('SELECT revoked_at FROM staff_sessions WHERE id = ?', [session.id])).toEqual([{ revoked_at: 6000 }]);
    });

    test('when a token hash is used twice, then the second create is refused', async () => {
      const store = await setup();
      const ann = await createUser(store, 'ann@x');
      await createSession(store, ann.id, 'h1');

      await expect(createSession(store, ann.id, 'h1')).rejects.toMatchObject({ message: expect.stringMatching(/unique/i) });
    });

    test('when a user is signed out elsewhere or everywhere, then the counts are of sessions revoked just then, other users untouched', async () => {
      const store = await setup();
      const { staffSessions } = store.repos;
      const ann = await createUser(store, 'ann@x');
      const bob = await createUser(store, 'bob@x');
      const keep = await createSession(store, ann.id, 'a1');
      const other = await createSession(store, ann.id, 'a2');
      await createSession(store, ann.id, 'a3');
      const bobs = await createSession(store, bob.id, 'b1');
      await staffSessions.revoke(other.id, 1500);

      expect(await staffSessions.revokeOthers(ann.id, keep.id, 2000)).toBe(1);
      expect(await staffSessions.revokeOthers(ann.id, keep.id, 2100)).toBe(0);
      expect(await staffSessions.get(keep.id)).toEqual(keep);
      expect(await staffSessions.revokeAllForUser(ann.id, 3000)).toBe(1);
      expect(await staffSessions.revokeAllForUser(ann.id, 3100)).toBe(0);
      expect(await staffSessions.get(keep.id)).toBeUndefined();
      expect(await staffSessions.get(bobs.id)).toEqual(bobs);
    });
  });

  describe('API tokens', () => {
    const createToken = (store: ContractStore<Repos>, userId: number, tokenHash: string, expiresAt: number | null = null, at = 1000) =>
      store.repos.apiTokens.create({ userId, name: `token ${tokenHash}`, tokenHash, prefix: tokenHash.slice(0, 4), at, expiresAt });

    test('when a token is created, then it is found by hash while neither revoked nor expired', async () => {
      const store = await setup();
      const { apiTokens } = store.repos;
      const ann = await createUser(store, 'ann@x');

      const forever = await createToken(store, ann.id, 'fd_forever');
      const expiring = await createToken(store, ann.id, 'fd_expiring', 5000);

      expect(forever).toEqual({
        id: expect.any(Number),
        userId: ann.id,
        name: 'token fd_forever',
        prefix: 'fd_f',
        createdAt: 1000,
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: null,
      });
      expect(await apiTokens.get(forever.id)).toEqual(forever);
      expect(await apiTokens.get(9999)).toBeUndefined();
      expect(await apiTokens.findActiveByHash('fd_forever', 10_000_000)).toEqual(forever);
      expect(await apiTokens.findActiveByHash('fd_expiring', 4999)).toEqual(expiring);
      expect(await apiTokens.findActiveByHash('fd_expiring', 5000)).toBeUndefined();
      expect(await apiTokens.findActiveByHash('unknown', 0)).toBeUndefined();

      expect(await apiTokens.revoke(forever.id, 2000)).toBe(true);
      expect(await apiTokens.revoke(forever.id, 3000)).toBe(false);
      expect(await apiTokens.findActiveByHash('fd_forever', 2000)).toBeUndefined();
      expect(await apiTokens.get(forever.id)).toEqual({ ...forever, revokedAt: 2000 });
    });

    test('when a token is used, then its use is recorded at most once a minute', async () => {
      const store = await setup();
      const { apiTokens } = store.repos;
      const ann = await createUser(store, 'ann@x');
      const token = await createToken(store, ann.id, 'fd_t');

      await apiTokens.touch(token.id, 100_000);
      await apiTokens.touch(token.id, 159_999);
      expect((await apiTokens.get(token.id))?.lastUsedAt).toBe(100_000);
      await apiTokens.touch(token.id, 160_001);
      expect((await apiTokens.get(token.id))?.lastUsedAt).toBe(160_001);
    });

    test("when a user's tokens are listed and revoked, then the newest comes first and only the active ones are counted", async () => {
      const store = await setup();
      const { apiTokens } = store.repos;
      const ann = await createUser(store, 'ann@x');
      const bob = await createUser(store, 'bob@x');
      const first = await createToken(store, ann.id, 'fd_1');
      const second = await createToken(store, ann.id, 'fd_2');
      const third = await createToken(store, ann.id, 'fd_3');
      const bobs = await createToken(store, bob.id, 'fd_b');
      await apiTokens.revoke(second.id, 1500);

      expect((await apiTokens.listForUser(ann.id)).map((t) => t.id)).toEqual([third.id, second.id, first.id]);
      expect(await apiTokens.revokeAllForUser(ann.id, 2000)).toBe(2);
      expect(await apiTokens.revokeAllForUser(ann.id, 2100)).toBe(0);
      expect((await apiTokens.listForUser(ann.id)).map((t) => t.revokedAt)).toEqual([2000, 1500, 2000]);
      expect(await apiTokens.get(bobs.id)).toEqual(bobs);
      expect(await apiTokens.listForUser(9999)).toEqual([]);
    });

    test('when a token hash is used twice, then the second create is refused', async () => {
      const store = await setup();
      const ann = await createUser(store, 'ann@x');
      await createToken(store, ann.id, 'fd_1');

      await expect(createToken(store, ann.id, 'fd_1')).rejects.toMatchObject({ message: expect.stringMatching(/unique/i) });
    });
  });
});
