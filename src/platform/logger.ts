import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { logDestination } from './log-destination';

export type { Logger };

export type LogFormat = 'auto' | 'json' | 'pretty';

/** `auto` is human-readable on a terminal outside production (NODE_ENV=production), JSON otherwise. */
export function resolveLogFormat(
  format: LogFormat,
  stream: { isTTY?: boolean } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return stream.isTTY === true && env.NODE_ENV !== 'production' ? 'pretty' : 'json';
}

/**
 * Structured logs. Patient text, names and platform ids are never logged at info level: log our own
 * record ids and intent names instead. `redact` is a second line of defence for fields that must not
 * leak, and applies to the pretty format too (it formats the already-redacted JSON).
 */
export function createLogger(level: string, destination?: DestinationStream, format: LogFormat = 'json'): Logger {
  const options = {
    level,
    base: undefined,
    redact: {
      paths: ['text', '*.text', 'authorization', '*.authorization', 'headers.authorization', 'accessToken', '*.accessToken'],
      censor: '[redacted]',
    },
  };
  if (resolveLogFormat(format) === 'pretty') {
    const colorize = destination === undefined && process.stdout.isTTY === true;
    return pino(options, pretty({ colorize, translateTime: 'SYS:HH:MM:ss.l', sync: true, ...(destination ? { destination } : {}) }));
  }
  return pino(options, destination ?? logDestination());
}
