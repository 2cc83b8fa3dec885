import { nextLanguage, requestedLanguage } from '../../../src/bot/conversation-language';

const conversation = (language: 'en' | 'es' | null, languageChosen = false) => ({ language, languageChosen });

describe('the conversation language', () => {
  it.each([
    ['English please', 'en'],
    ['in english', 'en'],
    ['¿hablan inglés?', 'en'],
    ['en español por favor', 'es'],
    ['Spanish please', 'es'],
    ['no hablo inglés', 'es'],
    ['I do not speak Spanish', 'en'],
  ])('when the patient writes "%s", then they ask for %s', (text, language) => {
    expect(requestedLanguage(text)).toBe(language);
  });

  it.each(['my english teacher said I should get a flu shot before the school trip next month', 'hola', 'ok'])(
    'when "%s" is written, then it is no request for a language',
    (text) => {
      expect(requestedLanguage(text)).toBeUndefined();
    },
  );

  it('when the first clear message is Spanish, then the conversation becomes Spanish, detected', () => {
    expect(nextLanguage(conversation(null), '¿a qué hora abren?')).toEqual({
      language: 'es',
      requested: false,
      store: { language: 'es', chosen: false },
    });
  });

  it('when a message does not say its language (a name, "ok", "911"), then the conversation keeps its own: sticky', () => {
    for (const text of ['María López', 'ok', '911', 'CVS']) {
      expect(nextLanguage(conversation('es'), text)).toEqual({ language: 'es', requested: false });
    }
    expect(nextLanguage(conversation(null), 'María López')).toEqual({ language: 'en', requested: false });
  });

  it('when an English conversation gets a clearly Spanish message, then it turns Spanish; a Spanish one stays Spanish through English', () => {
    expect(nextLanguage(conversation('en'), 'necesito una cita para mi hija')).toMatchObject({ language: 'es', store: { language: 'es' } });
    expect(nextLanguage(conversation('es'), 'can i book an appointment for next week')).toEqual({ language: 'es', requested: false });
  });

  it('when the patient chose a language, then only another request changes it', () => {
    expect(nextLanguage(conversation('en', true), '¿dónde están ubicados?')).toEqual({ language: 'en', requested: false });
    expect(nextLanguage(conversation('en', true), 'en español')).toEqual({
      language: 'es',
      requested: true,
      store: { language: 'es', chosen: true },
    });
  });
});
