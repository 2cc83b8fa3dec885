import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Patient text, names and platform ids are never logged at info level: log our own
 * record ids and intent names instead. `redact` is a second line of defence for fields that must not leak.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['text', '*.text', 'authorization', '*.authorization', 'headers.authorization', 'accessToken', '*.accessToken'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination(1),
  );
}
