import type { IntentScore } from '../../../src/triage/intent-model';
import { DEFAULT_POLICY, decideRoute, type PolicyInput } from '../../../src/triage/routing-policy';
import type { Route } from '../../../src/triage/types';

const ROUTES: Record<string, Route> = {
  'faq/hours': 'answer',
  appointment: 'request',
  symptom: 'clinical',
  emergency: 'emergency',
  out_of_scope: 'fallback',
};

function setup(
  overrides: Partial<PolicyInput> = {},
  ranking: IntentScore[] = [
    { intent: 'faq/hours', score: 0.9 },
    { intent: 'appointment', score: 0.05 },
  ],
) {
  const input: PolicyInput = {
    redFlag: undefined,
    clinical: undefined,
    ranking,
    coverage: 1,
    support: 1,
    familiarity: 1,
    supportedWords: 3,
    ...overrides,
  };
  return decideRoute(input, (intent) => ROUTES[intent], DEFAULT_POLICY);
}

describe('routing policy', () => {
  it('when a red flag fired, then the route is emergency whatever the classifier says', () => {
    const decision = setup({
      redFlag: { family: 'cardiac', crisisLine: false, rule: 'chest-pain' },
      clinical: { intent: 'symptom', rule: 'symptom' },
    });
    expect(decision).toEqual(expect.objectContaining({ route: 'emergency', decidedBy: 'red-flag:cardiac', confidence: 1 }));
  });

  it('when the red flag is self-harm, then the decision carries the crisis line', () => {
    const decision = setup({ redFlag: { family: 'self-harm', crisisLine: true, rule: 'want-to-die' } });
    expect(decision.redFlag).toEqual({ family: 'self-harm', crisisLine: true, rule: 'want-to-die' });
  });

  it('when the clinical detector fired, then a confident FAQ classification cannot answer it', () => {
    const decision = setup({ clinical: { intent: 'medication_question', rule: 'medication-question' } });
    expect(decision).toEqual(
      expect.objectContaining({ route: 'clinical', intent: 'medication_question', decidedBy: 'clinical-rule:medication-question' }),
    );
  });

  it('when the classifier is confident, then its intent and route decide', () => {
    expect(setup()).toEqual(expect.objectContaining({ route: 'answer', intent: 'faq/hours', decidedBy: 'classifier:faq/hours' }));
  });

  it('when the classifier is unsure, then the route is fallback', () => {
    const decision = setup({}, [
      { intent: 'faq/hours', score: 0.3 },
      { intent: 'appointment', score: 0.2 },
    ]);
    expect(decision).toEqual(expect.objectContaining({ route: 'fallback', decidedBy: 'low-confidence', candidate: 'faq/hours' }));
  });

  it('when the top two intents are too close, then the route is fallback', () => {
    const decision = setup({}, [
      { intent: 'faq/hours', score: 0.52 },
      { intent: 'appointment', score: 0.48 },
    ]);
    expect(decision.decidedBy).toBe('low-margin');
  });

  it('when none of the content words belongs to the intent, then it is off-topic fallback', () => {
    expect(setup({ support: 0 }).decidedBy).toBe('off-topic');
  });

  it('when the favourite shares no word with the message but a front-desk runner-up holds most of them, then the runner-up is the reading', () => {
    const ranking = [
      { intent: 'appointment', score: 0.7 },
      { intent: 'faq/hours', score: 0.25 },
    ];
    const supportOf = (intent: string) => (intent === 'faq/hours' ? 0.5 : 0);
    expect(setup({ support: 0, supportOf }, ranking)).toEqual(
      expect.objectContaining({ intent: 'faq/hours', route: 'answer', decidedBy: 'supported-runner-up:faq/hours' }),
    );
    // A runner-up the classifier all but ruled out, or without the words, changes nothing.
    expect(setup({ support: 0, supportOf }, [ranking[0]!, { intent: 'faq/hours', score: 0.05 }]).decidedBy).toBe('off-topic');
    expect(setup({ support: 0, supportOf: () => 0.2 }, ranking).decidedBy).toBe('off-topic');
  });

  it('when the runner-up with the words is clinical or an emergency, then it is not taken from the words alone', () => {
    const ranking = [
      { intent: 'faq/hours', score: 0.7 },
      { intent: 'emergency', score: 0.25 },
    ];
    expect(setup({ support: 0, supportOf: () => 1 }, ranking).decidedBy).toBe('off-topic');
  });

  it('when the classifier alone says emergency without support, then a clinician gets it instead of a 911 reply', () => {
    const decision = setup({ support: 0.5 }, [
      { intent: 'emergency', score: 0.9 },
      { intent: 'symptom', score: 0.05 },
    ]);
    expect(decision).toEqual(expect.objectContaining({ route: 'clinical', decidedBy: 'weak-emergency' }));
  });

  it('when a front-desk intent wins on words everyday assistant requests share and one word only they use, then the route is fallback', () => {
    const decision = setup({ outOfScope: { own: 0, foreign: 1 } }, [
      { intent: 'appointment', score: 0.95 },
      { intent: 'faq/hours', score: 0.02 },
    ]);
    expect(decision).toEqual(expect.objectContaining({ route: 'fallback', decidedBy: 'out-of-scope-words', candidate: 'appointment' }));
  });

  it('when the message also has a word of the intent that assistant requests never use, then the intent keeps it', () => {
    const decision = setup({ outOfScope: { own: 1, foreign: 2 } }, [
      { intent: 'appointment', score: 0.95 },
      { intent: 'faq/hours', score: 0.02 },
    ]);
    expect(decision).toEqual(expect.objectContaining({ route: 'request', intent: 'appointment' }));
  });

  it('when a clinical intent wins beside an assistant-only word, then the contrast does not take it from the clinician', () => {
    const decision = setup({ outOfScope: { own: 0, foreign: 1 } }, [
      { intent: 'symptom', score: 0.95 },
      { intent: 'faq/hours', score: 0.02 },
    ]);
    expect(decision.route).toBe('clinical');
  });
});
