import { DEFAULT_INTENTS_DIR, loadIntentDefinitions } from '../triage/intent-data';

export interface FaqAnswer {
  intent: string;
  /** Short (at most 20 characters): fits a Messenger quick-reply button. */
  title: string;
  text: string;
  /** Other intents worth offering next. */
  related: string[];
}

export interface KnowledgeBase {
  answer(intent: string): FaqAnswer | undefined;
  topics(): Array<{ intent: string; title: string }>;
}

/**
 * The practice's answers, read from the same intents/*.yaml files the classifier trains on:
 * every `answer`-route intent carries its reply. Only administrative content lives there;
 * a clinical intent never has an answer, so it can never be answered from here.
 */
export function loadKnowledgeBase(intentsDir: string = DEFAULT_INTENTS_DIR): KnowledgeBase {
  const answers = new Map<string, FaqAnswer>();
  for (const def of loadIntentDefinitions(intentsDir)) {
    if (def.route !== 'answer' || def.answer === undefined || def.title === undefined) continue;
    answers.set(def.intent, { intent: def.intent, title: def.title, text: def.answer, related: [...def.related] });
  }
  for (const entry of answers.values()) {
    entry.related = entry.related.filter((intent) => intent !== entry.intent);
  }
  const topics = [...answers.values()].filter((a) => a.intent.startsWith('faq/')).map(({ intent, title }) => ({ intent, title }));
  return {
    answer: (intent) => {
      const found = answers.get(intent);
      return found ? { ...found, related: [...found.related] } : undefined;
    },
    topics: () => topics.map((t) => ({ ...t })),
  };
}
