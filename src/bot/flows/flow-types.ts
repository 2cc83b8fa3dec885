import type { Choice } from '../../platform/values';
import type { Language } from '../../triage/types';

/** A quick reply a flow offers; the payload comes back through the same path as typed text. */
export type FlowChoice = Choice;

export interface FlowReply {
  text: string;
  choices?: FlowChoice[];
}

export type AppointmentAction = 'book' | 'reschedule' | 'cancel' | 'availability';

export interface AppointmentState {
  flow: 'appointment';
  step: 'action' | 'name' | 'dob' | 'callback' | 'current' | 'when' | 'reason' | 'confirm';
  action?: AppointmentAction;
  name?: string;
  /** Date of birth, ISO (yyyy-mm-dd). */
  dob?: string;
  /** A phone number, or "reply here". */
  callback?: string;
  current?: string;
  when?: string;
  reason?: string;
  /** Answers we could not use at this step; a second miss hands over to a person. */
  misses: number;
}

export interface RefillState {
  flow: 'refill';
  step: 'medication' | 'pharmacy' | 'name' | 'dob' | 'callback' | 'confirm';
  medications?: string;
  pharmacy?: string;
  name?: string;
  dob?: string;
  callback?: string;
  misses: number;
}

/** After an FAQ answer: waiting for "Did that help?". */
export interface FeedbackState {
  flow: 'feedback';
  intent: string;
}

export type FlowState = AppointmentState | RefillState | FeedbackState;

export interface FlowInput {
  text: string;
  payload?: string;
  /** The language the flow speaks to the patient in (the conversation's); English when not given. */
  language?: Language;
  /** Now, for reading a date of birth (no birth dates in the future); the clock's time when not given. */
  now?: number;
}

/** What the patient's answer led to, for the bot to act on. */
export type FlowOutcome =
  | { kind: 'request'; intent: 'appointment' | 'medication_refill'; summary: string }
  | { kind: 'human'; intent: string }
  /** "Yes, that helped" / "No, it didn't" after an FAQ answer (the latter offers a person). */
  | { kind: 'feedback-yes' }
  | { kind: 'feedback-no' };

export interface FlowStep {
  /** The next state; undefined when the flow is over. */
  state: FlowState | undefined;
  replies: FlowReply[];
  outcome?: FlowOutcome;
}

/**
 * Words that leave any flow at any step, in English and Spanish. The carrier keywords (STOP, ALTO)
 * end a guided request too; outside one they opt out.
 */
export const EXIT_PATTERN =
  /^\s*(cancel|never\s*mind|nevermind|nvm|forget (it|that)|quit|exit|no thanks|cancelar|olv[ií]d[ae]lo|d[eé]jelo|d[eé]jalo|ya no|no,? gracias|salir)\s*[.!]*\s*$/i;

export const YES_PATTERN =
  /^\s*(y|yes|yeah|yep|yup|correct|right|ok|okay|sure|confirm|that'?s (right|correct)|sounds good|send it|s[ií]|claro|correcto|de acuerdo|est[aá] bien|dale|env[ií]el[oa]|env[ií]alo|m[aá]ndel[oa]|as[ií] es)(?![\p{L}])/iu;
export const NO_PATTERN = /^\s*(n|no|nope|nah|not really|wrong|incorrect|incorrecto|est[aá] mal|nel)(?![\p{L}])/iu;

/** Patient-typed answers are kept short in summaries and the queue. */
export function clip(text: string, max = 300): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Reads the answer to "Shall I send this?": a tapped choice or a typed yes/no. */
export function readConfirmation(input: FlowInput): 'yes' | 'restart' | undefined {
  if (input.payload === 'flow:yes' || (!input.payload && YES_PATTERN.test(input.text))) return 'yes';
  if (input.payload === 'flow:restart' || (!input.payload && NO_PATTERN.test(input.text))) return 'restart';
  return undefined;
}

/**
 * An answer the step could not use: ask again once, then hand over to a person rather than loop.
 */
export function missedAnswer<S extends AppointmentState | RefillState>(
  state: S,
  ask: (s: S) => FlowReply,
  intent: string,
  /** "Sorry, I didn't get that." in the patient's language. */
  missed: string,
): FlowStep {
  if (state.misses >= 1) return { state: undefined, replies: [], outcome: { kind: 'human', intent } };
  const again = { ...state, misses: state.misses + 1 };
  return { state: again, replies: [{ text: missed }, ask(again)] };
}
