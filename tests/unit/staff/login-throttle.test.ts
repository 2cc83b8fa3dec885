import { LoginThrottle } from '../../../src/staff/identity/login-throttle';

const setup = () => new LoginThrottle({ maxFailures: 3, lockoutMs: 60_000, ipMaxFailures: 5, ipWindowMs: 60_000 });

describe('Login throttle', () => {
  test('when an address fails more often than its cap, then it is blocked until the oldest failure leaves the window', () => {
    const throttle = setup();
    for (let i = 0; i < 5; i += 1) throttle.recordIpFailure('10.0.0.1', 1000 + i);
    expect(throttle.ipBlockedUntil('10.0.0.1', 2000)).toBe(61_000);
    expect(throttle.ipBlockedUntil('10.0.0.2', 2000)).toBeUndefined();
    expect(throttle.ipBlockedUntil('10.0.0.1', 61_001)).toBeUndefined();
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
