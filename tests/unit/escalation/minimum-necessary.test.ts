import { CLINICAL_MESSAGE_PLACEHOLDER, maySee, readableKinds, shownText } from '../../../src/escalation/minimum-necessary';
import { patientAlias } from '../../../src/escalation/patient-name';
import { kindOfRoute, mostSensitive, repeatedKind } from '../../../src/triage/content-kind';

describe('Minimum necessary rule', () => {
  test.each([
    ['clinical', 'clinical'],
    ['emergency', 'emergency'],
    [null, 'clinical'],
    ['request', 'administrative'],
    ['human', 'administrative'],
    ['answer', 'administrative'],
    ['fallback', 'administrative'],
  ] as const)('when a message has route %s, then it is %s', (route, kind) => {
    expect(kindOfRoute(route)).toBe(kind);
  });

  test('when a text repeats a patient message, then it inherits the most sensitive kind of what it repeats', () => {
    const sources = [
      { text: 'Alex  Example', kind: 'administrative' as const },
      { text: 'my hiv medication gave me a rash', kind: 'clinical' as const },
      { text: 'chest pain', kind: 'emergency' as const },
    ];
    expect(repeatedKind('Please check:\n• Name: Alex Example\n• Reason: My HIV medication  gave me a rash', sources)).toBe('clinical');
    expect(repeatedKind('• Name: Alex Example', sources)).toBe('administrative');
    expect(repeatedKind('• Reason: chest pain, my hiv medication gave me a rash', sources)).toBe('emergency');
    expect(mostSensitive()).toBe('administrative');
    // A short clinical answer counts as whole words only.
    const short = [{ text: 'HIV', kind: 'clinical' as const }];
    expect(repeatedKind('• Reason: hiv', short)).toBe('clinical');
    expect(repeatedKind('Our hive of bees', short)).toBe('administrative');
  });

  test('when an agent reads clinical content, then the placeholder replaces it; other roles read the text', () => {
    expect(shownText('agent', 'clinical', 'HIV positive')).toEqual({ text: CLINICAL_MESSAGE_PLACEHOLDER, withheld: true });
    expect(shownText('agent', 'emergency', 'chest pain')).toEqual({ text: CLINICAL_MESSAGE_PLACEHOLDER, withheld: true });
    expect(shownText('agent', 'administrative', 'book me in')).toEqual({ text: 'book me in', withheld: false });
    for (const role of ['clinician', 'admin', 'service'] as const)
      expect(shownText(role, 'clinical', 'HIV positive')).toEqual({ text: 'HIV positive', withheld: false });
    expect(maySee('agent', 'clinical')).toBe(false);
    expect(readableKinds('agent')).toEqual(['administrative']);
    expect(readableKinds('clinician')).toEqual(['administrative', 'clinical', 'emergency']);
  });

  test('when aliases are made for the first 65,536 contacts, then no two are the same', () => {
    const aliases = new Set(Array.from({ length: 65_536 }, (_, i) => patientAlias(i + 1)));
    expect(aliases.size).toBe(65_536);
    expect(patientAlias(1)).toMatch(/^Patient [0-9A-F]{4}$/);
  });
});
