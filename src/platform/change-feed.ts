/**
 * Tells the other instances sharing a database that something staff see has changed (a new
 * escalation, a claim, a reply), so their live queues refresh at once instead of at their next poll.
 */
export interface ChangeFeed {
  /** Something changed here; cheap to call often (signals in a burst are sent once). */
  publish(): void;
  /** `listener` runs when any instance (this one included) published a change. */
  onChange(listener: () => void): void;
  close(): Promise<void>;
}
