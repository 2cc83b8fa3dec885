import type { Language } from '../../triage/types';
import type { AppointmentAction, FlowChoice } from './flow-types';

/** What the guided flows say to the patient, per language. Staff's summaries stay in English. */
export interface FlowTexts {
  actionChoices: FlowChoice[];
  confirmChoices: FlowChoice[];
  label: Record<AppointmentAction, string>;
  askAction: string;
  askName: string;
  askCurrent: string;
  askWhen: string;
  askAvailability: string;
  askReason: string;
  /** The check before sending: the summary, then the question. */
  confirm(summary: string, to: 'front desk' | 'team'): string;
  summaryLines: {
    name: string;
    current: string;
    when: string;
    reason: string;
    refill: string;
    medication: string;
    pharmacy: string;
    dob: string;
    callback: string;
  };
  /** Who the request is for: the chart's name, date of birth, how to reach them. */
  askPatientName: string;
  askDob: string;
  askCallback: string;
  /** The quick reply and the summary's words for "answer me in this chat". */
  replyHere: string;
  replyHereLine: string;
  dobRetry: string;
  dobFuture: string;
  dobTooOld: string;
  callbackRetry: string;
  bookOnline(url: string): string;
  askMedication: string;
  askPharmacy: string;
  startAgain: string;
  missed: string;
}

export const FLOW_TEXTS: Readonly<Record<Language, FlowTexts>> = {
  en: {
    actionChoices: [
      { title: 'Book', payload: 'appt:book' },
      { title: 'Reschedule', payload: 'appt:reschedule' },
      { title: 'Cancel appointment', payload: 'appt:cancel' },
      { title: 'Check availability', payload: 'appt:availability' },
    ],
    confirmChoices: [
      { title: 'Yes, send it', payload: 'flow:yes' },
      { title: 'Start over', payload: 'flow:restart' },
      { title: 'Cancel', payload: 'flow:exit' },
    ],
    label: {
      book: 'Book an appointment',
      reschedule: 'Reschedule an appointment',
      cancel: 'Cancel an appointment',
      availability: 'Ask about availability',
    },
    askAction: 'Would you like to book, reschedule or cancel an appointment, or ask about availability?',
    askName: 'What name is the appointment under?',
    askCurrent: 'Which appointment is it? Tell me the day and time, and the doctor if you know.',
    askWhen: 'Which days and times suit you best? For example "weekday mornings" or "Tuesday after 3pm".',
    askAvailability: 'Which days and times would suit you? For example "weekday mornings" or "Tuesday after 3pm".',
    askReason: 'In a few words, what is the visit for? For example "annual check-up" or "follow-up". No medical details needed here.',
    confirm: (summary, to) => `Please check:\n${summary}\nShall I send this to our ${to}?`,
    summaryLines: {
      name: 'Name',
      current: 'Current appointment',
      when: 'Preferred days/times',
      reason: 'Reason',
      refill: 'Refill request',
      medication: 'Medication',
      pharmacy: 'Pharmacy',
      dob: 'Date of birth',
      callback: 'Callback',
    },
    askPatientName: "What is the patient's full name, as on their chart?",
    askDob: 'And their date of birth? For example 3/4/1980 or March 4, 1980.',
    askCallback: 'What number can we call you back on? Or tap "Reply here is fine" and we will answer in this chat.',
    replyHere: 'Reply here is fine',
    replyHereLine: 'Reply in this chat',
    dobRetry: "Sorry, I couldn't read that date. Please write it like 3/4/1980 or March 4, 1980.",
    dobFuture: 'That date is in the future. Please check the date of birth, for example 3/4/1980.',
    dobTooOld: 'That date seems too long ago. Please check the year, for example 3/4/1980.',
    callbackRetry: 'Sorry, I need a 10-digit phone number like 555-123-4567, or tap "Reply here is fine".',
    bookOnline: (url) => `You can book online any time at ${url}. Or I can pass your request to our front desk:`,
    askMedication: 'Which medication(s) do you need refilled? Include the strength if you know it.',
    askPharmacy: 'Which pharmacy should we send it to? The name and street or town is enough.',
    startAgain: "OK, let's start again.",
    missed: "Sorry, I didn't get that.",
  },
  es: {
    actionChoices: [
      { title: 'Hacer una cita', payload: 'appt:book' },
      { title: 'Cambiar la cita', payload: 'appt:reschedule' },
      { title: 'Cancelar la cita', payload: 'appt:cancel' },
      { title: 'Ver disponibilidad', payload: 'appt:availability' },
    ],
    confirmChoices: [
      { title: 'Sí, enviar', payload: 'flow:yes' },
      { title: 'Empezar de nuevo', payload: 'flow:restart' },
      { title: 'Cancelar', payload: 'flow:exit' },
    ],
    label: {
      book: 'Hacer una cita',
      reschedule: 'Cambiar una cita',
      cancel: 'Cancelar una cita',
      availability: 'Preguntar por disponibilidad',
    },
    askAction: '¿Quiere hacer, cambiar o cancelar una cita, o preguntar por la disponibilidad?',
    askName: '¿A nombre de quién es la cita?',
    askCurrent: '¿Cuál es la cita? Dígame el día y la hora, y el médico si lo sabe.',
    askWhen: '¿Qué días y horas le quedan mejor? Por ejemplo "entre semana por la mañana" o "martes después de las 3".',
    askAvailability: '¿Qué días y horas le convendrían? Por ejemplo "entre semana por la mañana" o "martes después de las 3".',
    askReason:
      'En pocas palabras, ¿para qué es la consulta? Por ejemplo "chequeo anual" o "seguimiento". No hace falta dar detalles médicos aquí.',
    confirm: (summary, to) =>
      `Por favor, revise:\n${summary}\n¿Lo envío a ${to === 'front desk' ? 'nuestra recepción' : 'nuestro equipo'}?`,
    summaryLines: {
      name: 'Nombre',
      current: 'Cita actual',
      when: 'Días y horas preferidos',
      reason: 'Motivo',
      refill: 'Resurtido de receta',
      medication: 'Medicamento',
      pharmacy: 'Farmacia',
      dob: 'Fecha de nacimiento',
      callback: 'Contacto',
    },
    askPatientName: '¿Cuál es el nombre completo del paciente, como aparece en su expediente?',
    askDob: '¿Y su fecha de nacimiento? Por ejemplo 4/3/1980 o 4 de marzo de 1980.',
    askCallback: '¿A qué número le podemos llamar? O toque "Aquí está bien" y le responderemos en este chat.',
    replyHere: 'Aquí está bien',
    replyHereLine: 'Responder en este chat',
    dobRetry: 'Perdón, no pude leer esa fecha. Escríbala así: 4/3/1980 o 4 de marzo de 1980.',
    dobFuture: 'Esa fecha es en el futuro. Por favor revise la fecha de nacimiento, por ejemplo 4/3/1980.',
    dobTooOld: 'Esa fecha parece demasiado antigua. Por favor revise el año, por ejemplo 4/3/1980.',
    callbackRetry: 'Perdón, necesito un número de 10 dígitos como 555-123-4567, o toque "Aquí está bien".',
    bookOnline: (url) => `Puede hacer su cita en línea cuando quiera en ${url}. O puedo pasar su solicitud a nuestra recepción:`,
    askMedication: '¿Qué medicamento(s) necesita resurtir? Incluya los miligramos si los sabe.',
    askPharmacy: '¿A qué farmacia se la enviamos? Basta con el nombre y la calle o el pueblo.',
    startAgain: 'Muy bien, empecemos de nuevo.',
    missed: 'Perdón, no le entendí.',
  },
};

/** The texts of the patient's language (English when none is known). */
export function flowTexts(language: Language | undefined): FlowTexts {
  return FLOW_TEXTS[language ?? 'en'];
}
