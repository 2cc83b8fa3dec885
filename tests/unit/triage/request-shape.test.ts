import { loadRouter } from '../../../src/triage/load-router';
import { medicineMentions } from '../../../src/triage/medicine-mentions';

const router = loadRouter();

describe('requests recognised by their shape', () => {
  test.each([
    ['please renew my amlodipine 10 mg tablets', 'medication_refill'],
    ['I am nearly out of my lisinopril 20mg', 'medication_refill'],
    ['necesito resurtir mi losartán de 100 mg', 'medication_refill'],
    ['I need an appointment for my ankle', 'appointment'],
  ])('when "%s" is read, then it is the request %s', (text, intent) => {
    expect(router.route(text)).toMatchObject({ route: 'request', intent, decidedBy: expect.stringMatching(/^request-shape:/) });
  });

  test.each([
    'can I take my amlodipine 10 mg at night instead of the morning',
    'is 40 mg of lisinopril too much',
    'refill my metformin 500 mg, it gives me diarrhea',
    'I need a refill of metformin but at a higher dose',
    '¿puedo tomar mi losartán de 100 mg con alcohol?',
  ])('when "%s" asks about the medicine, then it stays clinical', (text) => {
    expect(router.route(text).route).toBe('clinical');
  });

  test('when a refill request also names a red flag, then the emergency wins', () => {
    expect(router.route('I need a refill of my lisinopril 10 mg, my chest is crushing and I cannot breathe').route).toBe('emergency');
  });

  test('when the medicine is named with its strength and quantity, then the refill keeps them', () => {
    expect(medicineMentions('please renew my amlodipine 10 mg tablets, 90 day supply')).toEqual([
      'amlodipine 10 mg tablets (90 day supply)',
    ]);
  });
});
