/**
 * Our own errors: a stable `code` for machines, a message for the operator or the staff user.
 * Messages never carry a patient's text.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 500,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class ConfigError extends AppError {
  constructor(message: string) {
    super('invalid_config', message, 500);
    this.name = 'ConfigError';
  }
}

/** Why the database cannot take a write right now. */
export type StoreUnavailableCode = 'database_busy' | 'database_full';

/**
 * The database could not take the work in time: a lock held elsewhere outlasted the wait, or the
 * disk is full. Nothing of the refused work was written. HTTP callers answer 503 with Retry-After,
 * so a platform redelivers and a console tries again; background workers pause and try again.
 */
export class StoreUnavailableError extends AppError {
  constructor(
    code: StoreUnavailableCode,
    readonly retryAfterSeconds = code === 'database_full' ? 30 : 2,
  ) {
    super(
      code,
      code === 'database_full'
        ? 'The database cannot write: the disk is full. Nothing was saved; try again once space is freed.'
        : 'The database is busy (locked by another process). Nothing was saved; try again in a moment.',
      503,
    );
    this.name = 'StoreUnavailableError';
  }
}

/** True for a StoreUnavailableError (of any code, or of `code`). */
export function isStoreUnavailable(err: unknown, code?: StoreUnavailableCode): err is StoreUnavailableError {
  return err instanceof StoreUnavailableError && (code === undefined || err.code === code);
}
