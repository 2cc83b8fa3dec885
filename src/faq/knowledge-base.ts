import { DEFAULT_INTENTS_DIR, loadIntentDefinitions } from '../triage/intent-data';
import type { Language } from '../triage/types';

export interface FaqAnswer {
  intent: string;
  /** Short (at most 20 characters): fits a Messenger quick-reply button. */
  title: string;
  text: string;
  /** Other intents worth offering next. */
  related: string[];
}

export interface KnowledgeBase {
  /** The answer in `language` (default English); undefined when the practice has not written it in that language. */
  answer(intent: string, language?: Language): FaqAnswer | undefined;
  topics(language?: Language): Array<{ intent: string; title: string }>;
}

/**
 * The practice's answers, read from the same intents/*.yaml files the classifier trains on:
 * every `answer`-route intent carries its reply, and its Spanish reply when `answer_es` is given.
 * Only administrative content lives there; a clinical intent never has an answer, so it can never
 * be answered from here. A missing translation is no answer: never English in its place.
 */
export function loadKnowledgeBase(intentsDir: string = DEFAULT_INTENTS_DIR): KnowledgeBase {
  const answers: Record<Language, Map<string, FaqAnswer>> = { en: new Map(), es: new Map() };
  for (const def of loadIntentDefinitions(intentsDir)) {
    if (def.route !== 'answer' || def.answer === undefined || def.title === undefined) continue;
    const related = def.related.filter((intent) => intent !== def.intent);
    answers.en.set(def.intent, { intent: def.intent, title: def.title, text: def.answer, related });
    if (def.spanishAnswer !== undefined && def.spanishTitle !== undefined) {
      answers.es.set(def.intent, { intent: def.intent, title: def.spanishTitle, text: def.spanishAnswer, related });
    }
  }
  return {
    answer: (intent, language = 'en') => {
      const found = answers[language].get(intent);
      return found ? { ...found, related: [...found.related] } : undefined;
    },
    topics: (language = 'en') =>
      [...answers[language].values()].filter((a) => a.intent.startsWith('faq/')).map(({ intent, title }) => ({ intent, title })),
  };
}
