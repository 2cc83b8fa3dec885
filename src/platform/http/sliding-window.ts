/**
 * Counts events per key over a sliding window, in memory: the brake behind the chat page's and the
 * sign-in form's rate limits, and the outbox's per-channel send rate. Old keys are pruned so a flood of addresses cannot grow it unbounded.
 */
export class SlidingWindow {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** When `key` may act again, if it is at its limit; undefined when it may act now. */
  blockedUntil(key: string, at: number): number | undefined {
    const recent = this.recent(key, at);
    return recent.length < this.limit ? undefined : (recent[0] as number) + this.windowMs;
  }

  /** How many more events `key` may have now without passing the limit. */
  remaining(key: string, at: number): number {
    return Math.max(0, this.limit - this.recent(key, at).length);
  }

  record(key: string, at: number): void {
    const recent = this.recent(key, at);
    recent.push(at);
    this.events.set(key, recent);
    if (this.events.size > this.maxKeys) this.prune(at);
  }

  /** Records the event when allowed; otherwise returns when to try again and records nothing. */
  take(key: string, at: number): number | undefined {
    const blocked = this.blockedUntil(key, at);
    if (blocked === undefined) this.record(key, at);
    return blocked;
  }

  /** Forgets `prefix` and every key whose first parts (separated by U+0000) are `prefix`. */
  forget(prefix: string): void {
    for (const key of this.events.keys()) if (key === prefix || key.startsWith(`${prefix}\u0000`)) this.events.delete(key);
  }

  private recent(key: string, at: number): number[] {
    return (this.events.get(key) ?? []).filter((t) => t > at - this.windowMs);
  }

  private prune(at: number): void {
    for (const [key, times] of this.events) if (!times.some((t) => t > at - this.windowMs)) this.events.delete(key);
    if (this.events.size > this.maxKeys) this.events.clear();
  }
}
