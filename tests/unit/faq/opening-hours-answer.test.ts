import { askedDay, openingHoursAnswer, weeklySchedule } from '../../../src/faq/opening-hours-answer';
import { formatWhen } from '../../../src/faq/time-phrases';
import { parsePracticeProfile, type PracticeProfile } from '../../../src/practice/practice-profile';

function setup(): PracticeProfile {
  return parsePracticeProfile({
    kind: 'practice-profile',
    name: 'Test Practice',
    address: '1 Test Street',
    phone: '555-0100',
    timeZone: 'America/New_York',
    emergencyNumbers: { emergency: '911', crisis: '988' },
    hours: {
      monday: ['08:00-17:30'],
      tuesday: ['08:00-17:30'],
      wednesday: ['08:00-12:00', '13:00-17:30'],
      thursday: ['08:00-17:30'],
      friday: ['08:00-17:30'],
      saturday: ['09:00-12:00'],
      sunday: [],
    },
    closures: [
      { date: '2026-11-26', name: 'Thanksgiving Day' },
      { date: '2026-12-24', name: 'Christmas Eve', hours: ['08:00-12:00'] },
    ],
    sla: { emergency: { minutes: 15, clock: 'calendar' }, clinical: { hours: 4 }, request: { days: 1 }, human: { hours: 4 } },
  });
}

// Wednesday 25 November 2026, in New York (UTC-5)
const WED_NOON = Date.UTC(2026, 10, 25, 17, 0);
const WED_LUNCH = Date.UTC(2026, 10, 25, 17, 30);
const THANKSGIVING_10AM = Date.UTC(2026, 10, 26, 15, 0);
const SAT_2PM = Date.UTC(2026, 10, 28, 19, 0);

describe('opening hours answers', () => {
  test('when asked "open now", then it says until when or when it opens again', () => {
    expect(openingHoursAnswer('are you open now', setup(), WED_NOON)).toMatch(/^We're closed right now\. We open again today at 1:00 PM\./);
    expect(openingHoursAnswer('r u open rn', setup(), WED_NOON - 60 * 60_000)).toMatch(/^We're open now until 12:00 PM\./);
  });

  test('when asked during the lunch break, then it gives the reopening time today', () => {
    expect(openingHoursAnswer('open now?', setup(), WED_LUNCH)).toContain('We open again today at 1:00 PM');
  });

  test('when asked on a holiday, then it names the holiday and the next opening', () => {
    expect(openingHoursAnswer('are you open now', setup(), THANKSGIVING_10AM)).toMatch(
      /^We're closed right now \(Thanksgiving Day\)\. We open again tomorrow at 8:00 AM\./,
    );
  });

  test('when asked on Saturday afternoon, then the next opening is Monday morning', () => {
    expect(openingHoursAnswer('are you open', setup(), SAT_2PM)).toContain('We open again Monday at 8:00 AM');
  });

  test('when asked about Saturday, then it gives Saturday hours', () => {
    expect(openingHoursAnswer('are you open on saturday', setup(), WED_NOON)).toMatch(
      /^On Saturday, November 28 we're open 9:00 AM–12:00 PM\./,
    );
  });

  test('when asked about "the 24th", then reduced holiday hours are given', () => {
    expect(openingHoursAnswer('are you open on the 24th', setup(), WED_NOON)).toMatch(
      /^On Thursday, December 24 \(Christmas Eve\) we're open 8:00 AM–12:00 PM\./,
    );
  });

  test('when asked about tomorrow on the day before a holiday, then it says closed', () => {
    expect(openingHoursAnswer('open tmrw?', setup(), WED_NOON)).toMatch(/^On Thursday, November 26 \(Thanksgiving Day\) we're closed\./);
  });

  test('when asked about a holiday by name, then its date is found', () => {
    expect(askedDay('are you open on thanksgiving', setup(), WED_NOON)).toBe('2026-11-26');
  });

  test('when the weekly schedule is printed, then equal days are grouped and closed days named', () => {
    expect(weeklySchedule(setup())).toBe(
      'Monday–Tuesday 8:00 AM–5:30 PM, Wednesday 8:00 AM–12:00 PM and 1:00 PM–5:30 PM, Thursday–Friday 8:00 AM–5:30 PM, Saturday 9:00 AM–12:00 PM; closed Sunday.',
    );
  });

  test('when a due time is phrased, then it is relative to today in the practice zone', () => {
    expect(formatWhen(WED_NOON + 3 * 3600_000, WED_NOON, 'America/New_York')).toBe('today at 3:00 PM');
    expect(formatWhen(WED_NOON + 24 * 3600_000, WED_NOON, 'America/New_York')).toBe('tomorrow at 12:00 PM');
    expect(formatWhen(WED_NOON + 5 * 24 * 3600_000, WED_NOON, 'America/New_York')).toBe('Monday at 12:00 PM');
  });
});

describe('opening hours answers about today', () => {
  test('when asked "what time do you close today" while open, then it says until when', () => {
    expect(openingHoursAnswer('what time do you close today?', setup(), Date.UTC(2026, 10, 25, 15, 0))).toMatch(
      /^We're open now until 12:00 PM\./,
    );
  });
});

describe('opening hours answers in Spanish', () => {
  test('when asked about Saturday, then the day, the date and the hours are said the Spanish way', () => {
    expect(openingHoursAnswer('¿abren el sábado?', setup(), WED_NOON, 'es')).toMatch(
      /^El sábado 28 de noviembre abrimos de 9:00 a\. m\. a 12:00 p\. m\. Nuestro horario habitual: /,
    );
  });

  test('when asked about "mañana", then it is tomorrow; "en la mañana" is the morning, not tomorrow', () => {
    expect(openingHoursAnswer('¿a qué hora abren mañana?', setup(), WED_NOON, 'es')).toMatch(
      /^El jueves 26 de noviembre \(Thanksgiving Day\) estamos cerrados\./,
    );
    expect(askedDay('¿abren en la mañana?', setup(), WED_NOON, 'es')).toBeUndefined();
  });

  test('when asked now, then it says until when or when it opens again, with one full stop after "p. m."', () => {
    expect(openingHoursAnswer('¿están abiertos ahorita?', setup(), WED_NOON, 'es')).toMatch(
      /^Ahora estamos cerrados\. Volvemos a abrir hoy a la 1:00 p\. m\. Nuestro/,
    );
    expect(openingHoursAnswer('¿están abiertos ahora?', setup(), WED_NOON - 60 * 60_000, 'es')).toMatch(
      /^Ahora estamos abiertos hasta las 12:00 p\. m\. Nuestro/,
    );
  });

  test('when a date or a holiday is named in Spanish, then it is found ("24 de diciembre", "acción de gracias", "navidad")', () => {
    expect(askedDay('¿abren el 24 de diciembre?', setup(), WED_NOON, 'es')).toBe('2026-12-24');
    expect(askedDay('¿van a abrir el día de acción de gracias?', setup(), WED_NOON, 'es')).toBe('2026-11-26');
    expect(askedDay('¿abren en nochebuena?', setup(), WED_NOON, 'es')).toBe('2026-12-24');
    expect(askedDay('¿abren el 5/12?', setup(), WED_NOON, 'es')).toBe('2026-12-05');
    expect(askedDay('open 5/12?', setup(), WED_NOON)).toBe('2027-05-12');
  });

  test('when the weekly schedule is printed in Spanish, then days are grouped "de lunes a martes" and closed days named', () => {
    expect(weeklySchedule(setup(), 'es')).toBe(
      'de lunes a martes de 8:00 a. m. a 5:30 p. m., miércoles de 8:00 a. m. a 12:00 p. m. y de 1:00 p. m. a 5:30 p. m., de jueves a viernes de 8:00 a. m. a 5:30 p. m., sábado de 9:00 a. m. a 12:00 p. m.; cerrado el domingo.',
    );
  });

  test('when a due time is phrased in Spanish, then it reads "hoy a las", "mañana a las", "el lunes a las"', () => {
    expect(formatWhen(WED_NOON + 3 * 3600_000, WED_NOON, 'America/New_York', 'es')).toBe('hoy a las 3:00 p. m.');
    expect(formatWhen(WED_NOON - 11 * 3600_000 + 24 * 3600_000, WED_NOON, 'America/New_York', 'es')).toBe('mañana a la 1:00 a. m.');
    expect(formatWhen(WED_NOON + 5 * 24 * 3600_000, WED_NOON, 'America/New_York', 'es')).toBe('el lunes a las 12:00 p. m.');
    expect(formatWhen(WED_NOON + 9 * 24 * 3600_000, WED_NOON, 'America/New_York', 'es')).toBe(
      'el viernes 4 de diciembre a las 12:00 p. m.',
    );
  });
});
