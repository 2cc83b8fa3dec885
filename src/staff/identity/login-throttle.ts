import { SlidingWindow } from '../../platform/http/sliding-window';

/**
 * In-memory brakes on password guessing that complement the per-account lockout stored with each
 * user. Failed sign-ins count per account *and* client address, so one person's typos (or one
 * attacker) never lock out colleagues who share an address (an office NAT, a reverse proxy); a much
 * higher ceiling per address alone still stops spraying guesses across many accounts. Email
 * addresses without an account lock like real ones, so a locked response reveals nothing.
 */
export class LoginThrottle {
  private readonly byAccountAndAddress: SlidingWindow;
  private readonly byAddress: SlidingWindow;
  private readonly unknownEmails = new Map<string, { failures: number; lockedUntil: number }>();

  constructor(
    private readonly options: { maxFailures: number; lockoutMs: number; pairMaxFailures: number; addressCeiling: number; windowMs: number },
  ) {
    this.byAccountAndAddress = new SlidingWindow(options.pairMaxFailures, options.windowMs);
    this.byAddress = new SlidingWindow(options.addressCeiling, options.windowMs);
  }

  /** When this account may be tried again from this address, if either cap is reached. */
  blockedUntil(email: string, ip: string, at: number): number | undefined {
    return this.byAccountAndAddress.blockedUntil(pairKey(email, ip), at) ?? this.byAddress.blockedUntil(ip, at);
  }

  recordFailure(email: string, ip: string, at: number): void {
    this.byAccountAndAddress.record(pairKey(email, ip), at);
    this.byAddress.record(ip, at);
  }

  unknownEmailLockedUntil(email: string, at: number): number | undefined {
    const entry = this.unknownEmails.get(email);
    return entry && entry.lockedUntil > at ? entry.lockedUntil : undefined;
  }

  /** Returns the lock time when this failure locked the address. */
  recordUnknownEmailFailure(email: string, at: number): number | undefined {
    const entry = this.unknownEmails.get(email) ?? { failures: 0, lockedUntil: 0 };
    entry.failures += 1;
    let locked: number | undefined;
    if (entry.failures >= this.options.maxFailures) {
      entry.failures = 0;
      entry.lockedUntil = at + this.options.lockoutMs;
      locked = entry.lockedUntil;
    }
    this.unknownEmails.set(email, entry);
    if (this.unknownEmails.size > 10_000) this.prune(at);
    return locked;
  }

  private prune(at: number): void {
    for (const [email, entry] of this.unknownEmails) if (entry.lockedUntil <= at && entry.failures === 0) this.unknownEmails.delete(email);
    if (this.unknownEmails.size > 10_000) this.unknownEmails.clear();
  }
}

function pairKey(email: string, ip: string): string {
  return `${email}\u0000${ip}`;
}
