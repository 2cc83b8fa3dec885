import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The repository's `.cache` folder (also from `dist/`): the model, the lexicon and parsed YAML live here. */
export const CACHE_DIR = path.resolve(__dirname, '../../.cache');

/**
 * Files of derived data kept between starts (the trained model, the health lexicon, parsed YAML).
 * Losing one only costs deriving it again, so reading gives undefined for a missing or unreadable
 * file, and writing is best effort: a read-only folder is not an error. A file is written under a
 * temporary name and renamed, so a reader never sees half of it.
 */
export function readCacheFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function writeCacheFile(file: string, text: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch {
    // not writable: derive again next start
  }
}
