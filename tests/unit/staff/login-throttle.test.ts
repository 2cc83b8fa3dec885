import { LoginThrottle } from '../../../src/staff/identity/login-throttle';

const setup = () => new LoginThrottle({ maxFailures: 3, lockoutMs: 60_000, addressCeiling: 12, windowMs: 60_000 });

describe('Login throttle', () => {
  test('when one account fails its cap from an address, then only that account from that address is locked, for the lockout time', async () => {
    const throttle = setup();
    expect(await throttle.recordFailure('dana@example.org', '10.0.0.1', 1000)).toBeUndefined();
    expect(await throttle.recordFailure('dana@example.org', '10.0.0.1', 1001)).toBeUndefined();
    expect(await throttle.recordFailure('dana@example.org', '10.0.0.1', 1002)).toBe(61_002);
    expect(await throttle.blocked('dana@example.org', '10.0.0.1', 2000)).toEqual({ scope: 'account', until: 61_002 });
    expect(await throttle.blocked('admin@example.org', '10.0.0.1', 2000)).toBeUndefined();
    expect(await throttle.blocked('dana@example.org', '10.0.0.2', 2000)).toBeUndefined();
    expect(await throttle.blocked('dana@example.org', '10.0.0.1', 61_003)).toBeUndefined();
  });

  test('when an admin unlocks the account, then its locks for every address end', async () => {
    const throttle = setup();
    for (let i = 0; i < 3; i += 1) await throttle.recordFailure('dana@example.org', '10.0.0.1', 1000 + i);
    await throttle.unlock('dana@example.org');
    expect(await throttle.blocked('dana@example.org', '10.0.0.1', 2000)).toBeUndefined();
  });

  test('when an address sprays guesses across many accounts, then the ceiling stops new guesses but not an account that signed in from there', async () => {
    const throttle = setup();
    await throttle.recordSuccess('admin@example.org', '10.0.0.9', 500);
    for (let i = 0; i < 12; i += 1) await throttle.recordFailure(`user${i}@example.org`, '10.0.0.9', 1000 + i);
    expect(await throttle.blocked('someone@example.org', '10.0.0.9', 2000)).toEqual({ scope: 'address', until: 61_000 });
    expect(await throttle.blocked('admin@example.org', '10.0.0.9', 2000)).toBeUndefined();
    expect(await throttle.blocked('someone@example.org', '10.0.0.8', 2000)).toBeUndefined();
  });
});
