import { AppError } from '../platform/errors';

/**
 * The database file cannot be opened or written: a setting or the file system to fix (path, owner,
 * permissions), not a fault that goes away by starting again. `code` is `database_unwritable` when
 * the file opens but cannot be written, `database_unopenable` when it cannot be opened or created.
 */
export class StoreOpenError extends AppError {
  constructor(
    code: 'database_unwritable' | 'database_unopenable',
    readonly file: string,
    readonly reason: string,
  ) {
    const hint =
      code === 'database_unwritable'
        ? "check the file's owner and permissions, and its folder's (SQLite writes -wal and -shm files beside it)"
        : 'check that DATABASE_PATH names a file in a folder the server may create and write';
    super(code, `cannot ${code === 'database_unwritable' ? 'write' : 'open'} the database ${file}: ${reason} — ${hint}`);
    this.name = 'StoreOpenError';
  }
}
