import { findMedications } from '../../../src/triage/find-medications';

describe('findMedications', () => {
  test('when a refill names medicines, then they are found in order, once each', () => {
    expect(findMedications('need a refill of my Lisinopril 10mg and metformin, and lisinopril again')).toEqual(['lisinopril', 'metformin']);
  });

  test('when a name is unknown but has a generic drug ending, then it is still found', () => {
    expect(findMedications('refill my olmesartan please')).toEqual(['olmesartan']);
  });

  test('when no medicine is named, then nothing is found (and words like cholesterol are not medicines)', () => {
    expect(findMedications('refill please, my cholesterol was high')).toEqual([]);
  });
});
