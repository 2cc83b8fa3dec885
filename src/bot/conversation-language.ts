import type { Conversation } from '../conversation/conversation-repo';
import { detectLanguage, foldSpanish } from '../triage/spanish';
import type { Language } from '../triage/types';

/** The patient asks for a language: "English please", "en español", "no hablo inglés". */
export function requestedLanguage(text: string): Language | undefined {
  const t = foldSpanish(text);
  const words = t.split(' ').filter((w) => w.length > 0);
  if (words.length === 0 || words.length > 7) return undefined;
  const english = /\b(english|ingles|engl?ish)\b/.test(t);
  const spanish = /\b(spanish|espanol|castellano)\b/.test(t);
  if (english && !spanish) return /\b(no hablo|no entiendo|dont speak|don t speak|do not speak|no english)\b/.test(t) ? 'es' : 'en';
  if (spanish && !english) return /\b(no hablo|dont speak|don t speak|do not speak|no spanish)\b/.test(t) ? 'en' : 'es';
  return undefined;
}

export interface LanguageStep {
  /** The language to write this turn's replies in. */
  language: Language;
  /** What to store when it changed (undefined: nothing to write). */
  store?: { language: Language; chosen: boolean };
  /** The message only asked for the language. */
  requested: boolean;
}

/**
 * The conversation's language after this message. A request from the patient sets it and holds
 * until the next request. Otherwise the first message whose language is clear sets it, and it
 * stays through messages that do not say (a name, "ok", "911"): sticky. A clearly Spanish message
 * in an English conversation turns it Spanish, so no Spanish message gets an English-only reply;
 * a Spanish conversation stays Spanish until the patient asks for English (every Spanish reply
 * that introduces the bot says how).
 */
export function nextLanguage(conversation: Pick<Conversation, 'language' | 'languageChosen'>, text: string): LanguageStep {
  const current = conversation.language;
  const asked = requestedLanguage(text);
  if (asked !== undefined) {
    const changed = asked !== current || !conversation.languageChosen;
    return { language: asked, requested: true, ...(changed ? { store: { language: asked, chosen: true } } : {}) };
  }
  if (conversation.languageChosen && current !== null) return { language: current, requested: false };
  const detected = detectLanguage(text);
  if (current === null) {
    return detected === undefined
      ? { language: 'en', requested: false }
      : { language: detected, requested: false, store: { language: detected, chosen: false } };
  }
  if (current === 'en' && detected === 'es') return { language: 'es', requested: false, store: { language: 'es', chosen: false } };
  return { language: current, requested: false };
}
