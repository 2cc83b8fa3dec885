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
