import { appointmentAction, continueAppointment, startAppointment } from '../../../src/bot/flows/appointment-flow';
import type { AppointmentState, FlowStep, RefillState } from '../../../src/bot/flows/flow-types';
import { continueRefill, startRefill } from '../../../src/bot/flows/refill-flow';

function answer(step: FlowStep, text: string, payload?: string): FlowStep {
  const state = step.state as AppointmentState;
  return continueAppointment(state, { text, ...(payload ? { payload } : {}) });
}

describe('appointment flow', () => {
  test('when a patient asks to book, then it asks name, days and reason, confirms, and yields a request', () => {
    let step = startAppointment({ text: 'can i book an appt for next week' });
    expect(step.replies.at(-1)?.text).toMatch(/what name/i);
    step = answer(step, 'Alex Example');
    expect(step.replies.at(-1)?.text).toMatch(/date of birth/i);
    step = answer(step, '3/4/1980');
    expect(step.replies.at(-1)?.text).toMatch(/call you back/i);
    step = answer(step, '555-010-0123');
    expect(step.replies.at(-1)?.text).toMatch(/days and times/i);
    step = answer(step, 'tuesday or thursday morning');
    expect(step.replies.at(-1)?.text).toMatch(/what is the visit for/i);
    step = answer(step, 'annual physical');
    expect(step.replies.at(-1)?.text).toContain('• Name: Alex Example');
    expect(step.replies.at(-1)?.text).toContain('• Date of birth: March 4, 1980 (1980-03-04)');
    expect(step.replies.at(-1)?.text).toContain('• Callback: (555) 010-0123');
    expect(step.replies.at(-1)?.text).toContain('tuesday or thursday morning');
    expect(step.replies.at(-1)?.choices?.map((c) => c.payload)).toEqual(['flow:yes', 'flow:restart', 'flow:exit']);
    step = answer(step, 'Yes, send it', 'flow:yes');
    expect(step.state).toBeUndefined();
    expect(step.outcome).toMatchObject({ kind: 'request', intent: 'appointment' });
    expect(step.outcome && 'summary' in step.outcome && step.outcome.summary).toContain('Reason: annual physical');
  });

  test('when the practice has a booking link, then it is offered first (but not for a cancellation)', () => {
    expect(startAppointment({ text: 'need an appointment' }, 'https://book.example.org').replies[0]?.text).toContain(
      'https://book.example.org',
    );
    expect(JSON.stringify(startAppointment({ text: 'cancel my appointment' }, 'https://book.example.org').replies)).not.toContain(
      'book.example.org',
    );
  });

  test('when a patient cancels, then it asks which appointment and not for a reason', () => {
    let step = startAppointment({ text: 'i need to cancel my appointment tomorrow' });
    for (const t of ['Sam Example', '1980-03-04', 'reply here is fine']) step = answer(step, t);
    expect(step.replies.at(-1)?.text).toMatch(/which appointment/i);
    step = answer(step, 'thursday 2pm with dr lee');
    expect((step.state as AppointmentState).step).toBe('confirm');
    expect(step.replies.at(-1)?.text).toContain('Cancel an appointment');
  });

  test('when the task is unclear, then it offers the four choices and accepts a tapped one', () => {
    let step = startAppointment({ text: 'appointment' });
    expect(step.replies.at(-1)?.choices).toHaveLength(4);
    step = answer(step, 'Reschedule', 'appt:reschedule');
    expect((step.state as AppointmentState).action).toBe('reschedule');
  });

  test('when two answers in a row cannot be used, then the patient is handed to a person', () => {
    let step = startAppointment({ text: 'appointment' });
    step = answer(step, 'hmm');
    expect(step.replies[0]?.text).toMatch(/didn't get that/);
    step = answer(step, 'hmm');
    expect(step.outcome).toEqual({ kind: 'human', intent: 'appointment' });
  });

  test('when the patient says no at the confirmation, then the flow starts again', () => {
    let step = startAppointment({ text: 'can i book an appt' });
    for (const t of ['Alex', 'March 4 1980', 'here', 'mondays', 'check-up']) step = answer(step, t);
    step = answer(step, 'no');
    expect((step.state as AppointmentState).step).toBe('action');
  });

  test.each([
    ['i need to reschedule my appt', 'reschedule'],
    ['can i move my appointment to friday', 'reschedule'],
    ['cancel my appointment pls', 'cancel'],
    ["i can't make it tomorrow", 'cancel'],
    ['do you have any openings this week', 'availability'],
    ['i want to book a checkup', 'book'],
    ['hello', undefined],
  ])('when the message is "%s", then the task is %s', (text, action) => {
    expect(appointmentAction(text)).toBe(action);
  });
});

describe('refill flow', () => {
  test('when the medication was named already, then only the pharmacy is asked', () => {
    let step = startRefill(['lisinopril']);
    expect(step.replies.at(-1)?.text).toMatch(/pharmacy/i);
    for (const text of ['cvs on main st', 'Alex Example', '3/4/1980', '555 010 0123'])
      step = continueRefill(step.state as RefillState, { text });
    expect(step.replies.at(-1)?.text).toContain('• Medication: lisinopril');
    expect(step.replies.at(-1)?.text).toContain('• Date of birth: March 4, 1980 (1980-03-04)');
    step = continueRefill(step.state as RefillState, { text: 'yes' });
    expect(step.outcome).toMatchObject({ kind: 'request', intent: 'medication_refill' });
  });

  test('when nothing was named, then it asks for the medication first', () => {
    const step = startRefill([]);
    expect(step.replies.at(-1)?.text).toMatch(/which medication/i);
  });
});

describe('flows in Spanish', () => {
  it.each([
    ['quiero sacar una cita', 'book'],
    ['necesito hacer una cita con la doctora', 'book'],
    ['necesito cambiar mi cita del martes', 'reschedule'],
    ['quiero reprogramar la cita', 'reschedule'],
    ['no voy a poder ir a mi cita, la quiero cancelar', 'cancel'],
    ['¿tienen citas disponibles esta semana?', 'availability'],
  ])('when "%s" is read, then the task is %s', (text, action) => {
    expect(appointmentAction(text)).toBe(action);
  });

  test('when a Spanish patient books, then every question and the check are in Spanish, and staff get the summary in English', () => {
    let step = startAppointment({ text: 'cita', language: 'es' });
    expect(step.replies.at(-1)?.choices?.map((c) => c.title)).toEqual([
      'Hacer una cita',
      'Cambiar la cita',
      'Cancelar la cita',
      'Ver disponibilidad',
    ]);
    const next = (text: string, payload?: string) =>
      continueAppointment(step.state as AppointmentState, { text, language: 'es', ...(payload ? { payload } : {}) });
    step = next('Hacer una cita', 'appt:book');
    expect(step.replies.at(-1)?.text).toBe('¿A nombre de quién es la cita?');
    step = next('x');
    expect(step.replies.map((r) => r.text)).toEqual(['Perdón, no le entendí.', '¿A nombre de quién es la cita?']);
    step = next('Ana Pérez');
    expect(step.replies.at(-1)?.text).toMatch(/fecha de nacimiento/);
    step = next('4 de marzo de 2990');
    expect(step.replies[0]?.text).toMatch(/^Esa fecha es en el futuro/);
    step = next('4 de marzo de 1980');
    step = next('aquí está bien');
    step = next('lunes temprano');
    step = next('chequeo');
    expect(step.replies.at(-1)?.text).toBe(
      'Por favor, revise:\n• Hacer una cita\n• Nombre: Ana Pérez\n• Fecha de nacimiento: 4 de marzo de 1980 (1980-03-04)\n• Contacto: Responder en este chat\n• Días y horas preferidos: lunes temprano\n• Motivo: chequeo\n¿Lo envío a nuestra recepción?',
    );
    step = next('sí, mándelo');
    expect(step.outcome).toEqual({
      kind: 'request',
      intent: 'appointment',
      summary:
        '• Book an appointment\n• Name: Ana Pérez\n• Date of birth: March 4, 1980 (1980-03-04)\n• Callback: Reply in this chat\n• Preferred days/times: lunes temprano\n• Reason: chequeo',
    });
  });

  test('when a Spanish refill is started from "resurtir mi metformina", then the medicine is kept and the pharmacy asked in Spanish', () => {
    const step = startRefill(['metformina'], 'es');
    expect(step.replies[0]?.text).toBe('¿A qué farmacia se la enviamos? Basta con el nombre y la calle o el pueblo.');
    expect(continueRefill(step.state as RefillState, { text: 'CVS de Main', language: 'es' }).replies.at(-1)?.text).toBe(
      '¿Cuál es el nombre completo del paciente, como aparece en su expediente?',
    );
  });
});
