import { continueFlow } from '../../../src/bot/flows/flow-router';
import type { AppointmentState, FlowStep, RefillState } from '../../../src/bot/flows/flow-types';
import { loadRouter } from '../../../src/triage/load-router';

const router = loadRouter();
const route = (text: string) => router.route(text);

/** One patient message at a flow step, triaged by the real router as the bot does. */
function answer(state: AppointmentState | RefillState, text: string): FlowStep | 'interrupt' {
  return continueFlow(state, { text }, router.route(text), route);
}

const refillAt = (step: RefillState['step']): RefillState => ({
  flow: 'refill',
  step,
  misses: 0,
  ...(step !== 'medication' ? { medications: 'lisinopril 10mg' } : {}),
  ...(step === 'confirm' ? { pharmacy: 'Walgreens on Main', name: 'Alex Example', dob: '1980-03-04', callback: 'reply here' } : {}),
});
const bookingAt = (step: AppointmentState['step']): AppointmentState => ({
  flow: 'appointment',
  step,
  action: 'book',
  misses: 0,
  ...(step !== 'name' ? { name: 'Alex Example', dob: '1980-03-04', callback: 'reply here' } : {}),
});
const nextStep = (step: FlowStep | 'interrupt') =>
  step === 'interrupt' ? 'interrupt' : (step.state as AppointmentState | RefillState | undefined)?.step;

describe('refill flow steps with the real router', () => {
  test.each([
    'lisinopril 10mg',
    'Eliquis 5mg',
    'metformin 500 mg tablets, 90 day supply',
    'Lisinopril 10 mg and atorvastatin 20mg',
    'metformin ER 500mg twice daily',
    'albuterol inhaler',
    'atorvastatin',
  ])('when the medication step gets "%s", then it is the answer and the pharmacy is asked', (text) => {
    const step = answer(refillAt('medication'), text);
    expect(nextStep(step)).toBe('pharmacy');
    expect(step !== 'interrupt' && (step.state as RefillState).medications).toBe(text);
  });

  test.each([
    'lisinopril 10mg, is it safe with grapefruit',
    'what dose of metformin should i take',
    'lisinopril side effects',
    'can i take lisinopril with ibuprofen',
    'lisinopril, it makes me dizzy',
    'metformin 500mg, my stomach hurts',
    'metformin rash',
  ])('when the medication step gets the question "%s", then it leaves the flow for the clinical hand-off', (text) => {
    expect(answer(refillAt('medication'), text)).toBe('interrupt');
    expect(router.route(text).route).toBe('clinical');
  });

  test.each([
    'Walgreens on 5th ave, they have my lisinopril 10mg on file',
    'Elm Street Drugs, same as my atorvastatin',
    'Main Street Pharmacy',
    'CVS',
  ])('when the pharmacy step gets "%s", then it is the pharmacy and who the patient is comes next', (text) => {
    expect(nextStep(answer(refillAt('pharmacy'), text))).toBe('name');
  });

  test('when the pharmacy step gets a question about the medication, then it leaves the flow', () => {
    expect(answer(refillAt('pharmacy'), 'CVS, and what dose of lisinopril should i take')).toBe('interrupt');
  });

  test('when the confirm step gets a medication question, then it leaves the flow', () => {
    expect(answer(refillAt('confirm'), 'is lisinopril safe in pregnancy?')).toBe('interrupt');
  });
});

describe('appointment flow steps with the real router', () => {
  test.each(['Lyrica Jones', 'Will Book', 'Hope Hours', 'Grace Bill', 'Penny Price'])(
    'when the name step gets "%s", a name that looks like an intent or a medicine, then it is the name',
    (name) => {
      const step = answer(bookingAt('name'), name);
      expect(nextStep(step)).toBe('dob');
      expect(step !== 'interrupt' && (step.state as AppointmentState).name).toBe(name);
    },
  );

  test.each(['Tuesday after 3pm', 'Sunday March 8 at 10am', 'next monday morning', '12/3 at 9', 'any weekday, i take lisinopril at noon'])(
    'when the days-and-times step gets "%s", then it is the answer',
    (when) => {
      const step = answer({ ...bookingAt('when'), name: 'Alex Example' }, when);
      expect(nextStep(step)).toBe('reason');
    },
  );

  test.each(['blood pressure check, I take lisinopril 10mg', 'knee pain', 'annual physical'])(
    'when the reason step gets "%s", then it is the reason',
    (reason) => {
      expect(nextStep(answer({ ...bookingAt('reason'), name: 'Alex Example', when: 'tuesday' }, reason))).toBe('confirm');
    },
  );

  test.each([
    ['current', 'thursday 2pm with dr lee, about my metformin 500mg refill'],
    ['action', 'book, for my atorvastatin follow-up'],
  ] as const)('when the %s step gets an answer naming a medicine, then it is the answer', (stepName, text) => {
    const state: AppointmentState =
      stepName === 'action'
        ? { flow: 'appointment', step: 'action', misses: 0 }
        : { ...bookingAt('current'), action: 'reschedule', name: 'Sam' };
    expect(answer(state, text)).not.toBe('interrupt');
  });

  test.each([
    ['name', 'Alex, should i double my lisinopril before the visit?'],
    ['when', 'is it safe to take metformin before a fasting blood test?'],
    ['current', 'can i take ibuprofen with my lisinopril'],
  ] as const)('when the %s step gets a medication question, then it leaves the flow for the clinical hand-off', (stepName, text) => {
    const state: AppointmentState = {
      ...bookingAt(stepName),
      action: 'reschedule',
      name: stepName === 'name' ? undefined : 'Sam',
    } as AppointmentState;
    expect(answer(state, text)).toBe('interrupt');
  });
});

describe('refill flow steps in a Spanish conversation', () => {
  const spanish = (state: RefillState, text: string) =>
    continueFlow(state, { text, language: 'es' }, router.route(text, 'es'), (rest) => router.route(rest, 'es'));

  test.each(['metformina 500 mg', 'losartán 50 mg', 'mi metformina y el losartan de 100'])(
    'when the medication step gets "%s", then it is the answer and the pharmacy is asked in Spanish',
    (text) => {
      const step = spanish(refillAt('medication'), text);
      expect(nextStep(step)).toBe('pharmacy');
      expect(step !== 'interrupt' && step.replies[0]?.text).toMatch(/¿A qué farmacia/);
    },
  );

  test.each(['¿puedo tomar la metformina con alcohol?', 'la metformina me hace sentir mareada', 'metformina, ¿cuántas me tomo?'])(
    'when the medication step gets the question "%s", then it leaves the flow for the clinical hand-off',
    (text) => {
      expect(spanish(refillAt('medication'), text)).toBe('interrupt');
    },
  );
});
