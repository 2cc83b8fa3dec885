import type { BotMessage } from './patients';

/** Words and marks of Spanish that English replies do not carry. */
const SPANISH_MARKERS = /[áéíóúñ¿¡]|\b(?:de|la|el|que|su|para|por|usted|le|es|una|nuestro|nuestra|aquí|llame)\b/i;

/** The messages among `messages` with no Spanish in them: an English-only reply to a Spanish patient. */
export function englishOnly(messages: readonly BotMessage[]): string[] {
  return messages.map((m) => m.text).filter((text) => !SPANISH_MARKERS.test(text));
}
