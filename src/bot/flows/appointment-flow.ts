import {
  clip,
  CONFIRM_CHOICES,
  missedAnswer,
  readConfirmation,
  type AppointmentAction,
  type AppointmentState,
  type FlowChoice,
  type FlowInput,
  type FlowReply,
  type FlowStep,
} from './flow-types';

const ACTION_CHOICES: FlowChoice[] = [
  { title: 'Book', payload: 'appt:book' },
  { title: 'Reschedule', payload: 'appt:reschedule' },
  { title: 'Cancel appointment', payload: 'appt:cancel' },
  { title: 'Check availability', payload: 'appt:availability' },
];
const LABEL: Record<AppointmentAction, string> = {
  book: 'Book an appointment',
  reschedule: 'Reschedule an appointment',
  cancel: 'Cancel an appointment',
  availability: 'Ask about availability',
};

/** Reads which appointment task a message is about; undefined when it does not say. */
export function appointmentAction(text: string): AppointmentAction | undefined {
  const t = text.toLowerCase();
  if (
    /\b(re-?sched\w*|move (my|the|our)|change (my|the) (appt|appointment|time|date)|different (day|time|date)|push (back|my)|postpone)/.test(
      t,
    )
  ) {
    return 'reschedule';
  }
  if (/\b(cancel\w*|call off|can'?t make (it|my)|won'?t make (it|my)|not (be )?able to (come|make it))/.test(t)) return 'cancel';
  if (
    /\b(availab\w*|openings?|next (available|open)|any (slots?|times?|spots?)|earliest|free slots?|when can i (come|get|be seen)|do you have any)/.test(
      t,
    )
  ) {
    return 'availability';
  }
  if (
    /\b(book\w*|schedul\w*|make an? (appt|appointment)|set up an? (appt|appointment)|new (appt|appointment)|need an? (appt|appointment)|see (the |a )?(doctor|dr|physician|np|nurse practitioner))/.test(
      t,
    )
  ) {
    return 'book';
  }
  return undefined;
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

function ask(state: AppointmentState): FlowReply {
  switch (state.step) {
    case 'action':
      return { text: 'Would you like to book, reschedule or cancel an appointment, or ask about availability?', choices: ACTION_CHOICES };
    case 'name':
      return { text: 'What name is the appointment under?' };
    case 'current':
      return { text: 'Which appointment is it? Tell me the day and time, and the doctor if you know.' };
    case 'when':
      return {
        text:
          state.action === 'availability'
            ? 'Which days and times would suit you? For example "weekday mornings" or "Tuesday after 3pm".'
            : 'Which days and times suit you best? For example "weekday mornings" or "Tuesday after 3pm".',
      };
    case 'reason':
      return {
        text: 'In a few words, what is the visit for? For example "annual check-up" or "follow-up". No medical details needed here.',
      };
    case 'confirm':
      return { text: `Please check:\n${summary(state)}\nShall I send this to our front desk?`, choices: CONFIRM_CHOICES };
  }
}

/** The steps each task needs, in order. */
function nextStep(state: AppointmentState): AppointmentState['step'] {
  if (!state.action) return 'action';
  if (state.name === undefined) return 'name';
  if ((state.action === 'reschedule' || state.action === 'cancel') && state.current === undefined) return 'current';
  if (state.action !== 'cancel' && state.when === undefined) return 'when';
  if (state.action === 'book' && state.reason === undefined) return 'reason';
  return 'confirm';
}

export function summary(state: AppointmentState): string {
  const lines = [`• ${LABEL[state.action ?? 'book']}`];
  if (state.name) lines.push(`• Name: ${state.name}`);
  if (state.current) lines.push(`• Current appointment: ${state.current}`);
  if (state.when) lines.push(`• Preferred days/times: ${state.when}`);
  if (state.reason) lines.push(`• Reason: ${state.reason}`);
  return lines.join('\n');
}

/** Starts the flow from the message that asked for it; `bookingUrl` is offered when the practice has one. */
export function startAppointment(input: FlowInput, bookingUrl?: string): FlowStep {
  const state: AppointmentState = { flow: 'appointment', step: 'action', misses: 0 };
  const action = fromPayload(input.payload) ?? appointmentAction(input.text);
  if (action) state.action = action;
  state.step = nextStep(state);
  const replies: FlowReply[] = [];
  if (bookingUrl && action !== 'cancel') {
    replies.push({ text: `You can book online any time at ${bookingUrl}. Or I can pass your request to our front desk:` });
  }
  replies.push(ask(state));
  return { state, replies };
}

/** One answer from the patient inside the flow. */
export function continueAppointment(state: AppointmentState, input: FlowInput): FlowStep {
  const text = clip(input.text);
  const next: AppointmentState = { ...state };
  switch (state.step) {
    case 'action': {
      const action = fromPayload(input.payload) ?? appointmentAction(input.text);
      if (!action) return missedAnswer(next, ask, 'appointment');
      next.action = action;
      break;
    }
    case 'name':
      if (text.length < 2) return missedAnswer(next, ask, 'appointment');
      next.name = text;
      break;
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
        return { state: fresh, replies: [{ text: "OK, let's start again." }, ask(fresh)] };
      }
      return missedAnswer(next, ask, 'appointment');
    }
  }
  next.misses = 0;
  next.step = nextStep(next);
  return { state: next, replies: [ask(next)] };
}
