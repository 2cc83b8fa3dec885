/**
 * npm run lexicon
 * Derives the WordNet health lexicon into the cache (also run by `npm run build`), so a server
 * starts without deriving it.
 */
import { readOrDeriveHealthLexicon } from '../triage/lexicon/load-health-lexicon';

const started = process.hrtime.bigint();
const { lexicon, source } = readOrDeriveHealthLexicon();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(
  `health lexicon ${source === 'cache' ? 'already cached' : 'derived and cached'} in ${ms.toFixed(0)} ms: ` +
    `${Object.keys(lexicon.health).length} health terms, ${lexicon.drugs.length} medicine names\n`,
);
