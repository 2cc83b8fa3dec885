import { normalizeText } from '../../../src/triage/normalize-text';

describe('normalizeText', () => {
  it.each([
    ["I can't breathe!!", 'i can not breathe'],
    ['cant make my appt tmrw pls', 'can not make my appointment tomorrow please'],
    ['Rx refill 4 my meds?', 'prescription refill 4 my medications ?'],
    ['what’s 7.2 a1c mean', 'what is 7.2 a1c mean'],
    ['Hellooooo', 'hello'],
  ])('when "%s" is normalised, then it reads "%s"', (raw, expected) => {
    expect(normalizeText(raw)).toBe(expected);
  });
});
