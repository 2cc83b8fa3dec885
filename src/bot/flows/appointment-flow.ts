import type { Language } from '../../triage/types';
import { FLOW_TEXTS, flowTexts } from './flow-texts';
import {
  clip,
  missedAnswer,
  readConfirmation,
  type AppointmentAction,
  type AppointmentState,
  type FlowInput,
  type FlowReply,
  type FlowStep,
} from './flow-types';
import { fillIdentity, identityLines, identityQuestion, nextIdentityStep } from './patient-identity';

/**
 * Reads which appointment task a message is about, in English or Spanish (read without accents);
 * undefined when it does not say.
 */
export function appointmentAction(text: string): AppointmentAction | undefined {
  const t = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  if (
    /\b(re-?sched\w*|move (my|the|our)|change (my|the) (appt|appointment|time|date)|different (day|time|date)|push (back|my)|postpone)/.test(
      t,
    ) ||
    /\b(reprogram\w*|cambiar (la|mi|de) (cita|hora|fecha|dia)|cambiar\w* (la|mi) cita|mover (la|mi) cita|pasar (la|mi) cita|otro (dia|horario)|otra (hora|fecha))\b/.test(
      t,
    )
  ) {
    return 'reschedule';
  }
  if (
    /\b(cancel\w*|call off|can'?t make (it|my)|won'?t make (it|my)|not (be )?able to (come|make it))/.test(t) ||
    /\b(cancel\w*|anular|no (voy a )?(puedo|podre|poder) (ir|llegar|asistir))\b/.test(t)
  )
    return 'cancel';
  if (
    /\b(availab\w*|openings?|next (available|open)|any (slots?|times?|spots?)|earliest|free slots?|when can i (come|get|be seen)|do you have any)/.test(
      t,
    ) ||
    /\b(disponib\w*|(hay|tienen) (citas|espacio|lugar|turnos?)|(citas|espacios) libres|lo mas pronto|cuando (me )?pueden (ver|atender))\b/.test(
      t,
    )
  ) {
    return 'availability';
  }
  if (
    /\b(book\w*|schedul\w*|make an? (appt|appointment)|set up an? (appt|appointment)|new (appt|appointment)|need an? (appt|appointment)|see (the |a )?(doctor|dr|physician|np|nurse practitioner))/.test(
      t,
    ) ||
    /\b(agendar|apartar|sacar|hacer|programar|pedir|solicitar|necesito|quiero|quisiera|ocupo) (\w+ ){0,2}(cita|consulta|turno)\b|\b(hacer|sacar) (una )?cita\b|\bver (al|a la|a un|a una) (doctor|doctora|medico|medica)\b/.test(
      t,
    )
  ) {
    return 'book';
  }
  return undefined;
}

/** Words that say when, not why: "an appointment for tomorrow" names no reason. */
const WHEN_WORDS =
  /^(?:today|tomorrow|tonight|next|this|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the (?:morning|afternoon|evening|week)|morning|afternoon|evening|asap|\d|hoy|manana|el (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)|la (?:manana|tarde|semana)|lunes|martes|miercoles|jueves|viernes|sabado|domingo)\b/;

/**
 * What the visit is for, when the message that asks for it says so: "an appointment for my knee"
 * -> "my knee", "una cita para revisar mi presión" -> "revisar mi presión". Undefined otherwise.
 */
export function visitReason(text: string): string | undefined {
  const t = text.replace(/\s+/g, ' ').trim();
  const m =
    /\b(?:appointment|appt|visit|check-?up|follow-?up|consult\w*|book (?:me|us) in|cita|consulta|turno)\b(?: \w+){0,2}? (?:for|about|regarding|re:?|to (?:discuss|talk about|go over|review|check(?: on)?|look at)|para|por|sobre)\s+(.+?)[\s.!?]*$/i.exec(
      t,
    );
  const reason = m?.[1]?.replace(/\s*(?:please|pls|thanks|thank you|por favor|gracias)[\s.!]*$/i, '').trim();
  if (!reason || reason.length < 2) return undefined;
  const folded = reason
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return WHEN_WORDS.test(folded) ? undefined : clip(reason, 120);
}

function fromPayload(payload: string | undefined): AppointmentAction | undefined {
  switch (payload) {
    case 'appt:book':
      return 'book';
    case 'appt:reschedule':
      return 'reschedule';
    case 'appt:cancel':
      return 'cancel';
    case 'appt:availability':
      return 'availability';
    default:
      return undefined;
  }
}

function asker(language: Language | undefined): (state: AppointmentState) => FlowReply {
  const say = flowTexts(language);
  return (state) => {
    switch (state.step) {
      case 'action':
        return { text: say.askAction, choices: say.actionChoices };
      case 'name':
        return { text: say.askName };
      case 'dob':
      case 'callback':
        return identityQuestion(state.step, language);
      case 'current':
        return { text: say.askCurrent };
      case 'when':
        return { text: state.action === 'availability' ? say.askAvailability : say.askWhen };
      case 'reason':
        return { text: say.askReason };
      case 'confirm':
        return { text: say.confirm(summary(state, language), 'front desk'), choices: say.confirmChoices };
    }
  };
}

/** The steps each task needs, in order. */
function nextStep(state: AppointmentState): AppointmentState['step'] {
  if (!state.action) return 'action';
  const identity = nextIdentityStep(state);
  if (identity) return identity;
  if ((state.action === 'reschedule' || state.action === 'cancel') && state.current === undefined) return 'current';
  if (state.action !== 'cancel' && state.when === undefined) return 'when';
  if (state.action === 'book' && state.reason === undefined) return 'reason';
  return 'confirm';
}

/** The request as a list, in the patient's language for their check, in English for staff. */
export function summary(state: AppointmentState, language: Language = 'en'): string {
  const { label, summaryLines: l } = FLOW_TEXTS[language];
  const lines = [`• ${label[state.action ?? 'book']}`, ...identityLines(state, language)];
  if (state.current) lines.push(`• ${l.current}: ${state.current}`);
  if (state.when) lines.push(`• ${l.when}: ${state.when}`);
  if (state.reason) lines.push(`• ${l.reason}: ${state.reason}`);
  return lines.join('\n');
}

/** Starts the flow from the message that asked for it; `bookingUrl` is offered when the practice has one. */
export function startAppointment(input: FlowInput, bookingUrl?: string): FlowStep {
  const state: AppointmentState = { flow: 'appointment', step: 'action', misses: 0 };
  const action = fromPayload(input.payload) ?? appointmentAction(input.text);
  if (action) state.action = action;
  const reason = action === 'book' ? visitReason(input.text) : undefined;
  if (reason) state.reason = reason;
  state.step = nextStep(state);
  const replies: FlowReply[] = [];
  if (bookingUrl && action !== 'cancel') replies.push({ text: flowTexts(input.language).bookOnline(bookingUrl) });
  replies.push(asker(input.language)(state));
  return { state, replies };
}

/** One answer from the patient inside the flow. */
export function continueAppointment(state: AppointmentState, input: FlowInput): FlowStep {
  const text = clip(input.text);
  const next: AppointmentState = { ...state };
  const ask = asker(input.language);
  const missed = (retry = flowTexts(input.language).missed) => missedAnswer(next, ask, 'appointment', retry);
  switch (state.step) {
    case 'action': {
      const action = fromPayload(input.payload) ?? appointmentAction(input.text);
      if (!action) return missed();
      next.action = action;
      break;
    }
    case 'name':
    case 'dob':
    case 'callback': {
      const retry = fillIdentity(state.step, next, { ...input, text }, missed);
      if (retry) return retry;
      break;
    }
    case 'current':
      next.current = text;
      break;
    case 'when':
      next.when = text;
      break;
    case 'reason':
      next.reason = text;
      break;
    case 'confirm': {
      const answer = readConfirmation(input);
      if (answer === 'yes') {
        return { state: undefined, replies: [], outcome: { kind: 'request', intent: 'appointment', summary: summary(state) } };
      }
      if (answer === 'restart') {
        const fresh: AppointmentState = { flow: 'appointment', step: 'action', misses: 0 };
        return { state: fresh, replies: [{ text: flowTexts(input.language).startAgain }, ask(fresh)] };
      }
      return missed();
    }
  }
  next.misses = 0;
  next.step = nextStep(next);
  return { state: next, replies: [ask(next)] };
}
