import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseYamlCached } from '../platform/cached-yaml';
import { normalizeText } from './normalize-text';
import { features, isContentFeature } from './tokenize';

/**
 * Crisis or depression? A naive Bayes model over the content words of posts written in distress,
 * trained on `intents/crisis-posts.yaml`. Phrase rules catch the crisis signs they name; this model
 * hears the rest of the vocabulary of a goodbye (pills in a drawer, the right moment, the last
 * shift) that no list of phrases keeps up with. It is only asked about a personal post in
 * distress, never about a question on a medicine or a symptom.
 */
export interface CrisisPosts {
  crisis: string[];
  distress: string[];
}

export const CRISIS_POSTS_FILE = 'crisis-posts.yaml';

export class CrisisModel {
  private readonly logRatio: Map<string, number>;

  private constructor(logRatio: Map<string, number>) {
    this.logRatio = logRatio;
  }

  static train(posts: CrisisPosts): CrisisModel {
    const count = (texts: readonly string[]): [Map<string, number>, number] => {
      const counts = new Map<string, number>();
      let total = 0;
      for (const text of texts) {
        for (const f of contentWords(normalizeText(text))) {
          counts.set(f, (counts.get(f) ?? 0) + 1);
          total += 1;
        }
      }
      return [counts, total];
    };
    const [crisis, crisisTotal] = count(posts.crisis);
    const [distress, distressTotal] = count(posts.distress);
    const vocabulary = new Set([...crisis.keys(), ...distress.keys()]);
    const logRatio = new Map<string, number>();
    for (const word of vocabulary) {
      // Laplace smoothing; equal priors, so the score is the evidence of the words alone
      const p = ((crisis.get(word) ?? 0) + 1) / (crisisTotal + vocabulary.size);
      const q = ((distress.get(word) ?? 0) + 1) / (distressTotal + vocabulary.size);
      logRatio.set(word, Math.log(p / q));
    }
    return new CrisisModel(logRatio);
  }

  /** Reads the posts from the intents folder; undefined when the folder has none. */
  static load(intentsDir: string): CrisisModel | undefined {
    let source: string;
    try {
      source = readFileSync(path.join(intentsDir, CRISIS_POSTS_FILE), 'utf8');
    } catch {
      return undefined;
    }
    const data = parseYamlCached(source) as Partial<CrisisPosts> | null;
    const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []);
    const posts = { crisis: strings(data?.crisis), distress: strings(data?.distress) };
    return posts.crisis.length > 0 && posts.distress.length > 0 ? CrisisModel.train(posts) : undefined;
  }

  /** Log-odds of crisis over depression from the post's words: above 0 the crisis words weigh more. */
  score(normalized: string): number {
    let score = 0;
    for (const word of contentWords(normalized)) score += this.logRatio.get(word) ?? 0;
    return score;
  }
}

function contentWords(normalized: string): Set<string> {
  return new Set(features(normalized).filter(isContentFeature));
}
