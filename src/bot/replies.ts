import type { PracticeProfile } from '../practice/practice-profile';
import type { EscalationRoute, TriageDecision } from '../triage/types';

/**
 * What the bot says, in one place so the practice can review the wording. Nothing here gives
 * medical advice; clinical and emergency replies only send the patient to people who can help.
 */
export function replies(profile: PracticeProfile) {
  const { emergency, crisis } = profile.emergencyNumbers;
  return {
    disclosure:
      `Hi! I'm the automated assistant of ${profile.name}, not a person. I can answer questions about hours, location, insurance, billing and records, and pass appointment and refill requests to our team. ` +
      `I can't give medical advice and I'm not watched for emergencies: if you have one, call ${emergency}. ` +
      `Please share only the health details we need.${profile.privacyUrl ? ` How we handle your information: ${profile.privacyUrl}` : ''}`,
    emergency: `This may be an emergency. Call ${emergency} now, or go to the nearest emergency room. Do not wait for a reply here.`,
    crisis:
      `If you are thinking about hurting yourself or ending your life, call or text ${crisis} (Suicide & Crisis Lifeline) now. ` +
      `It is free, confidential and open 24/7. If you are in immediate danger, call ${emergency}.`,
    emergencyQueued: 'I have also alerted our staff to this conversation.',
    clinical: (due: string) =>
      `I can't answer medical questions here, but I've passed your message to our clinical team. A nurse or doctor will reply in this chat, usually by ${due}. ` +
      `If it gets worse or you think it's an emergency, call ${emergency}.`,
    /** A question about a medicine: worded for it, with where to go if a dose went wrong. */
    clinicalMedication: (due: string) =>
      `I can't advise on medicines here, but I've passed your question to our clinical team. A nurse or doctor will reply in this chat, usually by ${due}. ` +
      `If you took too much, or feel very unwell after a dose, call ${emergency}.`,
    /** Opted out, yet the patient wrote: staff will answer; said once per opt-out. */
    heardWhileOptedOut: (due: string) =>
      `Automated messages are off, so I've passed your message to our staff; a person will reply here, usually by ${due}. ` +
      `Reply START to turn the assistant back on. In an emergency, call ${emergency}.`,
    /** Opens the one reply to a message that asked several things. */
    severalNeeds: 'You asked about a few things, so here is what happens with each:',
    requestQueued: (due: string) =>
      `Thanks! I've sent this to our front desk. They'll reply here by ${due}. Nothing is booked until they confirm it with you.`,
    refillQueued: (due: string) => `Thanks! I've sent your refill request to our team. They'll reply here by ${due} once it's handled.`,
    request: (due: string) => `Thanks! I've passed your request to our front desk and they'll reply here by ${due}.`,
    human: (due: string) =>
      `Of course. I've asked a member of our staff to take over this conversation; they'll reply here, usually by ${due}.`,
    dataDeletion: (due: string) =>
      `I've passed your request to delete your data to our staff; they'll reply here by ${due}. Some records, like your medical record, we must keep by law, and they'll explain what can be deleted.`,
    /** A message added to an item that waits for staff: when they reply, and where to go if it cannot wait. */
    addedToWaiting: (route: EscalationRoute, intent: string, due: string) => {
      if (route === 'emergency') {
        return `I've added this to your conversation; our staff have been alerted. If this is an emergency, call ${emergency} now. Do not wait for a reply here.`;
      }
      const what =
        route === 'clinical'
          ? 'your question for our clinical team'
          : route === 'request'
            ? `your ${intent === 'appointment' ? 'appointment ' : intent === 'medication_refill' ? 'refill ' : ''}request for our front desk`
            : 'your conversation with our staff';
      const urgentLine =
        route === 'clinical' && intent === 'medication_question'
          ? `If you took too much, or feel very unwell after a dose, call ${emergency}.`
          : route === 'clinical'
            ? `If it gets worse or you think it's an emergency, call ${emergency}.`
            : `In an emergency, call ${emergency}.`;
      return `Thanks, I've added this to ${what}. They'll reply here, usually by ${due}. ${urgentLine}`;
    },
    fallback: "Sorry, I didn't understand that. I can help with the topics below, or you can ask for a person.",
    fallbackEscalated: "I'm still not sure I understand, so I've asked a member of our staff to reply here.",
    handedOver: (due: string) =>
      `Sorry, something went wrong on our side, so I've passed your message to our staff; they'll reply here by ${due}. If this is an emergency, call ${emergency}.`,
    flowLeft: "OK, I've stopped that. Is there anything else I can help with?",
    flowHuman: (due: string) => `I'm having trouble with that, so I've asked a member of our staff to help. They'll reply here by ${due}.`,
    didThatHelp: 'Did that help?',
    feedbackYes: 'Great! Is there anything else I can help with?',
    feedbackNo: 'Sorry about that. Would you like a member of our staff to help?',
    optedOut:
      `You're unsubscribed: you won't get automated messages from us here. Reply START to turn them back on. ` +
      `In an emergency, call ${emergency}.`,
    optedIn: 'Welcome back! Automated messages are on again.',
    unsupported: 'I can only read text messages. Please type your question.',
    /** A photo or file: it goes to a person, who replies; the bot never reads or judges it. */
    attachmentReceived: (due: string) =>
      `Thanks, I've passed your photo to our team. They'll look at it and reply here, usually by ${due}. If this is an emergency, call ${emergency}.`,
    /** A photo or file beside a message the bot answers in its own way (a question for a clinician). */
    attachmentPassed: "Thanks, I've passed your photo to our team.",
    emergencyUpdate:
      `Thank you for letting us know. Our staff have already been alerted and can see this conversation. ` +
      `If anything changes or gets worse, call ${emergency} again.`,
    /** An answer the practice has not written in the patient's language: a person replies instead. */
    untranslated: (due: string) =>
      `Of course. I've asked a member of our staff to answer this; they'll reply here, usually by ${due}. In an emergency, call ${emergency}.`,
    /** The patient asked for this language ("English please"). */
    languageSet: 'OK, I will write in English from now on. How can I help?',
    choices: { yes: 'Yes, thanks', no: 'No', person: 'Talk to a person', noThanks: 'No, thanks', appointment: 'Appointment' },
    // Public posts (X mentions) are read by anyone: these fixed texts never repeat, quote or confirm
    // what the person wrote, and each fits one post (280 characters).
    publicInvite:
      'Thanks for reaching out. To keep your information private, please send us a direct message (DM); we will help you there. Please do not post personal details publicly.',
    publicEmergency: `If this is an emergency, call ${emergency} now. If you are in crisis, call or text ${crisis}. You can also send us a direct message.`,
  };
}

/**
 * The emergency reply: 911, 988 when it is a crisis, and that staff know, in the conversation's
 * language; when the message itself was written in another language (`message`), its 911 line
 * (and 988 line) in that language comes first, so whoever is writing now understands it.
 */
export function emergencyTexts(say: Replies, decision: TriageDecision, message?: Replies): string[] {
  const crisisLine = decision.redFlag?.crisisLine === true;
  const lines = (r: Replies) => [r.emergency, ...(crisisLine ? [r.crisis] : [])];
  return [...(message && message !== say ? lines(message) : []), ...lines(say), say.emergencyQueued];
}

export type Replies = ReturnType<typeof replies>;

/** Payload of the "talk to a person" quick reply: handled without the classifier. */
export const HUMAN_PAYLOAD = 'intent:human_request';

/**
 * Carrier-style keywords, honoured on every channel when they are the whole message: English, and
 * the Spanish ones US carriers use (ALTO, BAJA, PARAR to stop; ALTA, INICIO, REANUDAR to start again).
 */
export const STOP_PATTERN =
  /^\s*(stop|stop all|unsubscribe|opt[\s-]?out|alto|baja|parar|detener|darme de baja|cancelar suscripci[oó]n)\s*[.!]*\s*$/i;
export const START_PATTERN = /^\s*(start|unstop|subscribe|opt[\s-]?in|alta|inicio|iniciar|reanudar|suscribir(me)?)\s*[.!]*\s*$/i;

/** Which language a STOP/START keyword is in, for the acknowledgement. */
export function keywordLanguage(text: string): 'en' | 'es' {
  return /^\s*(stop|stop all|unsubscribe|opt[\s-]?out|start|unstop|subscribe|opt[\s-]?in)\s*[.!]*\s*$/i.test(text) ? 'en' : 'es';
}
