import { memoryRateWindows, type RateWindow, type RateWindows } from '../../platform/http/rate-windows';

export interface LoginThrottleOptions {
  /** Failures of one account from one address that lock that account for that address. */
  maxFailures: number;
  lockoutMs: number;
  /** Failures from one address, across accounts, that stop new guesses from it. */
  addressCeiling: number;
  windowMs: number;
}

/** Why a sign-in is refused before its password is checked, and until when. */
export type LoginBlock = { scope: 'account' | 'address'; until: number };

/** A success from an address is trusted this long: long enough for a holiday, short enough to forget old networks. */
const TRUSTED_MS = 30 * 24 * 3_600_000;

/**
 * Brakes on password guessing that a stranger cannot turn against staff. Failures count per
 * account *and* address: an account locks only for the address that failed, so someone else's
 * guesses never lock a nurse out of her own desk. A much higher ceiling per address alone stops
 * spraying guesses across accounts, but never blocks an account that has signed in successfully
 * from that address (the office's NAT). Email addresses without an account lock like real ones, so
 * a locked response reveals nothing. The much higher total that locks an account everywhere is
 * counted with the account in the store. The counts live in the store's rate windows, so every
 * instance behind a load balancer applies the same locks.
 */
export class LoginThrottle {
  private readonly failures: RateWindow;
  private readonly locks: RateWindow;
  private readonly byAddress: RateWindow;
  /** Account-and-address pairs that signed in successfully, with when. */
  private readonly trusted: RateWindow;

  constructor(
    private readonly options: LoginThrottleOptions,
    windows: RateWindows = memoryRateWindows(),
  ) {
    this.failures = windows.window('login-failures', options.maxFailures, options.lockoutMs);
    this.locks = windows.window('login-locks', 1, options.lockoutMs);
    this.byAddress = windows.window('login-address', options.addressCeiling, options.windowMs);
    this.trusted = windows.window('login-trusted', 1, TRUSTED_MS);
  }

  /** Whether this email may be tried from this address now. */
  async blocked(email: string, ip: string, at: number): Promise<LoginBlock | undefined> {
    const key = pairKey(email, ip);
    const locked = await this.locks.blockedUntil(key, at);
    if (locked !== undefined) return { scope: 'account', until: locked };
    const address = await this.byAddress.blockedUntil(ip, at);
    if (address !== undefined && (await this.trusted.blockedUntil(key, at)) === undefined) return { scope: 'address', until: address };
    return undefined;
  }

  /** Counts a failure; returns the lock time when it locked this account for this address. */
  async recordFailure(email: string, ip: string, at: number): Promise<number | undefined> {
    await this.byAddress.record(ip, at);
    const key = pairKey(email, ip);
    await this.failures.record(key, at);
    if ((await this.failures.blockedUntil(key, at)) === undefined) return undefined;
    await this.failures.forget(key);
    await this.locks.record(key, at);
    return at + this.options.lockoutMs;
  }

  /** A right password: this account is trusted from this address, and its failures there are forgotten. */
  async recordSuccess(email: string, ip: string, at: number): Promise<void> {
    const key = pairKey(email, ip);
    await this.failures.forget(key);
    await this.trusted.record(key, at);
  }

  /** An admin unlocked the account: its locks for every address end. */
  async unlock(email: string): Promise<void> {
    await this.locks.forget(email);
    await this.failures.forget(email);
  }
}

function pairKey(email: string, ip: string): string {
  return `${email}\u0000${ip}`;
}

/** The total of failures, from any address, that locks an account everywhere (an admin is told). */
export function accountCeiling(maxFailures: number): number {
  return Math.max(50, maxFailures * 10);
}

export function loginThrottle(config: { loginMaxFailures: number; loginLockoutMs: number }, windows?: RateWindows): LoginThrottle {
  return new LoginThrottle(
    {
      maxFailures: config.loginMaxFailures,
      lockoutMs: config.loginLockoutMs,
      addressCeiling: Math.max(200, config.loginMaxFailures * 40),
      windowMs: config.loginLockoutMs,
    },
    windows,
  );
}
