import {
  clip,
  CONFIRM_CHOICES,
  missedAnswer,
  readConfirmation,
  type FlowInput,
  type FlowReply,
  type FlowStep,
  type RefillState,
} from './flow-types';

function ask(state: RefillState): FlowReply {
  switch (state.step) {
    case 'medication':
      return { text: 'Which medication(s) do you need refilled? Include the strength if you know it.' };
    case 'pharmacy':
      return { text: 'Which pharmacy should we send it to? The name and street or town is enough.' };
    case 'confirm':
      return { text: `Please check:\n${summary(state)}\nShall I send this to our team?`, choices: CONFIRM_CHOICES };
  }
}

export function summary(state: RefillState): string {
  return [`• Refill request`, `• Medication: ${state.medications ?? ''}`, `• Pharmacy: ${state.pharmacy ?? ''}`].join('\n');
}

function nextStep(state: RefillState): RefillState['step'] {
  if (state.medications === undefined) return 'medication';
  if (state.pharmacy === undefined) return 'pharmacy';
  return 'confirm';
}

/**
 * Starts a refill request. `medications` are names the triage lexicon found in the first message
 * ("refill my lisinopril"), so the patient is not asked again.
 */
export function startRefill(medications: readonly string[]): FlowStep {
  const state: RefillState = { flow: 'refill', step: 'medication', misses: 0 };
  if (medications.length > 0) state.medications = medications.join(', ');
  state.step = nextStep(state);
  return { state, replies: [ask(state)] };
}

export function continueRefill(state: RefillState, input: FlowInput): FlowStep {
  const next: RefillState = { ...state };
  const text = clip(input.text);
  switch (state.step) {
    case 'medication':
      if (text.length < 2) return missedAnswer(next, ask, 'medication_refill');
      next.medications = text;
      break;
    case 'pharmacy':
      if (text.length < 2) return missedAnswer(next, ask, 'medication_refill');
      next.pharmacy = text;
      break;
    case 'confirm': {
      const answer = readConfirmation(input);
      if (answer === 'yes') {
        return { state: undefined, replies: [], outcome: { kind: 'request', intent: 'medication_refill', summary: summary(state) } };
      }
      if (answer === 'restart') {
        const fresh: RefillState = { flow: 'refill', step: 'medication', misses: 0 };
        return { state: fresh, replies: [{ text: "OK, let's start again." }, ask(fresh)] };
      }
      return missedAnswer(next, ask, 'medication_refill');
    }
  }
  next.misses = 0;
  next.step = nextStep(next);
  return { state: next, replies: [ask(next)] };
}
