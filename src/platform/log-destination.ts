import type { Writable } from 'node:stream';

/** What a reader that stopped reading may cost: past this many unwritten bytes, new lines are dropped. */
const MAX_PENDING_BYTES = 8 * 1024 * 1024;

export interface LogDestination {
  write(line: string): void;
  /** Calls back once every line accepted so far is written, or at once when writing has stopped for good. */
  flush(cb: () => void): void;
}

/**
 * Where JSON log lines go (stdout unless told). Logging must never stop the server or its exit:
 * stdout writes a pipe without blocking and holds what its reader has not taken yet, so a reader
 * that stopped reading costs at most MAX_PENDING_BYTES (later lines are dropped), and a reader that
 * went away (EPIPE) or any other write error ends logging instead of raising. Nothing is written
 * synchronously at exit: pino's own destination does that, and the write blocks on a full pipe and
 * retries forever on a closed one.
 */
export function logDestination(stream: Writable = process.stdout): LogDestination {
  let stopped = false;
  stream.on('error', () => {
    stopped = true;
  });
  return {
    write(line) {
      if (stopped || stream.writableLength > MAX_PENDING_BYTES) return;
      stream.write(line);
    },
    flush(cb) {
      if (stopped || stream.writableLength === 0) {
        cb();
        return;
      }
      // Writes complete in order: this one's callback means every earlier line is out (or failed).
      stream.write('', () => cb());
    },
  };
}
