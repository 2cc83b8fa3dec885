import { detectClinical } from '../../../src/triage/clinical-detector';
import { normalizeText } from '../../../src/triage/normalize-text';

function setup() {
  return { clinical: (text: string) => detectClinical(normalizeText(text)) };
}

describe('clinical detector', () => {
  it.each([
    ['can i take ibuprofen with lisinopril', 'medication_question'],
    ['how much tylenol can my 6 year old have', 'medication_question'],
    ['is it safe to drink wine on metronidazole', 'medication_question'],
    ['can i take zoloft while pregnant', 'medication_question'],
    ['what are the side effects of metformin', 'medication_question'],
    ['what is gabapentin for', 'medication_question'],
    ['does losartan interact with potassium pills', 'medication_question'],
    ['my knee is swollen and hurts', 'symptom'],
    ['i have had a fever since tuesday', 'symptom'],
    ['my cholesterol came back high, what does that mean', 'test_results'],
    ['i have been so depressed lately', 'mental_health'],
    // how they felt, told in the past tense
    ['i was still cold even under three blankets', 'symptom'],
    ['i was constantly tired all of last week', 'symptom'],
    ['we were really weak after the trip', 'symptom'],
  ])('when "%s", then it is clinical (%s)', (text, intent) => {
    const { clinical } = setup();
    expect(clinical(text)?.intent).toBe(intent);
  });

  it.each([
    'need a refill of my lisinopril sent to cvs',
    'please refill my metformin',
    'can you send my atorvastatin to walgreens',
    'what time do you open',
    'do you take blue cross',
    'how long do lab results take',
    'book me an appointment for friday',
    // "fell" that is no fall
    'i fell asleep and missed your call',
    'i fell behind on my bill, can i set up a payment plan',
    'she fell in love with the new office',
  ])('when "%s" is administrative, then the clinical detector stays out of it', (text) => {
    const { clinical } = setup();
    expect(clinical(text)).toBeUndefined();
  });

  it('when a refill request also asks about a dose, then the question wins and it is clinical', () => {
    const { clinical } = setup();
    expect(clinical('refill my lisinopril and can i take it with ibuprofen')?.intent).toBe('medication_question');
  });

  it.each([
    'i slipped on the wet stairs at work this morning',
    'my grandma fell in the bathroom last night',
    'he tripped over the dog on the porch steps',
    'i hit the pavement pretty hard coming off my bike',
    'my son took a bad tumble at the playground',
  ])('when a fall is told ("%s"), then it is a symptom for a clinician', (text) => {
    const { clinical } = setup();
    expect(clinical(text)).toEqual({ intent: 'symptom', rule: 'fall' });
  });
});
