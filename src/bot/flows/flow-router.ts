import type { TriageDecision } from '../../triage/types';
import { continueAppointment, startAppointment } from './appointment-flow';
import { answersDespiteMedication } from './flow-answer';
import { EXIT_PATTERN, NO_PATTERN, YES_PATTERN, type FlowInput, type FlowState, type FlowStep } from './flow-types';
import { continueRefill, startRefill } from './refill-flow';

/** True for the flow states we store; anything else in the column is ignored. */
export function isFlowState(value: unknown): value is FlowState {
  const flow = (value as { flow?: unknown } | null)?.flow;
  return flow === 'appointment' || flow === 'refill' || flow === 'feedback';
}

/** A guided request in progress (an appointment or a refill), where "stop" ends the request. */
export function isGuidedFlow(value: unknown): boolean {
  return isFlowState(value) && value.flow !== 'feedback';
}

/** "cancel", "never mind", or the Cancel quick reply: leave any flow at any step. */
export function wantsToLeave(text: string, payload: string | undefined): boolean {
  return payload === 'flow:exit' || (!payload && EXIT_PATTERN.test(text));
}

/** Starts the guided flow of a request intent; undefined for requests without one. */
export function startFlow(
  intent: string,
  input: FlowInput,
  bookingUrl: string | undefined,
  medications: readonly string[],
): FlowStep | undefined {
  if (intent === 'appointment') return startAppointment(input, bookingUrl);
  if (intent === 'medication_refill') return startRefill(medications, input.language);
  return undefined;
}

/**
 * One message inside a flow. The flow owns its question: whatever answers it is the answer, even a
 * medicine's name with its strength. `'interrupt'` means the message is not an answer and must be
 * handled afresh: a question a rule recognised as clinical (a question about the medication inside
 * a refill, say), a request for a person, or anything but yes/no after an FAQ answer. Red flags never
 * get here. `route` is the triage router, for a second look at a medicine-bearing answer.
 */
export function continueFlow(
  state: FlowState,
  input: FlowInput,
  decision: TriageDecision,
  route: (text: string) => TriageDecision,
): FlowStep | 'interrupt' {
  const clinicalByRule =
    decision.route === 'clinical' &&
    decision.decidedBy.startsWith('clinical-rule') &&
    !answersDespiteMedication(input.text, decision, route);
  const asksForPerson =
    decision.route === 'human' &&
    decision.intent === 'human_request' &&
    (decision.confidence >= 0.9 || decision.decidedBy === 'quick-reply');
  switch (state.flow) {
    case 'feedback':
      if (input.payload === 'feedback:yes' || (!input.payload && YES_PATTERN.test(input.text) && input.text.length < 40)) {
        return { state: undefined, replies: [], outcome: { kind: 'feedback-yes' } };
      }
      if (input.payload === 'feedback:no' || (!input.payload && NO_PATTERN.test(input.text) && input.text.length < 40)) {
        return { state: undefined, replies: [], outcome: { kind: 'feedback-no' } };
      }
      return 'interrupt';
    case 'appointment':
      // The visit reason may name symptoms ("knee pain"): it is still a booking, not a question.
      if ((clinicalByRule && state.step !== 'reason') || asksForPerson) return 'interrupt';
      return continueAppointment(state, input);
    case 'refill':
      if (clinicalByRule || asksForPerson) return 'interrupt';
      return continueRefill(state, input);
  }
}
