import { AppError } from '../../platform/errors';

/**
 * What can go wrong with the PostgreSQL store, by stable code. Messages name the server as
 * host:port/database and never carry the password.
 */
export type PostgresErrorCode =
  | 'postgres_unreachable'
  | 'postgres_integer_out_of_range'
  | 'postgres_migration_lock_timeout'
  | 'postgres_migration_failed'
  | 'postgres_backup_external';

export class PostgresError extends AppError {
  constructor(
    override readonly code: PostgresErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, 503);
    this.name = 'PostgresError';
    if (options && 'cause' in options) this.cause = options.cause;
  }
}
