import { LoginThrottle } from '../../../src/staff/identity/login-throttle';

const setup = () => new LoginThrottle({ maxFailures: 3, lockoutMs: 60_000, pairMaxFailures: 5, addressCeiling: 12, windowMs: 60_000 });

describe('Login throttle', () => {
  test('when one account fails more often than its cap from an address, then only that account from that address is blocked until the oldest failure leaves the window', () => {
    const throttle = setup();
    for (let i = 0; i < 5; i += 1) throttle.recordFailure('dana@example.org', '10.0.0.1', 1000 + i);
    expect(throttle.blockedUntil('dana@example.org', '10.0.0.1', 2000)).toBe(61_000);
    expect(throttle.blockedUntil('admin@example.org', '10.0.0.1', 2000)).toBeUndefined();
    expect(throttle.blockedUntil('dana@example.org', '10.0.0.2', 2000)).toBeUndefined();
    expect(throttle.blockedUntil('dana@example.org', '10.0.0.1', 61_001)).toBeUndefined();
  });

  test('when an address sprays guesses across many accounts, then the high per-address ceiling stops it', () => {
    const throttle = setup();
    for (let i = 0; i < 12; i += 1) throttle.recordFailure(`user${i}@example.org`, '10.0.0.9', 1000 + i);
    expect(throttle.blockedUntil('admin@example.org', '10.0.0.9', 2000)).toBe(61_000);
    expect(throttle.blockedUntil('admin@example.org', '10.0.0.8', 2000)).toBeUndefined();
  });

  test('when an email without an account fails repeatedly, then it locks like a real account would', () => {
    const throttle = setup();
    expect(throttle.recordUnknownEmailFailure('nobody@example.org', 0)).toBeUndefined();
    expect(throttle.recordUnknownEmailFailure('nobody@example.org', 1)).toBeUndefined();
    expect(throttle.recordUnknownEmailFailure('nobody@example.org', 2)).toBe(60_002);
    expect(throttle.unknownEmailLockedUntil('nobody@example.org', 30_000)).toBe(60_002);
    expect(throttle.unknownEmailLockedUntil('nobody@example.org', 60_003)).toBeUndefined();
  });
});
