import type { Language } from '../../triage/types';
import { FLOW_TEXTS, flowTexts } from './flow-texts';
import { clip, missedAnswer, readConfirmation, type FlowInput, type FlowReply, type FlowStep, type RefillState } from './flow-types';
import { fillIdentity, identityLines, identityQuestion, nextIdentityStep } from './patient-identity';

function asker(language: Language | undefined): (state: RefillState) => FlowReply {
  const say = flowTexts(language);
  return (state) => {
    switch (state.step) {
      case 'medication':
        return { text: say.askMedication };
      case 'pharmacy':
        return { text: say.askPharmacy };
      case 'name':
      case 'dob':
      case 'callback':
        return identityQuestion(state.step, language);
      case 'confirm':
        return { text: say.confirm(summary(state, language), 'team'), choices: say.confirmChoices };
    }
  };
}

/** The request as a list, in the patient's language for their check, in English for staff. */
export function summary(state: RefillState, language: Language = 'en'): string {
  const l = FLOW_TEXTS[language].summaryLines;
  return [
    `• ${l.refill}`,
    ...identityLines(state, language),
    `• ${l.medication}: ${state.medications ?? ''}`,
    `• ${l.pharmacy}: ${state.pharmacy ?? ''}`,
  ].join('\n');
}

function nextStep(state: RefillState): RefillState['step'] {
  if (state.medications === undefined) return 'medication';
  if (state.pharmacy === undefined) return 'pharmacy';
  return nextIdentityStep(state) ?? 'confirm';
}

/**
 * Starts a refill request. `medications` are the medicines the first message named, with their
 * strength ("refill my lisinopril 10 mg"), so the patient is not asked again.
 */
export function startRefill(medications: readonly string[], language?: Language): FlowStep {
  const state: RefillState = { flow: 'refill', step: 'medication', misses: 0 };
  if (medications.length > 0) state.medications = medications.join(', ');
  state.step = nextStep(state);
  return { state, replies: [asker(language)(state)] };
}

export function continueRefill(state: RefillState, input: FlowInput): FlowStep {
  const next: RefillState = { ...state };
  const text = clip(input.text);
  const ask = asker(input.language);
  const missed = (retry = flowTexts(input.language).missed) => missedAnswer(next, ask, 'medication_refill', retry);
  switch (state.step) {
    case 'medication':
      if (text.length < 2) return missed();
      next.medications = text;
      break;
    case 'pharmacy':
      if (text.length < 2) return missed();
      next.pharmacy = text;
      break;
    case 'name':
    case 'dob':
    case 'callback': {
      const retry = fillIdentity(state.step, next, { ...input, text }, missed);
      if (retry) return retry;
      break;
    }
    case 'confirm': {
      const answer = readConfirmation(input);
      if (answer === 'yes') {
        return { state: undefined, replies: [], outcome: { kind: 'request', intent: 'medication_refill', summary: summary(state) } };
      }
      if (answer === 'restart') {
        const fresh: RefillState = { flow: 'refill', step: 'medication', misses: 0 };
        return { state: fresh, replies: [{ text: flowTexts(input.language).startAgain }, ask(fresh)] };
      }
      return missed();
    }
  }
  next.misses = 0;
  next.step = nextStep(next);
  return { state: next, replies: [ask(next)] };
}
