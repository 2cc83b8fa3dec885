import { SlidingWindow } from '../../platform/http/sliding-window';

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

const MAX_KEYS = 10_000;

/**
 * In-memory brakes on password guessing that a stranger cannot turn against staff. Failures count
 * per account *and* address: an account locks only for the address that failed, so someone else's
 * guesses never lock a nurse out of her own desk. A much higher ceiling per address alone stops
 * spraying guesses across accounts, but never blocks an account that has signed in successfully
 * from that address (the office's NAT). Email addresses without an account lock like real ones, so
 * a locked response reveals nothing. The much higher total that locks an account everywhere is
 * counted with the account in the store.
 */
export class LoginThrottle {
  private readonly pairs = new Map<string, { failures: number[]; lockedUntil: number }>();
  private readonly byAddress: SlidingWindow;
  /** Account-and-address pairs that signed in successfully, with when. */
  private readonly trusted = new Map<string, number>();

  constructor(private readonly options: LoginThrottleOptions) {
    this.byAddress = new SlidingWindow(options.addressCeiling, options.windowMs);
  }

  /** Whether this email may be tried from this address now. */
  blocked(email: string, ip: string, at: number): LoginBlock | undefined {
    const key = pairKey(email, ip);
    const pair = this.pairs.get(key);
    if (pair && pair.lockedUntil > at) return { scope: 'account', until: pair.lockedUntil };
    const address = this.byAddress.blockedUntil(ip, at);
    if (address !== undefined && !this.isTrusted(key, at)) return { scope: 'address', until: address };
    return undefined;
  }

  /** Counts a failure; returns the lock time when it locked this account for this address. */
  recordFailure(email: string, ip: string, at: number): number | undefined {
    this.byAddress.record(ip, at);
    const key = pairKey(email, ip);
    const pair = this.pairs.get(key) ?? { failures: [], lockedUntil: 0 };
    pair.failures = [...pair.failures.filter((t) => t > at - this.options.lockoutMs), at];
    let locked: number | undefined;
    if (pair.failures.length >= this.options.maxFailures) {
      pair.failures = [];
      pair.lockedUntil = at + this.options.lockoutMs;
      locked = pair.lockedUntil;
    }
    this.pairs.set(key, pair);
    if (this.pairs.size > MAX_KEYS) this.prune(at);
    return locked;
  }

  /** A right password: this account is trusted from this address, and its failures there are forgotten. */
  recordSuccess(email: string, ip: string, at: number): void {
    const key = pairKey(email, ip);
    this.pairs.delete(key);
    this.trusted.set(key, at);
    if (this.trusted.size > MAX_KEYS) {
      for (const [k, when] of this.trusted) if (!this.isTrustedAt(when, at)) this.trusted.delete(k);
      if (this.trusted.size > MAX_KEYS) this.trusted.clear();
    }
  }

  /** An admin unlocked the account: its locks for every address end. */
  unlock(email: string): void {
    const prefix = `${email}\u0000`;
    for (const key of this.pairs.keys()) if (key.startsWith(prefix)) this.pairs.delete(key);
  }

  private isTrusted(key: string, at: number): boolean {
    const when = this.trusted.get(key);
    return when !== undefined && this.isTrustedAt(when, at);
  }

  /** A success is trusted for 30 days: long enough for a holiday, short enough to forget old networks. */
  private isTrustedAt(when: number, at: number): boolean {
    return at - when < 30 * 24 * 3_600_000;
  }

  private prune(at: number): void {
    for (const [key, entry] of this.pairs) {
      if (entry.lockedUntil <= at && !entry.failures.some((t) => t > at - this.options.lockoutMs)) this.pairs.delete(key);
    }
    if (this.pairs.size > MAX_KEYS) this.pairs.clear();
  }
}

function pairKey(email: string, ip: string): string {
  return `${email}\u0000${ip}`;
}

/** The total of failures, from any address, that locks an account everywhere (an admin is told). */
export function accountCeiling(maxFailures: number): number {
  return Math.max(50, maxFailures * 10);
}

export function loginThrottle(config: { loginMaxFailures: number; loginLockoutMs: number }): LoginThrottle {
  return new LoginThrottle({
    maxFailures: config.loginMaxFailures,
    lockoutMs: config.loginLockoutMs,
    addressCeiling: Math.max(200, config.loginMaxFailures * 40),
    windowMs: config.loginLockoutMs,
  });
}
