import { hashPassword, lowerHashCostForTests, passwordProblem, verifyPassword } from '../../../src/staff/identity/passwords';

describe('Password hashing', () => {
  test('when a password is hashed, then it is stored as scrypt with its own salt and verifies', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
  });

  test('when the password is wrong or the stored value malformed, then verification fails without throwing', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('anything', 'plaintext')).toBe(false);
    expect(await verifyPassword('anything', '')).toBe(false);
  });

  test('when a new password is short or repetitive, then the policy says why', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('aaaaaaaaaaaaaaaa')).toMatch(/repetitive/);
    expect(passwordProblem('correct horse battery staple')).toBeUndefined();
  });

  test('when a lower cost is asked for outside the test runner or below the floor, then it is refused and hashes keep full cost', async () => {
    const worker = process.env.JEST_WORKER_ID;
    delete process.env.JEST_WORKER_ID;
    try {
      expect(() => lowerHashCostForTests()).toThrow(/test runner only/);
    } finally {
      if (worker !== undefined) process.env.JEST_WORKER_ID = worker;
    }
    expect(() => lowerHashCostForTests(8)).toThrow(/from 10 to 15/);
    expect(await hashPassword('correct horse battery staple')).toMatch(/^scrypt\$15\$/);
  });

  test('when the test runner lowers the cost, then new hashes record it and still verify', async () => {
    lowerHashCostForTests(10);
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$10\$8\$1\$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    lowerHashCostForTests(15);
  });
});
