import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';
import { isBreak } from './normalize-text';

/** Words of a normalised text (see normalize-text.ts), without the clause markers. */
export function words(normalized: string): string[] {
  return normalized.split(' ').filter((w) => w.length > 0 && !isBreak(w));
}

const stemCache = new Map<string, string>();

export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    // Porter is made for content words: it turns "his" into "hi" and "was" into "wa".
    stemmed = /^\d/.test(word) ? '#num' : word.length <= 3 ? word : PorterStemmer.stem(word);
    if (stemCache.size < 50_000) stemCache.set(word, stemmed);
  }
  return stemmed;
}

/**
 * Classifier features of a normalised text: stems, plus stem bigrams within a clause
 * ("side effect", "chest pain" carry more than their words). Duplicates removed.
 */
export function features(normalized: string): string[] {
  const out = new Set<string>();
  let previous: string | undefined;
  for (const word of normalized.split(' ')) {
    if (word.length === 0) continue;
    if (isBreak(word)) {
      previous = undefined;
      continue;
    }
    const s = stem(word);
    out.add(s);
    if (previous !== undefined) out.add(`${previous}_${s}`);
    previous = s;
  }
  return [...out];
}

const FUNCTION_WORDS = new Set(
  `i me my mine myself you your yours we us our they them their he she his her him it its the a an
  to of for in on at by with from about into over after before up down out off than then so and or
  but if as is are am was were be been being can could do does did done will would shall should
  may might must have has had having what when where how why who whom which whose this that these
  those there here just some any all much many more most very too also not no yes okay please
  need want like get got go going let tell know make find look give take put see say said way
  thing things something anything someone anyone one there is again still now today really well
  ai bot robot assistant chatbot friend buddy pal dude guys folks everyone siri alexa
  de del la las el los un una unos unas y o que en es son por para con sin se lo le les mi mis tu tus
  su sus yo usted ustedes nosotros al como pero si ya muy mas este esta estos estas ese esa eso hay
  tengo tiene tienen quiero quisiera necesito puedo puede pueden me te nos favor hola buenos buenas`
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map(stem),
);

/** A unigram that carries meaning: not a function word, a number or a bigram. */
export function isContentFeature(feature: string): boolean {
  return !feature.includes('_') && feature !== '#num' && !FUNCTION_WORDS.has(feature);
}
