import type { Db } from './open-database';

interface Pending {
  write(): void;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Commits small writes that arrive close together (delivery results coming back from a platform)
 * in one transaction on the next turn of the event loop, instead of one commit each. Each write
 * runs in its own savepoint, so one that throws is undone alone and only its caller sees the error.
 * A caller's promise settles after the commit: what it wrote is in the store when it goes on.
 */
export class CommitBatcher {
  private pending: Pending[] = [];

  constructor(private readonly db: Db) {}

  run(write: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    const failed = new Map<Pending, unknown>();
    try {
      this.db.transaction(() => {
        for (const item of batch) {
          try {
            this.db.transaction(item.write)();
          } catch (err) {
            failed.set(item, err);
          }
        }
      })();
    } catch (err) {
      for (const item of batch) item.reject(err);
      return;
    }
    for (const item of batch) {
      if (failed.has(item)) item.reject(failed.get(item));
      else item.resolve();
    }
  }
}
