import { SlidingWindow } from '../../platform/http/sliding-window';

/**
 * In-memory brakes on password guessing that complement the per-account lockout stored with each
 * user: a cap on failed sign-ins per client address (guessing across many accounts), and the same
 * lockout for email addresses that have no account, so a locked response reveals nothing.
 */
export class LoginThrottle {
  private readonly byIp: SlidingWindow;
  private readonly unknownEmails = new Map<string, { failures: number; lockedUntil: number }>();

  constructor(
    private readonly options: { maxFailures: number; lockoutMs: number; ipMaxFailures: number; ipWindowMs: number },
  ) {
    this.byIp = new SlidingWindow(options.ipMaxFailures, options.ipWindowMs);
  }

  /** When the address may try again, if it is over its cap. */
  ipBlockedUntil(ip: string, at: number): number | undefined {
    return this.byIp.blockedUntil(ip, at);
  }

  recordIpFailure(ip: string, at: number): void {
    this.byIp.record(ip, at);
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
