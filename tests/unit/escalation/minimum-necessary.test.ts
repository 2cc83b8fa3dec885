import { CLINICAL_MESSAGE_PLACEHOLDER, maySearch, messageKind, noteKind, shownText } from '../../../src/escalation/minimum-necessary';
import { patientAlias } from '../../../src/escalation/patient-name';

describe('Minimum necessary rule', () => {
  test.each([
    ['patient', 'clinical', 'clinical'],
    ['patient', 'emergency', 'clinical'],
    ['patient', null, 'clinical'],
    ['patient', 'request', 'administrative'],
    ['patient', 'human', 'administrative'],
    ['patient', 'answer', 'administrative'],
    ['patient', 'fallback', 'administrative'],
    ['staff', 'clinical', 'clinical'],
    ['staff', null, 'clinical'],
    ['staff', 'request', 'administrative'],
    ['bot', null, 'administrative'],
    ['bot', 'emergency', 'administrative'],
  ] as const)('when a %s message has route %s, then it is %s', (author, route, kind) => {
    expect(messageKind({ author, route })).toBe(kind);
  });

  test('when an agent reads clinical content, then the placeholder replaces it; other roles read the text', () => {
    expect(shownText('agent', 'clinical', 'HIV positive')).toEqual({ text: CLINICAL_MESSAGE_PLACEHOLDER, withheld: true });
    expect(shownText('agent', 'administrative', 'book me in')).toEqual({ text: 'book me in', withheld: false });
    for (const role of ['clinician', 'admin', 'service'] as const)
      expect(shownText(role, 'clinical', 'HIV positive')).toEqual({ text: 'HIV positive', withheld: false });
    expect(noteKind({ clinical: true })).toBe('clinical');
    expect(maySearch('agent', 'clinical')).toBe(false);
    expect(maySearch('clinician', 'clinical')).toBe(true);
  });

  test('when aliases are made for the first 65,536 contacts, then no two are the same', () => {
    const aliases = new Set(Array.from({ length: 65_536 }, (_, i) => patientAlias(i + 1)));
    expect(aliases.size).toBe(65_536);
    expect(patientAlias(1)).toMatch(/^Patient [0-9A-F]{4}$/);
  });
});
