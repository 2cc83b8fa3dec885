import type { PracticeProfile } from '../practice/practice-profile';
import type { EscalationRoute, Language } from '../triage/types';
import { replies, type Replies } from './replies';

/** A time ends the sentence: "a las 3:00 p. m." takes no second full stop. */
function stop(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}

/**
 * What the bot says to Spanish-speaking patients: the same replies as replies.ts, in the
 * formal "usted" a practice uses. Nothing here gives medical advice.
 */
export function spanishReplies(profile: PracticeProfile): Replies {
  const { emergency, crisis } = profile.emergencyNumbers;
  return {
    disclosure:
      `¡Hola! Soy el asistente automático de ${profile.name}, no una persona. Puedo responder preguntas sobre el horario, la dirección, los seguros, la facturación y los expedientes, y pasar a nuestro equipo sus solicitudes de citas y de resurtido de recetas. ` +
      `No puedo dar consejos médicos y nadie vigila este chat por emergencias: si tiene una, llame al ${emergency}. ` +
      `Comparta solo los datos de salud que necesitamos.${profile.privacyUrl ? ` Cómo tratamos su información: ${profile.privacyUrl}` : ''}\n` +
      `For English, write ENGLISH.`,
    emergency: `Esto puede ser una emergencia. Llame al ${emergency} ahora o vaya a la sala de emergencias más cercana. No espere una respuesta aquí.`,
    crisis:
      `Si está pensando en hacerse daño o en quitarse la vida, llame al ${crisis} y oprima 2 para hablar en español, ` +
      `o envíe un mensaje de texto con la palabra AYUDA al ${crisis}. Es gratis, confidencial y atiende las 24 horas. ` +
      `Si está en peligro inmediato, llame al ${emergency}.`,
    emergencyQueued: 'También he avisado a nuestro personal sobre esta conversación.',
    clinical: (due: string) =>
      `No puedo responder preguntas médicas aquí, pero ya pasé su mensaje a nuestro equipo clínico. Una enfermera o un médico le responderá en este chat, por lo general ${stop(due)} ` +
      `Si empeora o cree que es una emergencia, llame al ${emergency}.`,
    clinicalMedication: (due: string) =>
      `No puedo dar consejos sobre medicamentos aquí, pero ya pasé su pregunta a nuestro equipo clínico. Una enfermera o un médico le responderá en este chat, por lo general ${stop(due)} ` +
      `Si tomó de más o se siente muy mal después de una dosis, llame al ${emergency}.`,
    heardWhileOptedOut: (due: string) =>
      `Los mensajes automáticos están desactivados, así que pasé su mensaje a nuestro personal; una persona le responderá aquí, por lo general ${stop(due)} ` +
      `Responda ALTA para volver a activar el asistente. En una emergencia, llame al ${emergency}.`,
    severalNeeds: 'Nos preguntó varias cosas; esto es lo que pasa con cada una:',
    requestQueued: (due: string) =>
      `¡Gracias! Envié esto a nuestra recepción. Le responderán aquí ${stop(due)} No hay nada agendado hasta que se lo confirmen.`,
    refillQueued: (due: string) =>
      `¡Gracias! Envié su solicitud de resurtido a nuestro equipo. Le responderán aquí ${due}, cuando esté lista.`,
    request: (due: string) => `¡Gracias! Pasé su solicitud a nuestra recepción y le responderán aquí ${stop(due)}`,
    human: (due: string) =>
      `Con gusto. Le pedí a una persona de nuestro equipo que continúe esta conversación; le responderá aquí, por lo general ${stop(due)}`,
    dataDeletion: (due: string) =>
      `Pasé a nuestro personal su solicitud de borrar sus datos; le responderán aquí ${stop(due)} Algunos registros, como su expediente médico, debemos guardarlos por ley, y le explicarán qué se puede borrar.`,
    addedToWaiting: (route: EscalationRoute, intent: string, due: string) => {
      if (route === 'emergency') {
        return `Agregué esto a su conversación; nuestro personal ya está avisado. Si es una emergencia, llame al ${emergency} ahora. No espere una respuesta aquí.`;
      }
      const what =
        route === 'clinical'
          ? 'su pregunta para nuestro equipo clínico'
          : route === 'request'
            ? `su solicitud ${intent === 'appointment' ? 'de cita ' : intent === 'medication_refill' ? 'de resurtido ' : ''}para nuestra recepción`
            : 'su conversación con nuestro personal';
      const urgentLine =
        route === 'clinical' && intent === 'medication_question'
          ? `Si tomó de más o se siente muy mal después de una dosis, llame al ${emergency}.`
          : route === 'clinical'
            ? `Si empeora o cree que es una emergencia, llame al ${emergency}.`
            : `En una emergencia, llame al ${emergency}.`;
      return `Gracias, agregué esto a ${what}. Le responderán aquí, por lo general ${stop(due)} ${urgentLine}`;
    },
    fallback: 'Perdón, no le entendí. Puedo ayudarle con los temas de abajo, o puede pedir hablar con una persona.',
    fallbackEscalated: 'Todavía no estoy seguro de entenderle, así que le pedí a una persona de nuestro equipo que le responda aquí.',
    handedOver: (due: string) =>
      `Perdón, algo falló de nuestro lado, así que pasé su mensaje a nuestro personal; le responderán aquí ${stop(due)} Si es una emergencia, llame al ${emergency}.`,
    flowLeft: 'Muy bien, lo dejé. ¿Le puedo ayudar con algo más?',
    flowHuman: (due: string) =>
      `Tengo problemas con eso, así que le pedí ayuda a una persona de nuestro equipo. Le responderán aquí ${stop(due)}`,
    didThatHelp: '¿Le sirvió?',
    feedbackYes: '¡Qué bien! ¿Le puedo ayudar con algo más?',
    feedbackNo: 'Lo siento. ¿Quiere que le ayude una persona de nuestro equipo?',
    optedOut:
      `Su suscripción está cancelada: ya no recibirá mensajes automáticos nuestros aquí. Responda ALTA para volver a recibirlos. ` +
      `En una emergencia, llame al ${emergency}.`,
    optedIn: '¡Bienvenido de nuevo! Los mensajes automáticos están activos otra vez.',
    unsupported: 'Solo puedo leer mensajes de texto. Por favor, escriba su pregunta.',
    attachmentReceived: (due: string) =>
      `Gracias, pasé su foto a nuestro equipo. La revisarán y le responderán aquí, por lo general ${stop(due)} Si es una emergencia, llame al ${emergency}.`,
    attachmentPassed: 'Gracias, pasé su foto a nuestro equipo.',
    emergencyUpdate:
      `Gracias por avisarnos. Nuestro personal ya está avisado y puede ver esta conversación. ` +
      `Si algo cambia o empeora, vuelva a llamar al ${emergency}.`,
    untranslated: (due: string) =>
      `Gracias por su mensaje. Una persona de nuestro equipo le responderá aquí, por lo general ${stop(due)} Si es una emergencia, llame al ${emergency}.\n` +
      `Thanks for your message: a member of our staff will reply here, usually by ${stop(due)}`,
    languageSet: 'Muy bien, desde ahora le escribo en español. ¿En qué le puedo ayudar?',
    choices: { yes: 'Sí, gracias', no: 'No', person: 'Hablar con alguien', noThanks: 'No, gracias', appointment: 'Cita' },
    // Public posts are answered in both languages: anyone may read them.
    publicInvite:
      'Gracias por escribirnos. Para proteger su información, envíenos un mensaje directo (DM). / Thanks for reaching out: please send us a direct message (DM).',
    publicEmergency: `Si es una emergencia, llame al ${emergency} ahora. En crisis, llame o envíe un texto al ${crisis}. / If this is an emergency, call ${emergency} now.`,
  };
}

/** The bot's replies in each language it speaks. */
export function repliesByLanguage(profile: PracticeProfile): Readonly<Record<Language, Replies>> {
  return { en: replies(profile), es: spanishReplies(profile) };
}
